/**
 * The professionals of a space (issue 5 §1): the territory coordinator invites professionals of the
 * member organisations (an e-mail tells them how to sign in) and deactivates them after confirmation —
 * a deactivated professional loses every pathway of the space at once (SPIE-7); their writings stay.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queueMail } from '../../../../app.js';
import { deactivateProfessional, inviteProfessional, listProfessionals, memberOrganisations, professionalOfSpace } from '../../../../domains/pathway/adapters/spaces.js';
import { asText } from '../../components/checkboxes.js';
import { ErrorSummary, SelectField, TextField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { EmptyState, Table, formatParis } from '../../components/ui.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { Notice, SpaceBreadcrumb, SpaceMenu, countLabel, fullName, idParam, loadSpace, noticeOf, spaceObject, type LoadedSpace } from './space-common.js';

type Field = 'givenName' | 'familyName' | 'email' | 'organisationId';
type Values = Record<Field, string>;
type Errors = Partial<Record<Field, string>>;

const FIELDS: Record<Field, { id: string; label: string }> = {
  givenName: { id: 'invitation-prenom', label: 'Prénom' },
  familyName: { id: 'invitation-nom', label: 'Nom' },
  email: { id: 'invitation-courriel', label: 'Adresse électronique professionnelle' },
  organisationId: { id: 'invitation-organisation', label: 'Organisation membre' },
};

const NOTICES: Record<string, string> = {
  invite: 'Le professionnel est invité : un courriel lui explique comment se connecter.',
  desactive: 'Le professionnel est désactivé : il n’accède plus à aucun parcours du SPIE ; ce qu’il a écrit reste.',
};

const EMPTY: Values = { givenName: '', familyName: '', email: '', organisationId: '' };

async function renderPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, space: LoadedSpace, values: Values, errors: Errors, status = 200) {
  const ctx = pageContext(request);
  const [pros, orgs] = await Promise.all([listProfessionals(app.deps.db, space.id), memberOrganisations(app.deps.db, space.id)]);
  const active = pros.filter((p) => !p.deactivated_at);
  const inactive = pros.filter((p) => p.deactivated_at);
  const hasErrors = Object.values(errors).some(Boolean);
  const title: string = hasErrors ? 'Erreur – Professionnels du SPIE' : 'Professionnels du SPIE';
  const activeCaption: string = countLabel(active.length, 'professionnel actif', 'professionnels actifs');
  const inactiveCaption: string = countLabel(inactive.length, 'professionnel désactivé', 'professionnels désactivés');
  return sendPage(
    reply,
    <Layout ctx={ctx} title={title}>
      <SpaceBreadcrumb space={space} here="Professionnels" />
      <h1>Professionnels du SPIE</h1>
      <Notice text={noticeOf(request, NOTICES)} />
      <SpaceMenu space={space} current="pros" />
      <h2 class="fr-h3">Actifs</h2>
      {active.length === 0 ? (
        <EmptyState title="Aucun professionnel actif">
          <p>Invitez les professionnels des organisations membres avec le formulaire ci-dessous.</p>
        </EmptyState>
      ) : (
        <Table caption={activeCaption} headers={['Nom', 'Adresse électronique', 'Organisation', 'Invité le', 'Action']}>
          {active.map((p) => (
            <tr>
              <td safe>{fullName(p)}</td>
              <td safe>{p.email}</td>
              <td safe>{p.organisation_name}</td>
              <td safe>{formatParis(p.invited_at)}</td>
              <td>
                <a class="fr-link" href={`/spie/${space.id}/professionnels/${p.user_id}/desactiver`}>
                  Désactiver
                  <span class="fr-sr-only" safe>
                    {` ${fullName(p)}`}
                  </span>
                </a>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {inactive.length ? (
        <>
          <h2 class="fr-h3 fr-mt-4w">Désactivés</h2>
          <Table caption={inactiveCaption} headers={['Nom', 'Adresse électronique', 'Organisation', 'Désactivé le', 'Action']}>
            {inactive.map((p) => (
              <tr>
                <td safe>{fullName(p)}</td>
                <td safe>{p.email}</td>
                <td safe>{p.organisation_name}</td>
                <td safe>{formatParis(p.deactivated_at!)}</td>
                <td>
                  <form method="post" action={`/spie/${space.id}/professionnels`} class="spie-inline-form">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="givenName" value={p.given_name} />
                    <input type="hidden" name="familyName" value={p.family_name} />
                    <input type="hidden" name="email" value={p.email} />
                    <input type="hidden" name="organisationId" value={String(p.organisation_id)} />
                    <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">
                      Inviter à nouveau
                      <span class="fr-sr-only" safe>
                        {` ${fullName(p)}`}
                      </span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </Table>
        </>
      ) : (
        ''
      )}
      <h2 class="fr-h3 fr-mt-6w" id="inviter">
        Inviter un professionnel
      </h2>
      <p>Tous les champs sont obligatoires. Le professionnel reçoit un courriel ; il se connecte avec son compte professionnel (ProConnect).</p>
      <ErrorSummary errors={errors} labels={FIELDS} />
      <form method="post" action={`/spie/${space.id}/professionnels`} novalidate class="fr-col-12 fr-col-md-8">
        <CsrfField ctx={ctx} />
        <TextField {...FIELDS.givenName} name="givenName" value={values.givenName} error={errors.givenName} autocomplete="off" />
        <TextField {...FIELDS.familyName} name="familyName" value={values.familyName} error={errors.familyName} autocomplete="off" />
        <TextField {...FIELDS.email} name="email" type="email" value={values.email} error={errors.email} autocomplete="off" hint="Par exemple prenom.nom@organisation.fr" />
        <SelectField
          {...FIELDS.organisationId}
          name="organisationId"
          placeholder="Choisir une organisation"
          value={values.organisationId}
          error={errors.organisationId}
          options={orgs.map((o) => ({ value: String(o.id), label: o.name }))}
        />
        <button class="fr-btn" type="submit">
          Inviter
        </button>
      </form>
    </Layout>,
    status,
  );
}

export async function registerSpaceProfessionalRoutes(app: FastifyInstance): Promise<void> {
  const config = { authz: { action: 'space.manage' as const, object: spaceObject } };

  app.get('/spie/:spaceId/professionnels', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    return renderPage(app, request, reply, space, EMPTY, {});
  });

  app.post('/spie/:spaceId/professionnels', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: Values = { givenName: asText(body.givenName), familyName: asText(body.familyName), email: asText(body.email), organisationId: asText(body.organisationId) };
    const actor = request.actor!;
    const organisationId = /^\d{1,15}$/.test(values.organisationId) ? Number(values.organisationId) : 0;
    const result = await inviteProfessional(app.deps.db, { spaceId: space.id, email: values.email, givenName: values.givenName, familyName: values.familyName, organisationId, actor, now: app.deps.clock() });
    if (!result.ok) return renderPage(app, request, reply, space, values, result.errors as Errors, 422);
    const link = `${app.deps.config.publicUrl}/connexion?retour=${encodeURIComponent(`/spie/${space.id}`)}`;
    await queueMail(app.deps, {
      to: values.email.trim().toLowerCase(),
      subject: `Invitation à l’espace ${space.name}`,
      text: [
        `Bonjour ${values.givenName.trim()},`,
        '',
        `${actor.displayName}, coordinateur du ${space.name}, vous invite à y accompagner des personnes : parcours partagés, diagnostic, orientation et plan d’action avec les autres professionnels du territoire.`,
        '',
        `Connectez-vous avec votre compte professionnel (ProConnect) : ${link}`,
        '',
        'Service public de l’insertion et de l’emploi',
      ].join('\n'),
    });
    return reply.redirect(`/spie/${space.id}/professionnels?ok=invite`, 303);
  });

  const loadPro = async (request: FastifyRequest, space: LoadedSpace) => {
    const pro = await professionalOfSpace(app.deps.db, space.id, idParam(request, 'userId'));
    if (!pro) throw new HttpError(404);
    if (pro.deactivated_at) throw new HttpError(409, `${fullName(pro)} est déjà désactivé(e) dans ce SPIE.`);
    return pro;
  };

  app.get('/spie/:spaceId/professionnels/:userId/desactiver', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const pro = await loadPro(request, space);
    const ctx = pageContext(request);
    const title: string = `Désactiver ${fullName(pro)} ?`;
    const who: string = `${fullName(pro)} (${pro.organisation_name}, ${pro.email})`;
    const referent: string = `${fullName(pro)} est référent de ${countLabel(pro.openPathwaysAsReferent, 'parcours ouvert', 'parcours ouverts')} : il ou elle n’y aura plus accès. Désignez un autre référent dans chacun de ces parcours.`;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <SpaceBreadcrumb space={space} here="Désactiver un professionnel" />
        <h1 safe>{title}</h1>
        <p safe>{who}</p>
        <p>Il ou elle n’accédera plus à aucun parcours de ce SPIE, dès maintenant. Ce qu’il ou elle a écrit reste dans les parcours. Vous pourrez l’inviter à nouveau.</p>
        {pro.openPathwaysAsReferent > 0 ? (
          <div class="fr-alert fr-alert--warning fr-mb-3w">
            <p safe>{referent}</p>
          </div>
        ) : (
          ''
        )}
        <form method="post" action={`/spie/${space.id}/professionnels/${pro.user_id}/desactiver`}>
          <CsrfField ctx={ctx} />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button class="fr-btn" type="submit">
                Désactiver
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href={`/spie/${space.id}/professionnels`}>
                Annuler
              </a>
            </li>
          </ul>
        </form>
      </Layout>,
    );
  });

  app.post('/spie/:spaceId/professionnels/:userId/desactiver', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const pro = await loadPro(request, space);
    const done = await deactivateProfessional(app.deps.db, { spaceId: space.id, userId: pro.user_id, actor: request.actor!, now: app.deps.clock() });
    if (!done) throw new HttpError(409, `${fullName(pro)} est déjà désactivé(e) dans ce SPIE.`);
    return reply.redirect(`/spie/${space.id}/professionnels?ok=desactive`, 303);
  });
}
