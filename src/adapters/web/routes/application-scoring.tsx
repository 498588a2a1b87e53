/**
 * The scoring grid (issue 4 §2): the national team sets a call's criteria and weights; each reviewer
 * fills the grid of an application (a mark from 0 to 5 per criterion), sees the others' grids and
 * the mean score, which the national decision table shows too. The applicant never sees the grids.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getCall } from '../../../domains/ami/adapters/calls.js';
import { applicationGrids, callGrid, callHasMarks, recordMarks, saveCallGrid } from '../../../domains/ami/adapters/scores.js';
import { acceptsOpinions } from '../../../domains/ami/entities/opinion.js';
import { MARKS, MARK_LABELS, MAX_CRITERIA, checkGrid, formatScore, type ScoringCriterion } from '../../../domains/ami/entities/scoring-grid.js';
import { authorize } from '../../../domains/authorization/authorize.js';
import { RadioGroup, asText } from '../components/checkboxes.js';
import { ErrorSummary, TextArea } from '../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../components/layout.js';
import { Breadcrumb, EmptyState, Table, formatParis } from '../components/ui.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { applicationId, applicationObject, idParam } from './application-common.js';
import { callObject } from './calls.js';

interface FormState {
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
}

const MARK_OPTIONS = MARKS.map((m) => ({ value: String(m), label: MARK_LABELS[m]! }));

function ErrorAlert({ title, errors }: { title: string; errors: Record<string, string | undefined> }) {
  const messages = Object.values(errors).filter((m): m is string => Boolean(m));
  return messages.length ? (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <h2 class="fr-alert__title" safe>
        {title}
      </h2>
      <ul>
        {messages.map((m) => (
          <li safe>{m}</li>
        ))}
      </ul>
    </div>
  ) : (
    ''
  );
}

/** A line for the application's page: the mean score and a link to the grid. */
export async function scoringSummary(app: FastifyInstance, appId: number): Promise<string> {
  const { grids, averageTenths } = await applicationGrids(app.deps.db, appId);
  return averageTenths === null ? 'Aucune grille remplie.' : `Note moyenne : ${formatScore(averageTenths)}, sur ${grids.length} grille${grids.length > 1 ? 's' : ''}.`;
}

