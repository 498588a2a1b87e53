/**
 * The « Instruction » section of an application's page (issue 4, AMI-20, AMI-21): the opinions given,
 * the experts invited, and the forms each reviewer may use. Shown only to reviewers: the applicant sees
 * no opinion at all, and never a confidential contribution.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { listOpinions } from '../../../domains/ami/adapters/review.js';
import { OPINION_KINDS, OPINION_VERDICTS, acceptsOpinions } from '../../../domains/ami/entities/opinion.js';
import { authorize, type AuthzObject } from '../../../domains/authorization/authorize.js';
import type { Actor } from '../../../domains/identity/entities/role.js';
import { RadioGroup, SingleCheckbox } from '../components/checkboxes.js';
import { TextArea, TextField } from '../components/form-fields.js';
import { CsrfField, type PageContext } from '../components/layout.js';
import { formatParis } from '../components/ui.js';

export type ReviewFormName = 'opinion' | 'collegial' | 'expert' | 'contribution' | 'return';

/** A review form sent back with errors: the input is kept, each error next to its field. */
export interface ReviewFormState {
  form: ReviewFormName;
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
}

export interface ReviewPermissions {
  opine: boolean;
  collegial: boolean;
  inviteExpert: boolean;
  contribute: boolean;
  readConfidential: boolean;
  returnForCompletion: boolean;
}

export interface ReviewData {
  permissions: ReviewPermissions;
  /** The application still receives opinions (submitted, under review, opinions given). */
  open: boolean;
  /** It can be returned to its authors for completion (submitted or under review). */
  returnable: boolean;
  opinions: Awaited<ReturnType<typeof listOpinions>>;
  invitations: { given_name: string; family_name: string; email: string; due_on: string; invited_at: Date }[];
}

export function reviewPermissions(actor: Actor, object: AuthzObject): ReviewPermissions {
  return {
    opine: authorize(actor, 'application.opine', object).allowed,
    collegial: authorize(actor, 'application.collegialOpinion', object).allowed,
    inviteExpert: authorize(actor, 'application.inviteExpert', object).allowed,
    contribute: authorize(actor, 'application.contribute', object).allowed,
    readConfidential: authorize(actor, 'application.readConfidential', object).allowed,
    returnForCompletion: authorize(actor, 'application.return', object).allowed,
  };
}

/** Loads what the section shows, or null when the actor is not a reviewer of this application. */
export async function loadReview(db: Kysely<Database>, actor: Actor, object: AuthzObject, status: string): Promise<ReviewData | null> {
  const permissions = reviewPermissions(actor, object);
  if (!Object.values(permissions).some(Boolean)) return null;
  const opinions = await listOpinions(db, object.id, { includeConfidential: permissions.readConfidential });
  const invitations = await db
    .selectFrom('expert_invitation as i')
    .innerJoin('app_user as u', 'u.id', 'i.expert_user_id')
    .select(['u.given_name', 'u.family_name', 'u.email', 'i.due_on', 'i.invited_at'])
    .where('i.application_id', '=', object.id)
    .orderBy('i.invited_at')
    .execute();
  return { permissions, open: acceptsOpinions(status), returnable: status === 'submitted' || status === 'under_review', opinions, invitations: invitations.map((i) => ({ ...i, due_on: isoDay(i.due_on) })) };
}

/** A `date` column comes back as a string or a Date depending on the driver. */
function isoDay(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}

export function frenchDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

const VERDICT_OPTIONS = Object.entries(OPINION_VERDICTS).map(([value, label]) => ({ value, label }));

function valuesFor(state: ReviewFormState | undefined, form: ReviewFormName): { values: Record<string, string>; errors: Record<string, string | undefined> } {
  return state?.form === form ? { values: state.values, errors: state.errors } : { values: {}, errors: {} };
}

function FormError({ message }: { message: string | undefined }) {
  return message ? (
    <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
      <p safe>{message}</p>
    </div>
  ) : (
    ''
  );
}

