/**
 * Opening a pathway from any door (issue 5 §2, SPIE-1): for a person found by the search, or for a new
 * person — after looking for the same person under the typed name, birth date and identifiers. When
 * records come close, the professional either opens the right one or states that none of them is the
 * person; an identifier already on another record is refused outright (one record per person).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { openPathway } from '../../../../domains/pathway/adapters/pathways.js';
import { checkNewPerson, dayFromInput, uniqueViolation, type NewPerson } from '../../../../domains/pathway/adapters/people.js';
import { findSamePerson, type ShownCandidate } from '../../../../domains/pathway/use-cases/find-candidates.js';
import { asList, asText, CheckboxGroup } from '../../components/checkboxes.js';
import { ErrorSummary, TextField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { CandidateTable, SpaceBreadcrumb, SpaceMenu, countLabel, idParam, loadSpace, spaceObject, type LoadedSpace } from './space-common.js';

type Field = keyof NewPerson | 'confirmNone';
type Values = NewPerson & { confirmNone: boolean; seen: string };
type Errors = Partial<Record<Field, string>>;

const FIELDS: Record<Field, { id: string; label: string }> = {
  givenName: { id: 'personne-prenom', label: 'Prénom' },
  familyName: { id: 'personne-nom', label: 'Nom' },
  birthDate: { id: 'personne-naissance', label: 'Date de naissance' },
  cafNumber: { id: 'personne-caf', label: 'N° allocataire CAF/MSA' },
  franceTravailId: { id: 'personne-ft', label: 'Identifiant France Travail' },
  email: { id: 'personne-courriel', label: 'Adresse électronique' },
  phone: { id: 'personne-telephone', label: 'Téléphone' },
  rsaRightsOpenedOn: { id: 'personne-rsa', label: 'Date d’ouverture des droits RSA' },
  confirmNone: { id: 'personne-aucune', label: 'Fiches proches' },
};

const EMPTY: Values = { givenName: '', familyName: '', birthDate: '', cafNumber: '', franceTravailId: '', email: '', phone: '', rsaRightsOpenedOn: '', confirmNone: false, seen: '' };

function valuesOf(body: Record<string, unknown>): Values {
  return {
    givenName: asText(body.givenName),
    familyName: asText(body.familyName),
    birthDate: asText(body.birthDate),
    cafNumber: asText(body.cafNumber),
    franceTravailId: asText(body.franceTravailId),
    email: asText(body.email),
    phone: asText(body.phone),
    rsaRightsOpenedOn: asText(body.rsaRightsOpenedOn),
    confirmNone: asList(body.confirmNone).includes('oui'),
    seen: asText(body.seen),
  };
}

interface FormState {
  values: Values;
  errors: Errors;
  candidates: ShownCandidate[];
}

async function renderForm(request: FastifyRequest, reply: FastifyReply, space: LoadedSpace, state: FormState, status = 200) {
  const ctx = pageContext(request);
  const { values, errors, candidates } = state;
  const hasErrors = Object.values(errors).some(Boolean);
  const title: string = hasErrors ? 'Erreur – Créer une personne' : candidates.length ? 'Fiches proches – Créer une personne' : 'Créer une personne et ouvrir son parcours';
  const caption: string = countLabel(candidates.length, 'fiche proche de la personne saisie', 'fiches proches de la personne saisie');
  const field = (name: keyof NewPerson, extra: { hint?: string; type?: 'date' | 'email' | 'tel'; inputmode?: 'numeric' } = {}) => (
    <TextField {...FIELDS[name]} name={name} value={values[name]} error={errors[name]} autocomplete="off" {...extra} />
  );
  return sendPage(
    reply,
    <Layout ctx={ctx} title={title}>
      <SpaceBreadcrumb space={space} here="Créer une personne" />
      <h1>Créer une personne et ouvrir son parcours</h1>
      <SpaceMenu space={space} current="create" />
      <ErrorSummary errors={errors} labels={FIELDS} />
      {candidates.length ? (
        <section aria-labelledby="proches-titre" class="fr-mb-6w">
          <div class="fr-alert fr-alert--warning fr-mb-3w">
            <h2 id="proches-titre" class="fr-alert__title">
              Cette personne est peut-être déjà connue du SPIE
            </h2>
            <p>Vérifiez les fiches ci-dessous. Si l’une d’elles est la bonne personne, ouvrez ou consultez son parcours plutôt que de créer une nouvelle fiche.</p>
          </div>
          <CandidateTable ctx={ctx} spaceId={space.id} candidates={candidates} mayOpen={space.may.open} caption={caption} />
        </section>
      ) : (
        ''
      )}
      <p>Les champs sans mention « facultatif » sont obligatoires.</p>
      <form method="post" action={`/spie/${space.id}/personnes`} novalidate class="fr-col-12 fr-col-md-8">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="seen" value={candidates.map((c) => c.id).join(',')} />
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Identité</legend>
          <div class="fr-fieldset__element">{field('givenName')}</div>
          <div class="fr-fieldset__element">{field('familyName')}</div>
          <div class="fr-fieldset__element">{field('birthDate', { type: 'date', hint: 'Format jj/mm/aaaa' })}</div>
        </fieldset>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Identifiants et coordonnées</legend>
          <div class="fr-fieldset__element">{field('cafNumber', { hint: 'Facultatif. 7 à 13 chiffres', inputmode: 'numeric' })}</div>
          <div class="fr-fieldset__element">{field('franceTravailId', { hint: 'Facultatif. 7 à 11 lettres et chiffres' })}</div>
          <div class="fr-fieldset__element">{field('email', { type: 'email', hint: 'Facultatif. Pour les invitations aux rendez-vous et l’accès de la personne à son parcours' })}</div>
          <div class="fr-fieldset__element">{field('phone', { type: 'tel', hint: 'Facultatif. Pour les rappels par SMS, par exemple 06 12 34 56 78' })}</div>
          <div class="fr-fieldset__element">
            {field('rsaRightsOpenedOn', { type: 'date', hint: 'Facultatif. Pour un allocataire du RSA : il figure dans la liste « à orienter » jusqu’à son orientation' })}
          </div>
        </fieldset>
        {candidates.length ? (
          <CheckboxGroup
            id={FIELDS.confirmNone.id}
            name="confirmNone"
            legend="Vérification des fiches proches"
            options={[{ value: 'oui', label: 'Aucune de ces fiches n’est la bonne personne' }]}
            checked={values.confirmNone ? ['oui'] : []}
            error={errors.confirmNone}
          />
        ) : (
          ''
        )}
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button class="fr-btn" type="submit">
              Créer la personne et ouvrir son parcours
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={`/spie/${space.id}`}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </Layout>,
    status,
  );
}

export async function registerSpacePeopleRoutes(app: FastifyInstance): Promise<void> {
  const config = { authz: { action: 'pathway.open' as const, object: spaceObject } };

  app.get('/spie/:spaceId/personnes/nouvelle', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    return renderForm(request, reply, space, { values: EMPTY, errors: {}, candidates: [] });
  });

  app.post('/spie/:spaceId/personnes', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const actor = request.actor!;
    const values = valuesOf((request.body ?? {}) as Record<string, unknown>);
    const check = checkNewPerson({ ...values, birthDate: dayFromInput(values.birthDate), rsaRightsOpenedOn: dayFromInput(values.rsaRightsOpenedOn) });
    if (!check.ok) return renderForm(request, reply, space, { values, errors: check.errors, candidates: [] }, 422);
    const person = check.values;
    const { candidates, owners } = await findSamePerson(app.deps.db, { spaceId: space.id, person, actor, now: app.deps.clock() });
    const errors: Errors = {};
    const { cafNumber: cafOwner, franceTravailId: ftOwner } = owners;
    if (cafOwner) errors.cafNumber = `Ce numéro est déjà celui de la fiche de ${cafOwner.givenName} ${cafOwner.familyName} (ci-dessus) : ouvrez son parcours plutôt que de créer une nouvelle fiche.`;
    if (ftOwner) errors.franceTravailId = `Cet identifiant est déjà celui de la fiche de ${ftOwner.givenName} ${ftOwner.familyName} (ci-dessus) : ouvrez son parcours plutôt que de créer une nouvelle fiche.`;
    if (!cafOwner && !ftOwner && candidates.length) {
      const seen = new Set(values.seen.split(',').filter(Boolean).map(Number));
      const allSeen = candidates.every((c) => seen.has(c.id));
      if (!allSeen && values.confirmNone) errors.confirmNone = 'D’autres fiches proches sont apparues : vérifiez-les, puis cochez à nouveau la case si aucune n’est la bonne personne.';
      else if (!values.confirmNone && seen.size > 0) errors.confirmNone = 'Cochez cette case si aucune de ces fiches n’est la bonne personne ; sinon, ouvrez le parcours de la bonne fiche.';
      if (!allSeen || !values.confirmNone) return renderForm(request, reply, space, { values: { ...values, confirmNone: false }, errors, candidates }, 422);
    }
    if (Object.keys(errors).length) return renderForm(request, reply, space, { values, errors, candidates }, 422);
    let result;
    try {
      result = await openPathway(app.deps.db, { spaceId: space.id, newPerson: person, actor, now: app.deps.clock() });
    } catch (error) {
      const clash = uniqueViolation(error);
      if (!clash) throw error;
      return renderForm(request, reply, space, { values, errors: { [clash.field]: clash.message }, candidates }, 422);
    }
    if (!result.ok) throw new HttpError(result.status, result.message);
    return reply.redirect(`/parcours/${result.pathwayId}?ok=ouvert`, 303);
  });

  app.post('/spie/:spaceId/personnes/:personId/parcours', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const personId = idParam(request, 'personId');
    const result = await openPathway(app.deps.db, { spaceId: space.id, personId, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) throw new HttpError(result.status, result.message);
    return reply.redirect(`/parcours/${result.pathwayId}?ok=ouvert`, 303);
  });
}
