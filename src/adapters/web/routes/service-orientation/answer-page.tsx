/**
 * The receiving organisation's answer through the one-time link (issue 6 §5), without an account
 * (public.view; the token alone authorizes, only its hash is stored). The page shows only what the
 * organisation needs: the person's first name and the initial of the family name, the service, the
 * professional's message and contact — no birth date, address, identifiers nor pathway content.
 * An expired link says so (410) and marks the orientation expired; an answered one says it was answered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerServiceOrientation, expireServiceOrientations, orientationByToken, type OrientationForAnswer } from '../../../../domains/catalogue/adapters/service-orientations.js';
import { logAccessBy } from '../../../../domains/pathway/adapters/access-log.js';
import { Layout, pageContext } from '../../components/layout.js';
import { sendPage } from '../../render.js';
import { ensureSession } from '../../session.js';
import { signInRateLimit } from '../sign-in-common.js';
import { formFields } from '../pathway/pathway-common.js';
import { AnswerBody, type AnswerValues } from './orientation-answer-view.js';

async function answerPage(request: FastifyRequest, reply: FastifyReply, o: OrientationForAnswer | null, values: AnswerValues, errors: Record<string, string | undefined>, status = 200): Promise<FastifyReply> {
  await ensureSession(request, reply);
  const ctx = pageContext(request);
  const token = (request.params as { token: string }).token;
  const failed = Object.values(errors).some(Boolean);
  const title = 'Orientation d’une personne vers votre service';
  const justAnswered = (request.query as { ok?: string }).ok === 'repondu';
  return sendPage(
    reply,
    <Layout ctx={ctx} title={failed ? `Erreur : ${title}` : title}>
      <h1>{title}</h1>
      <AnswerBody ctx={ctx} o={o} action={`/orientation-service/${encodeURIComponent(token)}`} values={values} errors={errors} justAnswered={justAnswered} via="link" />
    </Layout>,
    failed ? 422 : status,
  );
}

export function registerAnswerPage(app: FastifyInstance): void {
  const config = { authz: { action: 'public.view' as const }, rateLimit: signInRateLimit(app.deps.config) };
  const load = async (request: FastifyRequest) => {
    const now = app.deps.clock();
    const o = await orientationByToken(app.deps.db, (request.params as { token: string }).token, now);
    if (o?.expired && o.status === 'pending') await expireServiceOrientations(app.deps.db, now, o.id);
    return o;
  };
  const statusOf = (o: OrientationForAnswer | null) => (!o ? 404 : o.expired ? 410 : 200);

  app.get('/orientation-service/:token', { config }, async (request, reply) => {
    const o = await load(request);
    // SPIE-7: the link shows the person's first name and initial; nobody is signed in, so the read is
    // logged under the receiving structure's name.
    if (o && !o.expired) {
      const by = `${o.structureName} (lien d’orientation)`;
      await logAccessBy(app.deps.db, { personIds: [o.personId], pathwayId: o.pathwayId, userId: null, actorLabel: by, organisationLabel: o.structureName, action: 'orientation.link', now: app.deps.clock() });
    }
    return answerPage(request, reply, o, { decision: '', reason: '' }, {}, statusOf(o));
  });

  app.post('/orientation-service/:token', { config }, async (request, reply) => {
    const o = await load(request);
    const fields = formFields(request);
    const values: AnswerValues = { decision: fields.decision ?? '', reason: fields.reason ?? '' };
    if (!o || o.expired || o.status !== 'pending') return answerPage(request, reply, o, values, {}, o && !o.expired ? 409 : statusOf(o));
    const result = await answerServiceOrientation(app.deps.db, { id: o.id, decision: values.decision, reason: values.reason, by: { userId: null, label: `${o.structureName} (réponse par lien)` }, now: app.deps.clock() });
    if (!result.ok) {
      if (result.field) return answerPage(request, reply, o, values, { [result.field]: result.message });
      return answerPage(request, reply, await load(request), values, {}, result.status);
    }
    return reply.redirect(`/orientation-service/${encodeURIComponent((request.params as { token: string }).token)}?ok=repondu`, 303);
  });
}