function OpinionForm(props: { ctx: PageContext; appId: number; form: 'opinion' | 'collegial'; state: ReviewFormState | undefined }) {
  const { values, errors } = valuesFor(props.state, props.form);
  const collegial = props.form === 'collegial';
  const prefix = collegial ? 'avis-collegial' : 'avis-prefet';
  return (
    <form method="post" action={`/candidatures/${props.appId}/${collegial ? 'avis-collegial' : 'avis'}`} class="fr-mb-4w" id={`form-${prefix}`} novalidate>
      <CsrfField ctx={props.ctx} />
      <h3 class="fr-h5">{collegial ? 'Rendre l’avis collégial' : 'Donner l’avis du préfet'}</h3>
      {collegial ? <p class="fr-text--sm">L’avis collégial rassemble les contributions des services régionaux ; il clôt l’instruction.</p> : ''}
      <FormError message={errors.form} />
      <RadioGroup id={`${prefix}-sens`} name="verdict" legend="Avis" options={VERDICT_OPTIONS} value={values.verdict ?? ''} error={errors.verdict} inline />
      <TextArea id={`${prefix}-motifs`} name="reasons" label="Motifs" hint="Ce que vous retenez du dossier, en quelques phrases." value={values.reasons ?? ''} error={errors.reasons} rows={5} />
      <button class="fr-btn" type="submit">
        {collegial ? 'Enregistrer l’avis collégial' : 'Enregistrer l’avis'}
      </button>
    </form>
  );
}

function ExpertForm(props: { ctx: PageContext; appId: number; state: ReviewFormState | undefined }) {
  const { values, errors } = valuesFor(props.state, 'expert');
  return (
    <form method="post" action={`/candidatures/${props.appId}/experts`} class="fr-mb-4w" id="form-expert" novalidate>
      <CsrfField ctx={props.ctx} />
      <h3 class="fr-h5">Inviter un expert</h3>
      <FormError message={errors.form} />
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-7">
          <TextField
            id="expert-email"
            name="expertEmail"
            type="email"
            autocomplete="email"
            label="Adresse électronique de l’expert"
            hint="Un agent de la DREETS (ex-DRJSCS, ex-DIRECCTE) qui a un compte SPIE. Il recevra un courriel."
            value={values.expertEmail ?? ''}
            error={errors.expertEmail}
          />
        </div>
        <div class="fr-col-12 fr-col-md-5">
          <TextField id="expert-echeance" name="dueOn" type="date" label="Contribution attendue le" hint="Elle est indiquée dans le courriel d’invitation." value={values.dueOn ?? ''} error={errors.dueOn} />
        </div>
      </div>
      <button class="fr-btn fr-btn--secondary" type="submit">
        Inviter l’expert
      </button>
    </form>
  );
}

function ContributionForm(props: { ctx: PageContext; appId: number; state: ReviewFormState | undefined }) {
  const { values, errors } = valuesFor(props.state, 'contribution');
  return (
    <form method="post" action={`/candidatures/${props.appId}/contribution`} class="fr-mb-4w" id="form-contribution" novalidate>
      <CsrfField ctx={props.ctx} />
      <h3 class="fr-h5">Votre contribution d’expert</h3>
      <FormError message={errors.form} />
      <TextArea id="contribution-texte" name="reasons" label="Contribution" hint="Votre analyse du dossier, pour le commissaire et les préfets." value={values.reasons ?? ''} error={errors.reasons} rows={6} />
      <div class="fr-mb-3w">
        <SingleCheckbox
          id="contribution-confidentielle"
          name="confidential"
          label="Contribution confidentielle (AMI-21)"
          hint="Le porteur ne la verra jamais : ni à l’écran, ni dans l’API, ni dans les exports."
          checked={values.confidential === 'oui'}
        />
      </div>
      <button class="fr-btn" type="submit">
        Enregistrer la contribution
      </button>
    </form>
  );
}

const FORM_TITLES: Record<ReviewFormName, { anchor: string; title: string }> = {
  opinion: { anchor: 'form-avis-prefet', title: 'Donner l’avis du préfet' },
  collegial: { anchor: 'form-avis-collegial', title: 'Rendre l’avis collégial' },
  expert: { anchor: 'form-expert', title: 'Inviter un expert' },
  contribution: { anchor: 'form-contribution', title: 'Votre contribution d’expert' },
  return: { anchor: 'form-renvoi', title: 'Renvoyer pour complément' },
};

