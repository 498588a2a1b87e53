/**
 * The receiving organisation's answer through the one-time link (issue 6 §5), without an account
 * (public.view; the token alone authorizes, only its hash is stored). The page shows only what the
 * organisation needs: the person's first name and the initial of the family name, the service, the
 * professional's message and contact — no birth date, address, identifiers nor pathway content.
 * An expired link says so (410) and marks the orientation expired; an answered one says it was answered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answerServiceOrientation, expireServiceOrientations, MAX_ANSWER_REASON, orientationByToken, ORIENTATION_STATUSES, type OrientationForAnswer } from '../../../../domains/catalogue/adapters/service-orientations.js';
import { RadioGroup } from '../../components/checkboxes.js';
import { ErrorSummary, TextArea } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { sendPage } from '../../render.js';
import { ensureSession } from '../../session.js';
import { longParis } from '../../../../domains/pathway/entities/appointment.js';
import { signInRateLimit } from '../sign-in-common.js';
import { formFields } from '../pathway/pathway-common.js';

const LABELS = {
  decision: { id: 'reponse-decision', label: 'Votre réponse' },
  reason: { id: 'reponse-motif', label: 'Motif' },
};
const DECISIONS = [
  { value: 'accepted', label: 'J’accepte l’orientation : nous prendrons contact avec la personne' },
  { value: 'refused', label: 'Je refuse l’orientation' },
];

type Values = { decision: string; reason: string };

function Orientation({ o }: { o: OrientationForAnswer }) {
  const pro: string = [o.professional.name, o.professional.organisation].filter(Boolean).join(', ');
  const sent: string = `Orientation envoyée le ${longParis(o.createdAt)}.`;
  return (
    <>
      <dl class="fr-mb-4w">
        <dt class="fr-text--bold">Personne orientée</dt>
        <dd class="fr-ml-0" safe>
          {o.personLabel}
        </dd>
        <dt class="fr-text--bold fr-mt-2w">Service</dt>
        <dd class="fr-ml-0" safe>
          {`${o.serviceName} (${o.structureName})`}
        </dd>
        <dt class="fr-text--bold fr-mt-2w">Message du professionnel</dt>
        <dd class="fr-ml-0 spie-pre" safe>
          {o.message}
        </dd>
        <dt class="fr-text--bold fr-mt-2w">Professionnel à contacter</dt>
        <dd class="fr-ml-0">
          <span safe>{pro}</span> —{' '}
          <a class="fr-link" href={`mailto:${o.professional.email}`} safe>
            {o.professional.email}
          </a>
        </dd>
      </dl>
      <p class="fr-text--sm" safe>
        {sent}
      </p>
    </>
  );
}

async function answerPage(request: FastifyRequest, reply: FastifyReply, o: OrientationForAnswer | null, values: Values, errors: Record<string, string | undefined>, status = 200): Promise<FastifyReply> {
  await ensureSession(request, reply);
  const ctx = pageContext(request);
  const token = (request.params as { token: string }).token;
  const failed = Object.values(errors).some(Boolean);
  const title = 'Orientation d’une personne vers votre service';
  let body: JSX.Element;
  if (!o) {
    body = (
      <div class="fr-alert fr-alert--warning">
        <p>Ce lien n’est pas valide. Vérifiez qu’il est complet, ou contactez le professionnel qui vous l’a envoyé.</p>
      </div>
    );
  } else if (o.expired) {
    body = (
      <div class="fr-alert fr-alert--warning">
        <p>Ce lien a expiré : l’orientation n’a pas reçu de réponse dans les 30 jours. Le professionnel en est informé dans le parcours de la personne.</p>
      </div>
    );
  } else if (o.status !== 'pending') {
    const just = (request.query as { ok?: string }).ok === 'repondu';
    const answered: string = just ? `Votre réponse est enregistrée : orientation ${ORIENTATION_STATUSES[o.status]}. Le professionnel la voit dans le parcours de la personne.` : `Cette orientation a déjà reçu une réponse : ${ORIENTATION_STATUSES[o.status]}.`;
    body = (
      <>
        <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
          <p safe>{answered}</p>
        </div>
        <Orientation o={o} />
      </>
    );
  } else {
    const expires: string = `Ce lien expire le ${longParis(o.expiresAt)}.`;
    const hint: string = `Obligatoire en cas de refus (par exemple : « public non éligible », « plus de place avant septembre »). ${MAX_ANSWER_REASON} caractères au plus.`;
    body = (
      <>
        <ErrorSummary errors={errors} labels={LABELS} />
        <Orientation o={o} />
        <form method="post" action={`/orientation-service/${encodeURIComponent(token)}`} novalidate class="fr-col-12 fr-col-md-8">
          <CsrfField ctx={ctx} />
          <RadioGroup id={LABELS.decision.id} name="decision" legend={LABELS.decision.label} options={DECISIONS} value={values.decision} error={errors.decision} />
          <TextArea id={LABELS.reason.id} name="reason" label={LABELS.reason.label} hint={hint} value={values.reason} error={errors.reason} rows={3} />
          <p class="fr-text--sm" safe>
            {expires}
          </p>
          <button class="fr-btn" type="submit">
            Envoyer la réponse
          </button>
        </form>
      </>
    );
  }
  return sendPage(
    reply,
    <Layout ctx={ctx} title={failed ? `Erreur : ${title}` : title}>
      <h1>{title}</h1>
      {body}
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
    return answerPage(request, reply, o, { decision: '', reason: '' }, {}, statusOf(o));
  });

  app.post('/orientation-service/:token', { config }, async (request, reply) => {
    const o = await load(request);
    const fields = formFields(request);
    const values: Values = { decision: fields.decision ?? '', reason: fields.reason ?? '' };
    if (!o || o.expired || o.status !== 'pending') return answerPage(request, reply, o, values, {}, o && !o.expired ? 409 : statusOf(o));
    const result = await answerServiceOrientation(app.deps.db, { id: o.id, decision: values.decision, reason: values.reason, by: { userId: null, label: `${o.structureName} (réponse par lien)` }, now: app.deps.clock() });
    if (!result.ok) {
      if (result.field) return answerPage(request, reply, o, values, { [result.field]: result.message });
      return answerPage(request, reply, await load(request), values, {}, result.status);
    }
    return reply.redirect(`/orientation-service/${encodeURIComponent((request.params as { token: string }).token)}?ok=repondu`, 303);
  });
}
