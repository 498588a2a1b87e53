/**
 * What the receiving service sees of an orientation and how it answers (issue 6 §5), the same
 * through the one-time link (answer-page) and from its account (catalogue-services/received-orientations):
 * the person's first name and initial, the service, the professional's message and contact, then
 * « accept » or « refuse with a reason ».
 */
import { MAX_ANSWER_REASON, ORIENTATION_LINK_DAYS, ORIENTATION_STATUSES, type OrientationForAnswer } from '../../../../domains/catalogue/adapters/service-orientations.js';
import { longParis } from '../../../../domains/pathway/entities/appointment.js';
import { RadioGroup } from '../../components/checkboxes.js';
import { ErrorSummary, TextArea } from '../../components/form-fields.js';
import { CsrfField, type PageContext } from '../../components/layout.js';

export const ANSWER_LABELS = {
  decision: { id: 'reponse-decision', label: 'Votre réponse' },
  reason: { id: 'reponse-motif', label: 'Motif' },
};
const DECISIONS = [
  { value: 'accepted', label: 'J’accepte l’orientation : nous prendrons contact avec la personne' },
  { value: 'refused', label: 'Je refuse l’orientation' },
];

export type AnswerValues = { decision: string; reason: string };

export function OrientationSummary({ o }: { o: OrientationForAnswer }) {
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

/**
 * The body of the answer page: not found, expired, already answered (or just answered), or the form.
 * `via` words the messages for a link (« Ce lien ») or an account (« Cette orientation »).
 */
export function AnswerBody({ ctx, o, action, values, errors, justAnswered, via }: { ctx: PageContext; o: OrientationForAnswer | null; action: string; values: AnswerValues; errors: Record<string, string | undefined>; justAnswered: boolean; via: 'link' | 'account' }) {
  if (!o) {
    return (
      <div class="fr-alert fr-alert--warning">
        <p>Ce lien n’est pas valide. Vérifiez qu’il est complet, ou contactez le professionnel qui vous l’a envoyé.</p>
      </div>
    );
  }
  if (o.expired) {
    const expired: string = `${via === 'link' ? 'Ce lien a expiré : l’orientation' : 'Cette orientation a expiré : elle'} n’a pas reçu de réponse dans les ${ORIENTATION_LINK_DAYS} jours. Le professionnel en est informé dans le parcours de la personne.`;
    return (
      <div class="fr-alert fr-alert--warning">
        <p safe>{expired}</p>
      </div>
    );
  }
  if (o.status !== 'pending') {
    const answered: string = justAnswered ? `Votre réponse est enregistrée : orientation ${ORIENTATION_STATUSES[o.status]}. Le professionnel la voit dans le parcours de la personne.` : `Cette orientation a déjà reçu une réponse : ${ORIENTATION_STATUSES[o.status]}.`;
    const status: string = ORIENTATION_STATUSES[o.status];
    const by: string = `${status.charAt(0).toUpperCase()}${status.slice(1)}${o.answeredAt ? ` le ${longParis(o.answeredAt)}` : ''}${o.answeredBy ? ` — ${o.answeredBy}` : ''}`;
    return (
      <>
        <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
          <p safe>{answered}</p>
        </div>
        <dl class="fr-mb-4w">
          <dt class="fr-text--bold">Réponse</dt>
          <dd class="fr-ml-0" safe>
            {by}
          </dd>
          {o.answerReason ? (
            <>
              <dt class="fr-text--bold fr-mt-2w">Motif</dt>
              <dd class="fr-ml-0 spie-pre" safe>
                {o.answerReason}
              </dd>
            </>
          ) : (
            ''
          )}
        </dl>
        <OrientationSummary o={o} />
      </>
    );
  }
  const expires: string = `${via === 'link' ? 'Ce lien expire' : 'Sans réponse, cette orientation expire'} le ${longParis(o.expiresAt)}.`;
  const hint: string = `Obligatoire en cas de refus (par exemple : « public non éligible », « plus de place avant septembre »). ${MAX_ANSWER_REASON} caractères au plus.`;
  return (
    <>
      <ErrorSummary errors={errors} labels={ANSWER_LABELS} />
      <OrientationSummary o={o} />
      <form method="post" action={action} novalidate class="fr-col-12 fr-col-md-8">
        <CsrfField ctx={ctx} />
        <RadioGroup id={ANSWER_LABELS.decision.id} name="decision" legend={ANSWER_LABELS.decision.label} options={DECISIONS} value={values.decision} error={errors.decision} />
        <TextArea id={ANSWER_LABELS.reason.id} name="reason" label={ANSWER_LABELS.reason.label} hint={hint} value={values.reason} error={errors.reason} rows={3} />
        <p class="fr-text--sm" safe>
          {expires}
        </p>
        <p class="fr-text--sm">La réponse est définitive : elle ne peut plus être modifiée une fois envoyée. En cas d’erreur, contactez le professionnel.</p>
        <button class="fr-btn" type="submit">
          Envoyer la réponse
        </button>
      </form>
    </>
  );
}
