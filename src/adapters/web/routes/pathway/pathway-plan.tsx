/**
 * The plan built with the person (issue 5 §6, SPIE-5): objectives per area of the diagnosis, and
 * actions — free text, an immersion in a company (SIRET, dates) or a service of the territory's
 * catalogue (issue 6 §5, chosen on its own page: pathway-plan-service.tsx) — each with its state.
 * A service action links to the service's page while it is published, and stays named (« service
 * archivé ») when it no longer is.
 */
import { Table } from '../../components/ui.js';
import type { FastifyInstance } from 'fastify';
import { addAction, addObjective, setActionStatus } from '../../../../domains/pathway/adapters/record.js';
import { DIAGNOSIS_AREAS, DIAGNOSIS_AREA_KEYS, isDiagnosisArea } from '../../../../domains/pathway/entities/diagnosis-areas.js';
import { ACTION_KINDS, ACTION_STATUSES, checkAction, type ActionKind, type ActionStatus } from '../../../../domains/pathway/entities/plan.js';
import { RadioGroup } from '../../components/checkboxes.js';
import { SelectField, TextField } from '../../components/form-fields.js';
import { CsrfField } from '../../components/layout.js';
import { HttpError } from '../../errors.js';
import { Accordion, EDIT, FormError, dayLabel, errorOf, formFields, hasErrors, pathwayId, StatusForm, valueOf, type PathwayView, type RenderPathway } from './pathway-common.js';
import { ContractPart } from './pathway-contract.js';
import { planServicePath, postServiceAction, registerPlanServiceRoutes } from './pathway-plan-service.js';

const OBJECTIVE_LABELS = {
  form: { id: 'form-objectif', label: 'Objectif' },
  area: { id: 'objectif-domaine', label: 'Domaine' },
  label: { id: 'objectif-texte', label: 'Objectif' },
};

const ACTION_LABELS = {
  form: { id: 'form-action', label: 'Action' },
  kind: { id: 'action-type', label: 'Type d’action' },
  objectiveId: { id: 'action-objectif', label: 'Objectif' },
  label: { id: 'action-texte', label: 'Action' },
  companySiret: { id: 'action-siret', label: 'SIRET de l’entreprise' },
  companyName: { id: 'action-entreprise', label: 'Entreprise' },
  startsOn: { id: 'action-debut', label: 'Début de l’action' },
  endsOn: { id: 'action-fin', label: 'Fin de l’action' },
};

/** The kinds a professional chooses here; a catalogue service is then chosen on its own page. */
const OFFERED_KINDS: ActionKind[] = ['free', 'immersion', 'service'];

function ObjectivesPart({ view }: { view: PathwayView }) {
  const objectives = view.record.objectives;
  return (
    <>
      <h3 id="objectifs">Objectifs</h3>
      {objectives.length === 0 ? (
        <p>Aucun objectif pour l’instant.</p>
      ) : (
        <Table hiddenCaption caption="Objectifs du plan, par domaine" headers={['Domaine', 'Objectif', 'Proposé par']}>
          {DIAGNOSIS_AREA_KEYS.flatMap((area) => objectives.filter((o) => o.area === area)).map((o) => (
            <tr id={`objectif-${o.id}`}>
              <td safe>{isDiagnosisArea(o.area) ? DIAGNOSIS_AREAS[o.area] : o.area}</td>
              <td class="spie-pre" safe>
                {o.label}
              </td>
              <td>{o.by_person ? 'la personne' : 'un professionnel'}</td>
            </tr>
          ))}
        </Table>
      )}
      {view.canEdit ? (
        <Accordion id="objectif-nouveau" title="Ajouter un objectif" open={hasErrors(view, 'objective')}>
          <form method="post" action={`/parcours/${view.record.id}/objectifs`} id="form-objectif" novalidate>
            <CsrfField ctx={view.ctx} />
            <FormError view={view} form="objective" />
            <SelectField
              id="objectif-domaine"
              name="area"
              label="Domaine"
              value={valueOf(view, 'objective', 'area')}
              placeholder="Choisir le domaine"
              options={DIAGNOSIS_AREA_KEYS.map((a) => ({ value: a, label: DIAGNOSIS_AREAS[a] }))}
              error={errorOf(view, 'objective', 'area')}
            />
            <TextField id="objectif-texte" name="label" label="Objectif" hint="Par exemple : « Obtenir le permis B d’ici l’été »." value={valueOf(view, 'objective', 'label')} error={errorOf(view, 'objective', 'label')} />
            <button class="fr-btn" type="submit">
              Ajouter l’objectif
            </button>
          </form>
        </Accordion>
      ) : (
        ''
      )}
    </>
  );
}

