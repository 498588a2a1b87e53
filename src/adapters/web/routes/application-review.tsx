/**
 * The review of submitted applications (issue 4, AMI-20…22): the prefects' opinions, the commissaire's
 * collegial opinion and expert invitations, the experts' contributions (possibly confidential, AMI-21),
 * and the national decision on the comparative table of a call, within its slots (AMI-22).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queueMail } from '../../../app.js';
import { applicationAuthzObject } from '../../../domains/ami/adapters/applications.js';
import { getCall } from '../../../domains/ami/adapters/calls.js';
import { callComparison, decide, inviteExpert, recordOpinion, returnForCompletion } from '../../../domains/ami/adapters/review.js';
import { callScores } from '../../../domains/ami/adapters/scores.js';
import { formatScore } from '../../../domains/ami/entities/scoring-grid.js';
import { applicationStatusLabel } from '../../../domains/ami/entities/application-status.js';
import { formatEuros } from '../../../domains/ami/entities/money.js';
import { OPINION_VERDICTS, acceptsOpinions, type OpinionKind, type OpinionVerdict } from '../../../domains/ami/entities/opinion.js';
import type { Actor } from '../../../domains/identity/entities/role.js';
import { PARIS } from '../../../domains/shared/paris-time.js';
import { RadioGroup, asText } from '../components/checkboxes.js';
import { TextArea } from '../components/form-fields.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../components/layout.js';
import { Breadcrumb, EmptyState } from '../components/ui.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { ApplicationStatusBadge, applicationId, applicationObject, idParam } from './application-common.js';
import { sendApplicationPage } from './application-page.js';
import { frenchDay, type ReviewFormState } from './application-review-section.js';
import { callObject } from './calls.js';

const on = (action: 'application.opine' | 'application.collegialOpinion' | 'application.inviteExpert' | 'application.contribute' | 'application.return') => ({
  authz: { action, object: applicationObject },
});

const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

const MAX_REASONS = 10_000;

function reasonsError(reasons: string, what: string): string | undefined {
  if (!reasons.trim()) return `Motivez ${what} en quelques phrases.`;
  if (reasons.length > MAX_REASONS) return `${what.charAt(0).toUpperCase()}${what.slice(1)} dépasse ${MAX_REASONS} caractères : raccourcissez-le.`;
  return undefined;
}

function isVerdict(value: string): value is OpinionVerdict {
  return Object.hasOwn(OPINION_VERDICTS, value);
}

/** Today's calendar day in Paris, « 2026-05-14 ». */
function parisToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function isRealDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** A prefect gives the département's opinion on their own département, the regional one otherwise. */
function prefectKind(actor: Actor, departementCode: string): OpinionKind {
  const own = actor.assignments.some((a) => a.role === 'departement_prefect' && a.perimeter.kind === 'departement' && a.perimeter.departementCode === departementCode);
  return own || !actor.assignments.some((a) => a.role === 'regional_prefect') ? 'departement_prefect' : 'regional_prefect';
}

type DecisionChoice = 'selected' | 'not_selected';
const DECISIONS: Record<DecisionChoice, string> = { selected: 'Retenir', not_selected: 'Ne pas retenir' };

interface DecisionFormState {
  applicationId: number;
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
}

const SORTS = { territoire: 'territoire', region: 'région', note: 'note moyenne (décroissante)', montant: 'subvention demandée (décroissante)' } as const;
type Sort = keyof typeof SORTS;

