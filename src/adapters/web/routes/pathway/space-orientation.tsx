/**
 * The « à orienter » queue of the territory (issue 5 §5, SPIE-4): the orientation requests waiting for
 * the département's answer — accepted, or refused with a reason — and the RSA recipients not oriented
 * yet, with the days they have waited since their rights opened (target: one month).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queueMail } from '../../../../app.js';
import { parisDayOf } from '../../../../domains/ami/entities/reminders.js';
import { authorize } from '../../../../domains/authorization/authorize.js';
import { logPersonAccess } from '../../../../domains/pathway/adapters/access-log.js';
import { pathwayAuthzObject } from '../../../../domains/pathway/adapters/pathways.js';
import { decideOrientation, orientationQueue } from '../../../../domains/pathway/adapters/record.js';
import { orientationRequestOfSpace, pendingOrientationRequests } from '../../../../domains/pathway/adapters/spaces.js';
import { ORIENTATION_KINDS, checkOrientationDecision, daysWaiting, type OrientationKind } from '../../../../domains/pathway/entities/orientation.js';
import { notifyOrientationAnswer } from '../../../../domains/pathway/use-cases/orientation-answer.js';
import { asText } from '../../components/checkboxes.js';
import { TextArea } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { EmptyState, Table, formatParis } from '../../components/ui.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { Notice, SpaceBreadcrumb, SpaceMenu, countLabel, formatDay, fullName, idParam, loadSpace, noticeOf, spaceObject, type LoadedSpace } from './space-common.js';

const NOTICES: Record<string, string> = {
  acceptee: 'La demande d’orientation est acceptée : le parcours est orienté et le référent proposé désigné. Le professionnel qui l’a demandée en a été averti.',
  refusee: 'La demande d’orientation est refusée ; le motif figure dans le parcours et le professionnel qui l’a demandée en a été averti.',
};

/** The target of the territory: oriented within a month of the RSA rights opening. */
const TARGET_DAYS = 30;

interface RefusalError {
  requestId: number;
  reason: string;
  message: string;
}

function waitingText(days: number | null): string {
  if (days === null) return 'Date d’ouverture des droits inconnue';
  return countLabel(days, 'jour', 'jours');
}

function Waiting({ days }: { days: number | null }) {
  const text: string = waitingText(days);
  return (
    <>
      <span class="spie-nowrap" safe>
        {text}
      </span>
      {days !== null && days > TARGET_DAYS ? (
        <p class="fr-badge fr-badge--sm fr-badge--warning fr-badge--no-icon fr-mt-1v">Au-delà d’un mois</p>
      ) : (
        ''
      )}
    </>
  );
}