function ActionForm({ view }: { view: PathwayView }) {
  const err = (key: string) => errorOf(view, 'action', key);
  const val = (key: string, fallback = '') => valueOf(view, 'action', key, fallback);
  return (
    <form method="post" action={`/parcours/${view.record.id}/actions`} id="form-action" novalidate>
      <CsrfField ctx={view.ctx} />
      <FormError view={view} form="action" />
      <RadioGroup
        id="action-type"
        name="kind"
        legend="Type d’action"
        options={OFFERED_KINDS.map((k) => ({ value: k, label: ACTION_KINDS[k] }))}
        value={val('kind', 'free')}
        error={err('kind')}
        inline
      />
      <p class="fr-hint-text fr-mt-n2w fr-mb-3w">Service du catalogue : vous le choisirez à l’étape suivante, en le cherchant par son nom ; le champ « Action » devient facultatif (par défaut, le nom du service).</p>
      <SelectField
        id="action-objectif"
        name="objectiveId"
        label="Objectif (facultatif)"
        value={val('objectiveId')}
        placeholder="Choisir l’objectif auquel l’action répond"
        options={view.record.objectives.map((o) => ({ value: String(o.id), label: `${isDiagnosisArea(o.area) ? DIAGNOSIS_AREAS[o.area] : o.area} — ${o.label}` }))}
        error={err('objectiveId')}
      />
      <TextField id="action-texte" name="label" label="Action" hint="Ce qui sera fait, par exemple : « Atelier CV à la mission locale »." value={val('label')} error={err('label')} />
      <fieldset class="fr-fieldset" id="action-immersion" aria-labelledby="action-immersion-legend">
        <legend class="fr-fieldset__legend" id="action-immersion-legend">
          Immersion en entreprise
          <span class="fr-hint-text">À remplir pour une immersion ; les dates valent aussi pour une autre action (facultatives).</span>
        </legend>
        <div class="fr-fieldset__element">
          <TextField id="action-siret" name="companySiret" label="SIRET de l’entreprise" hint="14 chiffres." inputmode="numeric" value={val('companySiret')} error={err('companySiret')} />
        </div>
        <div class="fr-fieldset__element">
          <TextField id="action-entreprise" name="companyName" label="Entreprise" value={val('companyName')} error={err('companyName')} />
        </div>
        <div class="fr-fieldset__element">
          <TextField id="action-debut" name="startsOn" label="Début de l’action" type="date" value={val('startsOn')} error={err('startsOn')} />
        </div>
        <div class="fr-fieldset__element">
          <TextField id="action-fin" name="endsOn" label="Fin de l’action" type="date" value={val('endsOn')} error={err('endsOn')} />
        </div>
      </fieldset>
      <button class="fr-btn" type="submit">
        Ajouter l’action
      </button>
    </form>
  );
}

type PlanActionRow = PathwayView['record']['actions'][number];

/** The catalogue service of an action: a link to its page while published; otherwise its name, and why there is no link. */
function ServiceOfAction({ spaceId, action }: { spaceId: number; action: Pick<PlanActionRow, 'service_id' | 'service_nom' | 'service_status'> }) {
  const name: string = action.service_nom ?? action.service_id ?? '';
  if (action.service_status === 'published' && action.service_id) {
    return (
      <span class="fr-text--sm">
        {'Service du catalogue : '}
        <a class="fr-link fr-text--sm" href={`/spie/${spaceId}/services/${encodeURIComponent(action.service_id)}`} safe>
          {name}
        </a>
      </span>
    );
  }
  const text: string = `Service du catalogue : ${name} (${action.service_status === 'archived' ? 'service archivé' : 'service non publié'})`;
  return (
    <span class="fr-text--sm" safe>
      {text}
    </span>
  );
}