async function sendDecisionPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, callId: number, state?: DecisionFormState, status = 200): Promise<FastifyReply> {
  const ctx = pageContext(request);
  const call = await getCall(app.deps.db, callId);
  if (!call) throw new HttpError(404);
  const query = (request.query ?? {}) as Record<string, unknown>;
  const sort: Sort = Object.hasOwn(SORTS, asText(query.tri)) ? (asText(query.tri) as Sort) : 'territoire';
  const all = await callComparison(app.deps.db, call.id);
  const scores = await callScores(app.deps.db, call.id);
  const scoreOf = (id: number) => scores.get(id)?.averageTenths ?? -1;
  const regionOf = new Map(
    (all.length ? await app.deps.db.selectFrom('departement').select(['code', 'region_code']).where('code', 'in', all.map((r) => r.departement_code)).execute() : []).map((d) => [d.code, d.region_code]),
  );
  const regions = [...new Map(all.map((r) => [regionOf.get(r.departement_code) ?? '', r.region_name])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
  const region = regions.some(([code]) => code === asText(query.region)) ? asText(query.region) : '';
  const rows = all.filter((r) => !region || regionOf.get(r.departement_code) === region);
  const byTerritory = (a: (typeof rows)[number], b: (typeof rows)[number]) => a.departement_code.localeCompare(b.departement_code);
  rows.sort(
    sort === 'montant'
      ? (a, b) => b.stateGrantCents - a.stateGrantCents || byTerritory(a, b)
      : sort === 'note'
        ? (a, b) => scoreOf(b.id) - scoreOf(a.id) || byTerritory(a, b)
        : sort === 'region' ? (a, b) => a.region_name.localeCompare(b.region_name, 'fr') || byTerritory(a, b) : byTerritory,
  );
  // The budget and the slots are the call's, whatever the filter: counted on every application.
  const selected = all.filter((r) => r.decision === 'selected');
  const selectedCents = selected.reduce((sum, r) => sum + r.stateGrantCents, 0);
  const envelopeCents = call.laureate_slots * call.max_grant_cents;
  let running = 0;
  const notice = asText(query.ok) === 'decision' ? 'La décision a été enregistrée.' : '';
  const pending = rows.filter((r) => r.status === 'opinions_given' && !r.decision);
  const title = `Décision nationale — ${call.title}`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={state ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Appels', href: '/appels' }, { label: call.title, href: `/appels/${call.id}` }, { label: 'Décision' }]} />
      {notice ? (
        <div class="fr-alert fr-alert--success fr-mb-3w">
          <p>{notice}</p>
        </div>
      ) : (
        ''
      )}
      <h1 safe>{title}</h1>
      {state ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title" safe>{`La décision sur la candidature n° ${state.applicationId} n’a pas été enregistrée`}</h2>
          {pending.some((r) => r.id === state.applicationId) ? (
            <p>
              <a href={`#decider-${state.applicationId}`}>Voir le formulaire et corriger</a>
            </p>
          ) : (
            <p safe>{state.errors.form ?? ''}</p>
          )}
        </div>
      ) : (
        ''
      )}
      <div class="fr-callout fr-mb-3w" id="enveloppe">
        <p class="fr-callout__title" safe>{`${selected.length} candidature${selected.length > 1 ? 's' : ''} retenue${selected.length > 1 ? 's' : ''} sur ${call.laureate_slots} place${call.laureate_slots > 1 ? 's' : ''} de lauréat`}</p>
        <p class="fr-callout__text" safe>
          {`Subventions de l’État retenues : ${formatEuros(selectedCents)} sur une enveloppe de ${formatEuros(envelopeCents)} (${call.laureate_slots} × ${formatEuros(call.max_grant_cents)}).`}
        </p>
      </div>
      <form method="get" action={`/appels/${call.id}/decision`} class="fr-mb-3w">
        <div class="fr-grid-row fr-grid-row--gutters spie-row">
          <div class="fr-col-12 fr-col-md-4">
            <div class="fr-select-group">
              <label class="fr-label" for="decision-tri">
                Trier par
              </label>
              <select class="fr-select" id="decision-tri" name="tri">
                {Object.entries(SORTS).map(([value, label]) => (
                  <option value={value} selected={value === sort} safe>
                    {`${label.charAt(0).toUpperCase()}${label.slice(1)}`}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <div class="fr-select-group">
              <label class="fr-label" for="decision-region">
                Région
              </label>
              <select class="fr-select" id="decision-region" name="region">
                <option value="" selected={region === ''}>
                  Toutes les régions
                </option>
                {regions.map(([code, name]) => (
                  <option value={code} selected={code === region} safe>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-4 fr-mt-md-4w">
            <button class="fr-btn fr-btn--secondary" type="submit">
              Appliquer
            </button>
          </div>
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title="Aucune candidature">
          <p>Aucune candidature déposée ne correspond à ces critères.</p>
        </EmptyState>
      ) : (
        <div class="fr-table fr-table--no-scroll" id="comparatif">
          <div class="fr-table__wrapper">
            <div class="fr-table__container">
              <div class="fr-table__content">
                <table>
                  <caption safe>{`Tableau comparatif des candidatures, trié par ${SORTS[sort]}`}</caption>
                  <thead>
                    <tr>
                      {['Rang', 'Territoire', 'Région', 'Porteur', 'Avis', 'Note moyenne', 'Subvention demandée', 'Cumul des retenues', 'Décision'].map((h) => (
                        <th scope="col" safe>
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r, i) => {
                      if (r.decision === 'selected') running += r.stateGrantCents;
                      return (
                        <tr data-application={String(r.id)}>
                          <td safe>{String(i + 1)}</td>
                          <td>
                            <a href={`/candidatures/${r.id}`} safe>
                              {`${r.departement_name} (${r.departement_code})`}
                            </a>
                          </td>
                          <td safe>{r.region_name}</td>
                          <td safe>{r.lead_name}</td>
                          <td>{r.opinions.length ? r.opinions.map((o) => `${OPINION_SHORT[o.kind] ?? o.kind} : ${OPINION_VERDICTS[o.verdict as OpinionVerdict] ?? '—'}`).join(' ; ') : 'Aucun avis'}</td>
                          <td class="spie-nowrap" safe>
                            {scoreCell(scores.get(r.id))}
                          </td>
                          <td class="spie-nowrap" safe>
                            {formatEuros(r.stateGrantCents)}
                          </td>
                          <td class="spie-nowrap" safe>
                            {formatEuros(running)}
                          </td>
                          <td>
                            {r.decision ? (
                              <span class={`fr-badge fr-badge--no-icon ${r.decision === 'selected' ? 'fr-badge--success' : 'fr-badge--warning'}`} safe>
                                {applicationStatusLabel(r.decision)}
                              </span>
                            ) : r.status === 'opinions_given' ? (
                              <a class="spie-nowrap" href={`#decider-${r.id}`}>
                                Décider
                                <span class="fr-sr-only" safe>{` sur la candidature n° ${r.id}`}</span>
                              </a>
                            ) : (
                              <ApplicationStatusBadge status={r.status} />
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
      {pending.length ? <h2 class="fr-h4 fr-mt-4w">Décisions à prendre</h2> : ''}
      {pending.map((r) => (
        <DecisionForm ctx={ctx} row={r} state={state?.applicationId === r.id ? state : undefined} />
      ))}
    </Layout>,
    status,
  );
}

function scoreCell(score: { averageTenths: number; grids: number } | undefined): string {
  // No-break spaces: the cell stays on one line in the narrow comparative table.
  return score ? `${formatScore(score.averageTenths)} (${score.grids} grille${score.grids > 1 ? 's' : ''})`.replaceAll(' ', '\u00a0') : 'Non notée';
}

const OPINION_SHORT: Record<string, string> = { departement_prefect: 'Préfet de département', regional_prefect: 'Préfet de région', collegial: 'Avis collégial' };

function DecisionForm({ ctx, row, state }: { ctx: PageContext; row: { id: number; departement_name: string; departement_code: string; stateGrantCents: number }; state: DecisionFormState | undefined }) {
  const values = state?.values ?? {};
  const errors = state?.errors ?? {};
  return (
    <form method="post" action={`/candidatures/${row.id}/decision`} id={`decider-${row.id}`} class="fr-mb-4w" novalidate>
      <CsrfField ctx={ctx} />
      <h3 class="fr-h5" safe>{`Candidature n° ${row.id} — ${row.departement_name} (${row.departement_code}), ${formatEuros(row.stateGrantCents)} demandés`}</h3>
      {errors.form ? (
        <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p safe>{errors.form}</p>
        </div>
      ) : (
        ''
      )}
      <RadioGroup
        id={`decision-${row.id}-choix`}
        name="decision"
        legend="Décision"
        options={Object.entries(DECISIONS).map(([value, label]) => ({ value, label }))}
        value={values.decision ?? ''}
        error={errors.decision}
        inline
      />
      <TextArea id={`decision-${row.id}-motifs`} name="reasons" label="Motifs de la décision" value={values.reasons ?? ''} error={errors.reasons} rows={3} />
      <button class="fr-btn" type="submit" safe>{`Enregistrer la décision sur la candidature n° ${row.id}`}</button>
    </form>
  );
}

export function registerApplicationReview(app: FastifyInstance): void {
  /** Opinions: the form's errors go back on the application page (422), the input kept. */
  async function opinion(request: FastifyRequest, reply: FastifyReply, form: 'opinion' | 'collegial' | 'contribution', kind: OpinionKind, notice: string) {
    const id = applicationId(request);
    const b = body(request);
    const values = { verdict: asText(b.verdict), reasons: asText(b.reasons), confidential: asText(b.confidential) === 'oui' ? 'oui' : '' };
    const errors: Record<string, string | undefined> = {
      verdict: form !== 'contribution' && !isVerdict(values.verdict) ? 'Choisissez un avis : favorable, réservé ou défavorable.' : undefined,
      reasons: reasonsError(values.reasons, form === 'contribution' ? 'votre contribution' : 'votre avis'),
    };
    if (!errors.verdict && !errors.reasons) {
      const result = await recordOpinion(app.deps.db, {
        applicationId: id,
        actor: request.actor!,
        kind,
        verdict: form === 'contribution' ? null : (values.verdict as OpinionVerdict),
        reasons: values.reasons,
        confidential: form === 'contribution' && values.confidential === 'oui',
        now: app.deps.clock(),
      });
      if (result.ok) return reply.redirect(`/candidatures/${id}?ok=${notice}#instruction`, 303);
      errors.form = result.message;
      return sendApplicationPage(app, request, reply, { form, values, errors }, result.status);
    }
    return sendApplicationPage(app, request, reply, { form, values, errors } satisfies ReviewFormState, 422);
  }

  app.post('/candidatures/:id/avis', { config: on('application.opine') }, async (request, reply) => {
    const object = (await applicationAuthzObject(app.deps.db, applicationId(request)))!;
    return opinion(request, reply, 'opinion', prefectKind(request.actor!, object.type === 'application' ? object.departementCode : ''), 'avis');
  });

  app.post('/candidatures/:id/avis-collegial', { config: on('application.collegialOpinion') }, (request, reply) => opinion(request, reply, 'collegial', 'collegial', 'avis-collegial'));

  app.post('/candidatures/:id/contribution', { config: on('application.contribute') }, (request, reply) => opinion(request, reply, 'contribution', 'expert', 'contribution'));

  app.post('/candidatures/:id/renvoi', { config: on('application.return') }, async (request, reply) => {
    const id = applicationId(request);
    const values = { reason: asText(body(request).reason) };
    const errors: Record<string, string | undefined> = { reason: reasonsError(values.reason, 'ce que le porteur doit compléter') };
    if (errors.reason) return sendApplicationPage(app, request, reply, { form: 'return', values, errors }, 422);
    const result = await returnForCompletion(app.deps.db, { applicationId: id, reason: values.reason, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) {
      errors.form = result.message;
      return sendApplicationPage(app, request, reply, { form: 'return', values, errors }, result.status);
    }
    const author = await app.deps.db
      .selectFrom('application as a')
      .innerJoin('app_user as u', 'u.id', 'a.created_by')
      .select('u.email')
      .where('a.id', '=', id)
      .executeTakeFirstOrThrow();
    await queueMail(app.deps, {
      to: author.email,
      subject: `Candidature n° ${id} : complément demandé`,
      text: `Bonjour,\n\nVotre candidature n° ${id} vous est renvoyée pour complément :\n${values.reason.trim()}\n\nModifiez-la puis déposez-la à nouveau : ${app.deps.config.publicUrl}/candidatures/${id}\n\nService public de l’insertion et de l’emploi`,
    });
    return reply.redirect(`/candidatures/${id}?ok=renvoi#instruction`, 303);
  });

  app.post('/candidatures/:id/experts', { config: on('application.inviteExpert') }, async (request, reply) => {
    const id = applicationId(request);
    const b = body(request);
    const now = app.deps.clock();
    const values = { expertEmail: asText(b.expertEmail).trim(), dueOn: asText(b.dueOn).trim() };
    const errors: Record<string, string | undefined> = {
      expertEmail: !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.expertEmail) || values.expertEmail.length > 254 ? 'Indiquez une adresse électronique valide, par exemple prenom.nom@dreets.gouv.fr.' : undefined,
      dueOn: !isRealDay(values.dueOn)
        ? 'Indiquez la date attendue de la contribution, au format jj/mm/aaaa.'
        : values.dueOn < parisToday(now)
          ? 'La date attendue ne peut pas être passée.'
          : undefined,
    };
    if (!errors.expertEmail && !errors.dueOn) {
      const status = (await app.deps.db.selectFrom('application').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
      if (!acceptsOpinions(status)) {
        errors.form = 'Cette candidature n’est pas en instruction : on ne peut plus y inviter d’expert.';
        return sendApplicationPage(app, request, reply, { form: 'expert', values, errors }, 409);
      }
      const result = await inviteExpert(app.deps.db, { applicationId: id, expertEmail: values.expertEmail, dueOn: values.dueOn, actor: request.actor!, now });
      if (result.ok) {
        await queueMail(app.deps, {
          to: values.expertEmail.toLowerCase(),
          subject: `Contribution attendue sur la candidature SPIE n° ${id}`,
          text:
            `Bonjour,\n\n${request.actor!.displayName} vous invite à contribuer à l’instruction de la candidature n° ${id}, ` +
            `avant le ${frenchDay(values.dueOn)}.\nConnectez-vous avec ProConnect : ${app.deps.config.publicUrl}/candidatures/${id}#instruction\n\n` +
            'Vous pourrez marquer votre contribution comme confidentielle : le porteur ne la verra pas.\n\nService public de l’insertion et de l’emploi',
        });
        return reply.redirect(`/candidatures/${id}?ok=expert#instruction`, 303);
      }
      if (/date/.test(result.message)) errors.dueOn = result.message;
      else errors.expertEmail = result.message;
    }
    return sendApplicationPage(app, request, reply, { form: 'expert', values, errors }, 422);
  });

  app.get('/appels/:id/decision', { config: { authz: { action: 'call.decide', ...callObject } } }, (request, reply) => sendDecisionPage(app, request, reply, idParam(request)));

  // 'call.decide' is national: the loader only checks that the application exists.
  app.post('/candidatures/:id/decision', { config: { authz: { action: 'call.decide', object: applicationObject } } }, async (request, reply) => {
    const id = applicationId(request);
    const callId = (await app.deps.db.selectFrom('application').select('call_id').where('id', '=', id).executeTakeFirstOrThrow()).call_id;
    const b = body(request);
    const values = { decision: asText(b.decision), reasons: asText(b.reasons) };
    const errors: Record<string, string | undefined> = {
      decision: Object.hasOwn(DECISIONS, values.decision) ? undefined : 'Choisissez : retenir ou ne pas retenir.',
      reasons: values.reasons.trim() ? (values.reasons.length > MAX_REASONS ? `Les motifs dépassent ${MAX_REASONS} caractères.` : undefined) : 'Motivez la décision.',
    };
    let status = 422;
    if (!errors.decision && !errors.reasons) {
      const result = await decide(app.deps.db, { applicationId: id, decision: values.decision as DecisionChoice, reasons: values.reasons, actor: request.actor!, now: app.deps.clock() });
      if (result.ok) {
        await queueMail(app.deps, result.mail);
        return reply.redirect(`/appels/${callId}/decision?ok=decision#comparatif`, 303);
      }
      errors.form = result.message;
      status = result.status;
    }
    request.query = {};
    return sendDecisionPage(app, request, reply, callId, { applicationId: id, values, errors }, status);
  });
}