async function sendGridPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state?: FormState, status = 200): Promise<FastifyReply> {
  const ctx = pageContext(request);
  const id = applicationId(request);
  const head = await app.deps.db
    .selectFrom('application as a')
    .innerJoin('departement as d', 'd.code', 'a.departement_code')
    .innerJoin('ami_call as c', 'c.id', 'a.call_id')
    .select(['a.id', 'a.status', 'd.name as departement_name', 'c.title as call_title'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!head) throw new HttpError(404);
  const { criteria, grids, averageTenths } = await applicationGrids(app.deps.db, id);
  const object = (await applicationObject(request, app.deps))!;
  const canScore = acceptsOpinions(head.status) && authorize(request.actor!, 'application.score', object).allowed;
  const own = grids.find((g) => g.reviewerUserId === request.actor!.userId);
  const values: Record<string, string> =
    state?.values ?? Object.fromEntries([...criteria.map((c) => [c.key, own ? String(own.marks[c.key]) : '']), ['comment', own?.comment ?? '']]);
  const errors = state?.errors ?? {};
  const title = `Grille d’évaluation — candidature n° ${head.id} (${head.departement_name})`;
  const average: string = averageTenths === null ? '' : `Note moyenne : ${formatScore(averageTenths)} (${grids.length} grille${grids.length > 1 ? 's' : ''})`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={state ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Candidatures', href: '/candidatures' }, { label: `n° ${head.id}`, href: `/candidatures/${head.id}` }, { label: 'Grille d’évaluation' }]} />
      {state ? <ErrorSummary errors={errors} labels={markLabels(criteria)} /> : ''}
      <h1 safe>{title}</h1>
      {grids.length ? (
        <p class="fr-text--lg" safe>
          {average}
        </p>
      ) : (
        ''
      )}
      {grids.length === 0 ? (
        <EmptyState title="Aucune grille remplie">
          <p>Les évaluateurs notent chaque critère de 0 à 5 ; la note sur 100 tient compte des poids.</p>
        </EmptyState>
      ) : (
        <Table caption="Notes des évaluateurs, par critère" headers={['Critère (poids)', ...grids.map((g) => g.reviewerName)]}>
          {criteria.map((c) => (
            <tr>
              <td safe>{`${c.label} (${c.weight} %)`}</td>
              {grids.map((g) => (
                <td safe>{`${g.marks[c.key]} / 5`}</td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">Note sur 100</th>
            {grids.map((g) => (
              <td safe>{formatScore(g.scoreTenths)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">Commentaire</th>
            {grids.map((g) => (
              <td safe>{`${g.comment || '—'} (le ${formatParis(g.updatedAt)})`}</td>
            ))}
          </tr>
        </Table>
      )}
      {canScore ? (
        <form method="post" action={`/candidatures/${head.id}/grille`} id="ma-grille" novalidate class="fr-mt-4w">
          <CsrfField ctx={ctx} />
          <h2 class="fr-h4">{own ? 'Modifier ma grille' : 'Remplir ma grille'}</h2>
          {criteria.map((c, i) => (
            <RadioGroup id={`note-${i}`} name={c.key} legend={`${c.label} — poids ${c.weight} %`} options={MARK_OPTIONS} value={values[c.key] ?? ''} error={errors[c.key]} inline />
          ))}
          <TextArea id="grille-commentaire" name="comment" label="Commentaire" hint="Facultatif : ce qui justifie vos notes." value={values.comment ?? ''} error={errors.comment} rows={4} />
          <button class="fr-btn" type="submit">
            Enregistrer ma grille
          </button>
        </form>
      ) : (
        ''
      )}
    </Layout>,
    status,
  );
}

/** The error summary links each criterion's message to its first choice. */
function markLabels(criteria: ScoringCriterion[]): Record<string, { id: string; label: string }> {
  return {
    ...Object.fromEntries(criteria.map((c, i) => [c.key, { id: `note-${i}-0`, label: c.label }])),
    comment: { id: 'grille-commentaire', label: 'Commentaire' },
    form: { id: 'ma-grille', label: 'Grille' },
  };
}

const GRID_ROWS = MAX_CRITERIA;

async function sendCallGridPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state?: FormState, status = 200): Promise<FastifyReply> {
  const ctx = pageContext(request);
  const call = await getCall(app.deps.db, idParam(request));
  if (!call) throw new HttpError(404);
  const criteria: ScoringCriterion[] = await callGrid(app.deps.db, call.id);
  const frozen = await callHasMarks(app.deps.db, call.id);
  const values: Record<string, string> =
    state?.values ?? Object.fromEntries(criteria.flatMap((c, i) => [[`label-${i}`, c.label], [`weight-${i}`, String(c.weight)]]));
  const errors = state?.errors ?? {};
  const saved = asText((request.query as Record<string, unknown>).ok) === 'grille';
  const title = `Grille d’évaluation — ${call.title}`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={state ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Appels', href: '/appels' }, { label: call.title, href: `/appels/${call.id}` }, { label: 'Grille d’évaluation' }]} />
      {saved ? (
        <div class="fr-alert fr-alert--success fr-mb-3w">
          <p>La grille a été enregistrée.</p>
        </div>
      ) : (
        ''
      )}
      {state ? <ErrorAlert title="La grille n’a pas été enregistrée" errors={errors} /> : ''}
      <h1 safe>{title}</h1>
      {frozen ? (
        <div class="fr-alert fr-alert--info fr-mb-3w">
          <p>Des candidatures ont déjà été notées avec cette grille : elle ne peut plus changer, pour que les notes restent comparables.</p>
        </div>
      ) : (
        <p>Chaque critère est noté de 0 à 5 par les évaluateurs ; les poids, en points de pourcentage, totalisent 100. Laissez vides les lignes inutiles.</p>
      )}
      {frozen ? (
        <Table caption="Critères et poids" headers={['Critère', 'Poids']}>
          {criteria.map((c) => (
            <tr>
              <td safe>{c.label}</td>
              <td safe>{`${c.weight} %`}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <form method="post" action={`/appels/${call.id}/grille`} novalidate>
          <CsrfField ctx={ctx} />
          {Array.from({ length: GRID_ROWS }, (_, i) => {
            const labelError = errors[`label-${i}`];
            const weightError = errors[`weight-${i}`];
            return (
              <fieldset class="fr-fieldset" aria-labelledby={`critere-${i}-legende`}>
                <legend class="fr-fieldset__legend fr-text--regular" id={`critere-${i}-legende`} safe>
                  {`Critère ${i + 1}`}
                </legend>
                <div class="fr-fieldset__element fr-col-12 fr-col-md-9">
                  <div class={`fr-input-group${labelError ? ' fr-input-group--error' : ''}`}>
                    <label class="fr-label" for={`critere-${i}-libelle`} safe>
                      {`Intitulé du critère ${i + 1}`}
                    </label>
                    <input class="fr-input" id={`critere-${i}-libelle`} name={`label-${i}`} value={values[`label-${i}`] ?? ''} aria-describedby={labelError ? `critere-${i}-libelle-erreur` : undefined} />
                    {labelError ? (
                      <p class="fr-error-text" id={`critere-${i}-libelle-erreur`} safe>
                        {labelError}
                      </p>
                    ) : (
                      ''
                    )}
                  </div>
                </div>
                <div class="fr-fieldset__element fr-col-12 fr-col-md-3">
                  <div class={`fr-input-group${weightError ? ' fr-input-group--error' : ''}`}>
                    <label class="fr-label" for={`critere-${i}-poids`} safe>
                      {`Poids du critère ${i + 1} (%)`}
                    </label>
                    <input
                      class="fr-input"
                      id={`critere-${i}-poids`}
                      name={`weight-${i}`}
                      inputmode="numeric"
                      value={values[`weight-${i}`] ?? ''}
                      aria-describedby={weightError ? `critere-${i}-poids-erreur` : undefined}
                    />
                    {weightError ? (
                      <p class="fr-error-text" id={`critere-${i}-poids-erreur`} safe>
                        {weightError}
                      </p>
                    ) : (
                      ''
                    )}
                  </div>
                </div>
              </fieldset>
            );
          })}
          <button class="fr-btn" type="submit">
            Enregistrer la grille
          </button>
        </form>
      )}
    </Layout>,
    status,
  );
}

export function registerApplicationScoring(app: FastifyInstance): void {
  app.get('/candidatures/:id/grille', { config: { authz: { action: 'application.readScores', object: applicationObject } } }, (request, reply) => sendGridPage(app, request, reply));

  app.post('/candidatures/:id/grille', { config: { authz: { action: 'application.score', object: applicationObject } } }, async (request, reply) => {
    const id = applicationId(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, asText(v)]));
    const result = await recordMarks(app.deps.db, { applicationId: id, actor: request.actor!, marks: values, comment: values.comment ?? '', now: app.deps.clock() });
    if (!result.ok) return sendGridPage(app, request, reply, { values, errors: result.errors }, result.status);
    return reply.redirect(`/candidatures/${id}?ok=grille#instruction`, 303);
  });

  app.get('/appels/:id/grille', { config: { authz: { action: 'call.grid', ...callObject } } }, (request, reply) => sendCallGridPage(app, request, reply));

  app.post('/appels/:id/grille', { config: { authz: { action: 'call.grid', ...callObject } } }, async (request, reply) => {
    const callId = idParam(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: Record<string, string> = {};
    const rows = Array.from({ length: GRID_ROWS }, (_, i) => {
      values[`label-${i}`] = asText(body[`label-${i}`]);
      values[`weight-${i}`] = asText(body[`weight-${i}`]);
      return { label: values[`label-${i}`]!, weight: values[`weight-${i}`]! };
    });
    const checked = checkGrid(rows);
    if (!checked.ok) return sendCallGridPage(app, request, reply, { values, errors: checked.errors }, 422);
    const saved = await saveCallGrid(app.deps.db, { callId, criteria: checked.criteria, actor: request.actor!, now: app.deps.clock() });
    if (!saved.ok) return sendCallGridPage(app, request, reply, { values, errors: { form: saved.message } }, 409);
    return reply.redirect(`/appels/${callId}/grille?ok=grille`, 303);
  });
}
