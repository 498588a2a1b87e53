/**
 * « Orientations reçues » (issue 6 §5): a member organisation answers from its account the
 * orientations sent to its services — the list (pending first), and each orientation with the same
 * answer form as the one-time link. Only orientations to the services of the actor's organisation
 * exist here (else 404); the answer is claimed once, whichever way comes first (link or account).
 * Each page shows the person's first name and initial: every read is logged (SPIE-7).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerServiceOrientation, expireServiceOrientations, listOrganisationOrientations, ownedOrientation, ORIENTATION_STATUSES, RECEIVED_LIST_DAYS, type OrientationForAnswer, type ReceivedOrientation } from '../../../../domains/catalogue/adapters/service-orientations.js';
import { logPersonAccess, logPersonAccessEach } from '../../../../domains/pathway/adapters/access-log.js';
import { Layout, pageContext } from '../../components/layout.js';
import { EmptyState, formatParis, Table } from '../../components/ui.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { formFields } from '../pathway/pathway-common.js';
import { idParam } from '../pathway/space-common.js';
import { AnswerBody, type AnswerValues } from '../service-orientation/orientation-answer-view.js';
import { loadServicesSpace, servicesConfig, ServicesBreadcrumb, type ServicesSpace } from './services-common.js';

const LIST_TITLE = 'Orientations reçues';

function StatusCell({ o }: { o: ReceivedOrientation }) {
  const status: string = o.expired ? ORIENTATION_STATUSES.expired : ORIENTATION_STATUSES[o.status];
  const kind = o.expired ? 'warning' : o.status === 'pending' ? 'new' : o.status === 'accepted' ? 'success' : 'info';
  const answered: string = o.answeredAt && !o.expired ? `le ${formatParis(o.answeredAt)}${o.answeredBy ? ` — ${o.answeredBy}` : ''}` : '';
  return (
    <>
      <p class={`fr-badge fr-badge--sm fr-badge--no-icon fr-badge--${kind}`} safe>
        {status}
      </p>
      {answered ? (
        <p class="fr-text--xs fr-mb-0" safe>
          {answered}
        </p>
      ) : (
        ''
      )}
    </>
  );
}

function OrientationsTable({ base, orientations, now }: { base: string; orientations: ReceivedOrientation[]; now: Date }) {
  const pending = orientations.filter((o) => o.status === 'pending' && !o.expired).length;
  const caption: string = `${orientations.length} orientation${orientations.length > 1 ? 's' : ''}, dont ${pending} en attente de réponse`;
  return (
    <Table caption={caption} headers={['Personne', 'Service', 'Reçue le', 'Statut', 'Action']}>
      {orientations.map((o) => {
        const open = o.status === 'pending' && o.expiresAt.getTime() > now.getTime();
        return (
          <tr>
            <td safe>{o.personLabel}</td>
            <td safe>{o.serviceName}</td>
            <td class="spie-nowrap" safe>
              {formatParis(o.createdAt)}
            </td>
            <td>
              <StatusCell o={o} />
            </td>
            <td>
              <a class={`fr-btn fr-btn--sm ${open ? '' : 'fr-btn--tertiary'}`} href={`${base}/${o.id}`}>
                {open ? 'Répondre' : 'Voir'}
                <span class="fr-sr-only" safe>
                  {` : ${o.personLabel}, ${o.serviceName}`}
                </span>
              </a>
            </td>
          </tr>
        );
      })}
    </Table>
  );
}

async function loadOwned(app: FastifyInstance, request: FastifyRequest, where: ServicesSpace): Promise<OrientationForAnswer> {
  const now = app.deps.clock();
  const id = idParam(request, 'orientationId');
  const o = await ownedOrientation(app.deps.db, { id, spaceId: where.space.id, organisationId: where.organisationId, now });
  if (!o) throw new HttpError(404);
  if (o.expired && o.status === 'pending') await expireServiceOrientations(app.deps.db, now, o.id);
  return o;
}

async function orientationPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, where: ServicesSpace, o: OrientationForAnswer, values: AnswerValues, errors: Record<string, string | undefined>, status = 200) {
  const ctx = pageContext(request);
  const failed = Object.values(errors).some(Boolean);
  const title: string = `Orientation de ${o.personLabel} vers « ${o.serviceName} »`;
  const base = `${where.base}/orientations`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={failed ? `Erreur : ${title}` : title}>
      <ServicesBreadcrumb space={where.space} trail={[{ label: LIST_TITLE, href: base }]} here={`Orientation n° ${o.id}`} />
      <h1 safe>{title}</h1>
      <AnswerBody ctx={ctx} o={o} action={`${base}/${o.id}`} values={values} errors={errors} justAnswered={(request.query as { ok?: string }).ok === 'repondu'} via="account" />
      <p class="fr-mt-4w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={base}>
          Toutes les orientations reçues
        </a>
      </p>
    </Layout>,
    failed ? 422 : status,
  );
}

export function registerReceivedOrientations(app: FastifyInstance): void {
  app.get('/spie/:spaceId/mes-services/orientations', { config: servicesConfig }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const ctx = pageContext(request);
    const now = app.deps.clock();
    const orientations = await listOrganisationOrientations(app.deps.db, { spaceId: where.space.id, organisationId: where.organisationId, now });
    await logPersonAccessEach(app.deps.db, { reads: orientations.map((o) => ({ personId: o.personId, pathwayId: o.pathwayId })), actor: request.actor!, action: 'orientation.received', now });
    return sendPage(
      reply,
      <Layout ctx={ctx} title={`${LIST_TITLE} — ${where.space.name}`}>
        <ServicesBreadcrumb space={where.space} here={LIST_TITLE} />
        <h1>{LIST_TITLE}</h1>
        <p>Les professionnels du territoire orientent des personnes vers les services de votre structure, avec leur accord. Acceptez ou refusez chaque orientation : le professionnel voit votre réponse dans le parcours de la personne. Sans réponse, une orientation expire après 30 jours.</p>
        <p class="fr-text--sm">
          {`Une orientation répondue ou expirée reste dans cette liste ${RECEIVED_LIST_DAYS} jours : chaque consultation de la liste est inscrite au journal que la personne peut voir.`}
        </p>
        {orientations.length === 0 ? (
          <EmptyState title="Aucune orientation reçue pour l’instant">
            <p>Quand un professionnel orientera une personne vers l’un de vos services publiés, elle apparaîtra ici et un courriel sera envoyé à l’adresse du service.</p>
          </EmptyState>
        ) : (
          <OrientationsTable base={`${where.base}/orientations`} orientations={orientations} now={now} />
        )}
      </Layout>,
    );
  });

  app.get('/spie/:spaceId/mes-services/orientations/:orientationId', { config: servicesConfig }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const o = await loadOwned(app, request, where);
    await logPersonAccess(app.deps.db, { personIds: [o.personId], pathwayId: o.pathwayId, actor: request.actor!, action: 'orientation.received', now: app.deps.clock() });
    return orientationPage(app, request, reply, where, o, { decision: '', reason: '' }, {});
  });

  app.post('/spie/:spaceId/mes-services/orientations/:orientationId', { config: servicesConfig }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const o = await loadOwned(app, request, where);
    const fields = formFields(request);
    const values: AnswerValues = { decision: fields.decision ?? '', reason: fields.reason ?? '' };
    if (o.expired || o.status !== 'pending') return orientationPage(app, request, reply, where, o, values, {}, o.expired ? 410 : 409);
    const actor = request.actor!;
    const result = await answerServiceOrientation(app.deps.db, { id: o.id, decision: values.decision, reason: values.reason, by: { userId: actor.userId, label: `${actor.displayName} (${o.structureName})` }, now: app.deps.clock() });
    if (!result.ok) {
      if (result.field) return orientationPage(app, request, reply, where, o, values, { [result.field]: result.message });
      return orientationPage(app, request, reply, where, await loadOwned(app, request, where), values, {}, result.status);
    }
    return reply.redirect(`${where.base}/orientations/${o.id}?ok=repondu`, 303);
  });
}