async function renderQueue(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, space: LoadedSpace, refusal: RefusalError | null, status = 200) {
  const ctx = pageContext(request);
  const actor = request.actor!;
  const now = app.deps.clock();
  const today = parisDayOf(now);
  const [requests, queue] = await Promise.all([pendingOrientationRequests(app.deps.db, space.id), orientationQueue(app.deps.db, space.id)]);
  // SPIE-7: the names shown are a read of each person's data.
  const personIds = [...new Set([...requests.map((r) => r.person_id), ...queue.map((q) => q.person_id)])];
  await logPersonAccess(app.deps.db, { personIds, actor, action: 'orientation.queue', now });
  const visible = new Set<number>();
  for (const pathwayId of new Set([...requests.map((r) => r.pathway_id), ...queue.flatMap((q) => (q.pathway_id ? [q.pathway_id] : []))])) {
    const object = await pathwayAuthzObject(app.deps.db, pathwayId, now);
    if (object && authorize(actor, 'pathway.view', object).allowed) visible.add(pathwayId);
  }
  const title: string = refusal ? 'Erreur – À orienter' : 'À orienter';
  const requestsTitle: string = `Demandes d’orientation à décider (${requests.length})`;
  const queueCaption: string = countLabel(queue.length, 'allocataire du RSA à orienter, le plus ancien en premier', 'allocataires du RSA à orienter, les plus anciens en premier');
  return sendPage(
    reply,
    <Layout ctx={ctx} title={title}>
      <SpaceBreadcrumb space={space} here="À orienter" />
      <h1>À orienter</h1>
      <Notice text={noticeOf(request, NOTICES)} />
      <SpaceMenu space={space} current="queue" />
      {refusal ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title">La demande n’a pas été refusée</h2>
          <p>
            <a href={`#refus-${refusal.requestId}`} safe>
              {refusal.message}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <p>Le territoire est jugé sur le délai entre l’ouverture des droits au RSA et l’orientation : l’objectif est d’un mois au plus.</p>
      <section aria-labelledby="demandes-titre" class="fr-mb-6w">
        <h2 id="demandes-titre" class="fr-h3" safe>
          {requestsTitle}
        </h2>
        {requests.length === 0 ? (
          <EmptyState title="Aucune demande d’orientation en attente">
            <p>Les demandes faites depuis les parcours apparaîtront ici.</p>
          </EmptyState>
        ) : (
          <ul class="fr-raw-list">
            {requests.map((r) => {
              const name: string = fullName(r);
              const kind: string = ORIENTATION_KINDS[r.kind as OrientationKind] ?? r.kind;
              const referent: string = r.referent_given_name ? `${r.referent_given_name} ${r.referent_family_name ?? ''}` : 'aucun référent proposé';
              const requester: string = r.requester_given_name ? `${r.requester_given_name} ${r.requester_family_name ?? ''}` : 'un professionnel';
              const detail: string = `Orientation ${kind.toLowerCase()} vers ${r.organisation_name} (${referent}), demandée par ${requester} le ${formatParis(r.requested_at)}.`;
              const rights: string = r.rsa_rights_opened_on ? `Droits RSA ouverts le ${formatDay(r.rsa_rights_opened_on)}, il y a ` : '';
              const error = refusal?.requestId === r.id ? refusal : null;
              return (
                <li class="fr-card fr-card--no-arrow fr-mb-3w">
                  <div class="fr-p-3w">
                    <h3 class="fr-h5" safe>
                      {name}
                    </h3>
                    <p class="fr-mb-1w" safe>
                      {detail}
                    </p>
                    <p class="fr-mb-1w">
                      <span safe>{rights}</span>
                      <Waiting days={daysWaiting(r.rsa_rights_opened_on, today)} />
                    </p>
                    {visible.has(r.pathway_id) ? (
                      <p class="fr-mb-2w">
                        <a class="fr-link" href={`/parcours/${r.pathway_id}`}>
                          Voir le parcours
                          <span class="fr-sr-only" safe>
                            {` de ${name}`}
                          </span>
                        </a>
                      </p>
                    ) : (
                      ''
                    )}
                    <form method="post" action={`/spie/${space.id}/orientations/${r.id}`} class="fr-mb-3w">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="decision" value="accepted" />
                      <button class="fr-btn fr-icon-check-line fr-btn--icon-left" type="submit">
                        Accepter
                        <span class="fr-sr-only" safe>
                          {` l’orientation de ${name}`}
                        </span>
                      </button>
                    </form>
                    <form method="post" action={`/spie/${space.id}/orientations/${r.id}`} novalidate>
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="decision" value="refused" />
                      <TextArea id={`refus-${r.id}`} name="reason" label={`Motif du refus pour ${name}`} hint="Obligatoire pour refuser ; il figure dans le parcours" value={error?.reason ?? ''} error={error?.message} rows={2} />
                      <button class="fr-btn fr-btn--secondary fr-icon-close-line fr-btn--icon-left" type="submit">
                        Refuser
                        <span class="fr-sr-only" safe>
                          {` l’orientation de ${name}`}
                        </span>
                      </button>
                    </form>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="file-titre">
        <h2 id="file-titre" class="fr-h3">
          Allocataires du RSA pas encore orientés
        </h2>
        {queue.length === 0 ? (
          <EmptyState title="Personne n’attend d’orientation">
            <p>Les allocataires du RSA apparaissent ici dès l’ouverture de leurs droits, jusqu’à leur orientation.</p>
          </EmptyState>
        ) : (
          <Table caption={queueCaption} headers={['Personne', 'Droits RSA ouverts le', 'Attente', 'Où en est-on']}>
            {queue.map((q) => {
              const state: string = q.pending_request_id ? 'Demande d’orientation en attente (ci-dessus)' : q.pathway_id ? 'Parcours ouvert, orientation à demander' : 'Pas encore de parcours';
              return (
                <tr>
                  <td safe>{fullName(q)}</td>
                  <td safe>{formatDay(q.rsa_rights_opened_on)}</td>
                  <td>
                    <Waiting days={daysWaiting(q.rsa_rights_opened_on, today)} />
                  </td>
                  <td>
                    <span safe>{state}</span>
                    {q.pathway_id && visible.has(q.pathway_id) ? (
                      <>
                        {' — '}
                        <a class="fr-link" href={`/parcours/${q.pathway_id}`}>
                          Voir le parcours
                          <span class="fr-sr-only" safe>
                            {` de ${fullName(q)}`}
                          </span>
                        </a>
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </section>
    </Layout>,
    status,
  );
}

export async function registerSpaceOrientationRoutes(app: FastifyInstance): Promise<void> {
  const config = { authz: { action: 'orientation.decide' as const, object: spaceObject } };

  app.get('/spie/:spaceId/a-orienter', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    return renderQueue(app, request, reply, space, null);
  });

  app.post('/spie/:spaceId/orientations/:requestId', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const found = await orientationRequestOfSpace(app.deps.db, space.id, idParam(request, 'requestId'));
    if (!found) throw new HttpError(404);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const decision = asText(body.decision);
    const reason = asText(body.reason);
    if (found.status === 'pending') {
      const checked = checkOrientationDecision('pending', decision, reason);
      if (!checked.ok) return renderQueue(app, request, reply, space, { requestId: found.id, reason, message: checked.message }, 422);
    }
    const actor = request.actor!;
    const result = await decideOrientation(app.deps.db, { requestId: found.id, decision, reason, actor, now: app.deps.clock() });
    if (!result.ok) throw new HttpError(409, result.message);
    // The decision stands; a mail that cannot be queued is logged rather than shown as a failure.
    await notifyOrientationAnswer(
      { db: app.deps.db, sendMail: (m) => queueMail(app.deps, m), publicUrl: app.deps.config.publicUrl },
      { spaceId: space.id, request: found, pathwayId: result.pathwayId, status: result.status, deciderName: actor.displayName },
    ).catch((error: unknown) => request.log.error({ err: error, requestId: found.id }, 'réponse d’orientation non envoyée'));
    return reply.redirect(`/spie/${space.id}/a-orienter?ok=${result.status === 'accepted' ? 'acceptee' : 'refusee'}`, 303);
  });
}