function ActionsPart({ view }: { view: PathwayView }) {
  const actions = view.record.actions;
  const objectiveOf = (id: number | null): string => view.record.objectives.find((o) => o.id === id)?.label ?? '—';
  return (
    <>
      <h3 id="actions">Actions</h3>
      {actions.length === 0 ? (
        <p>Aucune action pour l’instant.</p>
      ) : (
        <Table hiddenCaption caption="Actions du plan" headers={['Action', 'Objectif', 'Entreprise ou structure', 'Dates', 'État']}>
          {actions.map((a) => {
            const company: string = a.kind === 'immersion' ? `${a.company_name ?? ''} (SIRET ${a.company_siret ?? ''})` : a.kind === 'service' ? (a.service_structure_nom ?? '—') : '—';
            const dates: string = a.starts_on ? `du ${dayLabel(a.starts_on)} au ${dayLabel(a.ends_on)}` : '—';
            const kind: string = ACTION_KINDS[a.kind as ActionKind] ?? a.kind;
            const status: string = ACTION_STATUSES[a.status as ActionStatus] ?? a.status;
            return (
              <tr id={`action-${a.id}`}>
                <td>
                  <span class="fr-text--bold" safe>
                    {a.label}
                  </span>
                  <br />
                  {a.kind === 'service' ? (
                    <ServiceOfAction spaceId={view.record.space_id} action={a} />
                  ) : (
                    <span class="fr-text--sm" safe>
                      {kind}
                    </span>
                  )}
                </td>
                <td safe>{objectiveOf(a.objective_id)}</td>
                <td safe>{company}</td>
                <td safe>{dates}</td>
                <td>
                  {view.canEdit ? (
                    <StatusForm ctx={view.ctx} action={`/parcours/${view.record.id}/actions/${a.id}/etat`} class="spie-row" id={`action-${a.id}-etat`} label={`État de l’action « ${a.label} »`} statuses={ACTION_STATUSES} value={a.status} />
                  ) : (
                    <span safe>{status}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {view.canEdit ? (
        <>
          <Accordion id="action-nouvelle" title="Ajouter une action" open={hasErrors(view, 'action')}>
            <ActionForm view={view} />
          </Accordion>
          <p>
            <a class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left" href={planServicePath(view.record.id)}>
              Ajouter un service du catalogue
            </a>
          </p>
        </>
      ) : (
        ''
      )}
    </>
  );
}

export function PlanSection({ view }: { view: PathwayView }) {
  return (
    <section id="plan" class="fr-mb-6w">
      <h2>Plan d’action</h2>
      <ObjectivesPart view={view} />
      <ActionsPart view={view} />
      <ContractPart view={view} />
    </section>
  );
}

const idOf = (text: string | undefined) => (/^[1-9]\d{0,15}$/.test(text ?? '') ? Number(text) : 0);

export function registerPlanRoutes(app: FastifyInstance, render: RenderPathway): void {
  registerPlanServiceRoutes(app);
  app.post('/parcours/:id/objectifs', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const fields = formFields(request);
    const result = await addObjective(app.deps.db, { pathwayId: id, area: fields.area ?? '', label: fields.label ?? '', byPerson: false, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return render(request, reply, { form: 'objective', values: fields, errors: { [result.field ?? 'form']: result.message }, labels: OBJECTIVE_LABELS });
    return reply.redirect(`/parcours/${id}?ok=objectif#objectif-${result.id}`, 303);
  });

  app.post('/parcours/:id/actions', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const fields = formFields(request);
    const kind = fields.kind ?? '';
    // A catalogue service: chosen (or refused) on its own page, with what was typed here kept.
    if (kind === 'service') return postServiceAction(app, request, reply, { ...fields, intent: '' });
    const checked = (OFFERED_KINDS as string[]).includes(kind)
      ? checkAction({ kind, label: fields.label ?? '', companySiret: fields.companySiret, companyName: fields.companyName, startsOn: fields.startsOn, endsOn: fields.endsOn })
      : { ok: false as const, errors: { kind: 'Choisissez le type d’action.' } };
    const objectiveId = fields.objectiveId ? idOf(fields.objectiveId) : null;
    if (!checked.ok || objectiveId === 0) {
      const errors = { ...(checked.ok ? {} : checked.errors), ...(objectiveId === 0 ? { objectiveId: 'Choisissez un objectif de la liste.' } : {}) };
      return render(request, reply, { form: 'action', values: fields, errors, labels: ACTION_LABELS });
    }
    const result = await addAction(app.deps.db, { pathwayId: id, objectiveId, action: checked.action, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return render(request, reply, { form: 'action', values: fields, errors: { [result.field ?? 'form']: result.message }, labels: ACTION_LABELS });
    return reply.redirect(`/parcours/${id}?ok=action#action-${result.id}`, 303);
  });

  app.post('/parcours/:id/actions/:actionId/etat', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const actionId = pathwayId(request, 'actionId');
    const result = await setActionStatus(app.deps.db, { pathwayId: id, actionId, status: formFields(request).status ?? '', actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) throw new HttpError(result.message === 'Action inconnue.' ? 404 : 422, result.message);
    return reply.redirect(`/parcours/${id}?ok=action-etat#action-${actionId}`, 303);
  });
}