/** At the top of the page sent back with a form's errors: what failed, and a link to the form. */
export function ReviewErrorAlert({ state }: { state: ReviewFormState }) {
  const { anchor, title } = FORM_TITLES[state.form];
  return (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <h2 class="fr-alert__title" safe>{`« ${title} » n’a pas été enregistré`}</h2>
      <p>
        <a href={`#${anchor}`}>Voir le formulaire et corriger</a>
      </p>
    </div>
  );
}

function ReturnForm(props: { ctx: PageContext; appId: number; state: ReviewFormState | undefined }) {
  const { values, errors } = valuesFor(props.state, 'return');
  return (
    <form method="post" action={`/candidatures/${props.appId}/renvoi`} class="fr-mb-4w" id="form-renvoi" novalidate>
      <CsrfField ctx={props.ctx} />
      <h3 class="fr-h5">Renvoyer pour complément</h3>
      <p class="fr-text--sm">Le porteur pourra de nouveau modifier son dossier, puis le déposer à nouveau, même après la date limite. Chaque version déposée est conservée.</p>
      <FormError message={errors.form} />
      <TextArea id="renvoi-motif" name="reason" label="Ce que le porteur doit compléter" value={values.reason ?? ''} error={errors.reason} rows={4} />
      <button class="fr-btn fr-btn--secondary" type="submit">
        Renvoyer au porteur
      </button>
    </form>
  );
}

export function ReviewSection({ ctx, appId, review, state }: { ctx: PageContext; appId: number; review: ReviewData; state: ReviewFormState | undefined }) {
  const { permissions: p, open } = review;
  return (
    <section class="fr-mb-4w" id="instruction">
      <h2 class="fr-h4">Instruction</h2>
      <p class="fr-text--sm">Les avis et contributions ne sont pas visibles du porteur de la candidature.</p>
      <h3 class="fr-h5">Avis et contributions</h3>
      {review.opinions.length === 0 ? (
        <p>Aucun avis n’a encore été donné.</p>
      ) : (
        <ul class="fr-raw-list">
          {review.opinions.map((o) => (
            <li class="fr-card fr-card--no-arrow fr-mb-2w" data-opinion-kind={o.kind}>
              <div class="fr-card__body">
                <div class="fr-card__content">
                  <p class="fr-card__title fr-h6" safe>
                    {`${OPINION_KINDS[o.kind as keyof typeof OPINION_KINDS] ?? o.kind}${o.verdict ? ` : ${OPINION_VERDICTS[o.verdict as keyof typeof OPINION_VERDICTS] ?? o.verdict}` : ''}`}
                  </p>
                  <p class="fr-card__desc spie-pre" safe>
                    {o.reasons}
                  </p>
                  <div class="fr-card__start">
                    {o.confidential ? (
                      <p class="fr-badge fr-badge--error fr-badge--no-icon fr-mb-1w">Confidentiel — jamais visible du porteur</p>
                    ) : (
                      ''
                    )}
                  </div>
                  <div class="fr-card__end">
                    <p class="fr-card__detail" safe>{`${o.given_name} ${o.family_name}, le ${formatParis(o.created_at)}`}</p>
                  </div>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {review.invitations.length ? (
        <>
          <h3 class="fr-h5">Experts invités</h3>
          <ul class="fr-mb-4w">
            {review.invitations.map((i) => (
              <li safe>{`${i.given_name} ${i.family_name} (${i.email}) — contribution attendue le ${frenchDay(i.due_on)}`}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {open ? (
        <>
          {p.opine ? <OpinionForm ctx={ctx} appId={appId} form="opinion" state={state} /> : ''}
          {p.contribute ? <ContributionForm ctx={ctx} appId={appId} state={state} /> : ''}
          {p.inviteExpert ? <ExpertForm ctx={ctx} appId={appId} state={state} /> : ''}
          {p.collegial ? <OpinionForm ctx={ctx} appId={appId} form="collegial" state={state} /> : ''}
        </>
      ) : (
        ''
      )}
      {p.returnForCompletion && review.returnable ? <ReturnForm ctx={ctx} appId={appId} state={state} /> : ''}
    </section>
  );
}
