/**
 * Merging two records of the same person (issue 5 §2): the coordinator chooses the kept record and the
 * duplicate among the search results, compares them on a confirmation page, then merges; both
 * histories stay (the duplicate remains, marked merged; its pathways and access log move).
 */
import type { FastifyInstance } from 'fastify';
import { logPersonAccess } from '../../../../domains/pathway/adapters/access-log.js';
import { BOTH_OPEN_MESSAGE, checkPersonQuery, mergePeople, peopleToCompare } from '../../../../domains/pathway/adapters/people.js';
import { findCandidates } from '../../../../domains/pathway/use-cases/find-candidates.js';
import { asText } from '../../components/checkboxes.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { formatParis } from '../../components/ui.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { SpaceBreadcrumb, formatDay, fullName, loadSpace, spaceObject } from './space-common.js';
import { renderSpaceHome, searchValuesOf, type MergeChoice } from './space-home.js';

type Compared = Awaited<ReturnType<typeof peopleToCompare>>[number];

function positiveId(text: string): number | null {
  const id = Number(text);
  return text !== '' && Number.isSafeInteger(id) && id > 0 ? id : null;
}

function PersonCard({ title, p }: { title: string; p: Compared }) {
  const rows: [string, string][] = [
    ['Date de naissance', formatDay(p.birth_date)],
    ['N° CAF/MSA', p.caf_number ?? '—'],
    ['Identifiant France Travail', p.france_travail_id ?? '—'],
    ['Adresse électronique', p.email ?? '—'],
    ['Téléphone', p.phone ?? '—'],
    ['Droits RSA ouverts le', formatDay(p.rsa_rights_opened_on)],
    ['Compte personnel', p.user_id ? 'Oui' : 'Non'],
    ['Fiche créée le', formatParis(p.created_at)],
  ];
  return (
    <div class="fr-col-12 fr-col-md-6">
      <div class="fr-card fr-card--no-arrow">
        <div class="fr-card__body">
          <div class="fr-card__content">
            <h2 class="fr-card__title fr-h5" safe>
              {`${title} : ${fullName(p)}`}
            </h2>
            <dl class="fr-card__desc">
              {rows.map(([label, value]) => (
                <>
                  <dt class="fr-text--bold" safe>
                    {label}
                  </dt>
                  <dd class="fr-ml-0 fr-mb-1w" safe>
                    {value}
                  </dd>
                </>
              ))}
              <dt class="fr-text--bold">Parcours</dt>
              <dd class="fr-ml-0">
                {p.pathways.length === 0 ? (
                  'Aucun'
                ) : (
                  <ul>
                    {p.pathways.map((w) => (
                      <li safe>{`n° ${w.id}, ${w.status === 'open' ? 'ouvert' : 'clos'}, ouvert le ${formatParis(w.opened_at).slice(0, 10)}, suivi par ${w.holding_organisation_name}`}</li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
          </div>
        </div>
      </div>
    </div>
  );
}

export async function registerSpaceMergeRoutes(app: FastifyInstance): Promise<void> {
  const config = { authz: { action: 'space.manage' as const, object: spaceObject } };

  app.post('/spie/:spaceId/fusion', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const actor = request.actor!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const choice: MergeChoice = { keptId: asText(body.keptId), duplicateId: asText(body.duplicateId), errors: {} };
    const keptId = positiveId(choice.keptId);
    const duplicateId = positiveId(choice.duplicateId);
    if (!keptId) choice.errors.keptId = 'Choisissez la fiche à conserver.';
    if (!duplicateId) choice.errors.duplicateId = 'Choisissez la fiche en double.';
    else if (keptId === duplicateId) choice.errors.duplicateId = 'Choisissez une autre fiche que la fiche conservée.';
    if (!keptId || !duplicateId || keptId === duplicateId) {
      // The results are shown again, from the search that was made.
      const values = searchValuesOf(body);
      const check = checkPersonQuery(values);
      const candidates = check.ok ? await findCandidates(app.deps.db, { spaceId: space.id, query: check.query, actor, now: app.deps.clock() }) : [];
      return renderSpaceHome(app, request, reply, space, { values, errors: {}, candidates, merge: choice }, 422);
    }
    const people = await peopleToCompare(app.deps.db, space.id, [keptId, duplicateId]);
    const kept = people.find((p) => p.id === keptId);
    const duplicate = people.find((p) => p.id === duplicateId);
    if (!kept || !duplicate) throw new HttpError(409, 'L’une des fiches n’existe pas ou a déjà été fusionnée.');
    await logPersonAccess(app.deps.db, { personIds: [kept.id, duplicate.id], actor, action: 'person.merge', now: app.deps.clock() });
    const bothOpen = kept.pathways.some((w) => w.status === 'open') && duplicate.pathways.some((w) => w.status === 'open');
    const ctx = pageContext(request);
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Fusionner ces deux fiches ?">
        <SpaceBreadcrumb space={space} here="Fusionner deux fiches" />
        <h1>Fusionner ces deux fiches ?</h1>
        <p>
          La fiche conservée reprend les parcours, le journal des consultations et le compte personnel de la fiche en double, ainsi que ses identifiants et coordonnées là où elle n’en a pas. La fiche en double reste, marquée comme fusionnée : les deux
          historiques sont gardés. Cette opération ne peut pas être annulée.
        </p>
        <div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
          <PersonCard title="Fiche conservée" p={kept} />
          <PersonCard title="Fiche en double" p={duplicate} />
        </div>
        {bothOpen ? (
          <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <h2 class="fr-alert__title">Fusion impossible pour l’instant</h2>
            <p>{BOTH_OPEN_MESSAGE}</p>
          </div>
        ) : (
          ''
        )}
        <form method="post" action={`/spie/${space.id}/fusion/confirmer`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="keptId" value={String(kept.id)} />
          <input type="hidden" name="duplicateId" value={String(duplicate.id)} />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            {bothOpen ? (
              ''
            ) : (
              <li>
                <button class="fr-btn" type="submit">
                  Fusionner ces deux fiches
                </button>
              </li>
            )}
            <li>
              <a class="fr-btn fr-btn--secondary" href={`/spie/${space.id}`}>
                Annuler
              </a>
            </li>
          </ul>
        </form>
      </Layout>,
    );
  });

  app.post('/spie/:spaceId/fusion/confirmer', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const keptId = positiveId(asText(body.keptId));
    const duplicateId = positiveId(asText(body.duplicateId));
    if (!keptId || !duplicateId) throw new HttpError(422, 'Choisissez les deux fiches à fusionner.');
    const result = await mergePeople(app.deps.db, { spaceId: space.id, keptId, duplicateId, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) throw new HttpError(409, result.message);
    return reply.redirect(`/spie/${space.id}?ok=fusion`, 303);
  });
}
