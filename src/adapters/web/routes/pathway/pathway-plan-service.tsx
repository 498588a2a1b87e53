/**
 * A catalogue service in the plan (SPIE-5, issue 6 §5), without JavaScript: the professional searches
 * the published services of the pathway's space by name (2 characters at least, 20 results) — the
 * search re-renders the form with the results as radio buttons and everything typed kept — chooses
 * one, and adds the action; its description may be left empty (the service's name). A service can
 * also come chosen (`?service=<id>`) from the catalogue's service page, through the choice of one of
 * the actor's open pathways. The page names the person and shows the plan's objectives: each render
 * is a read of the pathway, logged (SPIE-7).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logPersonAccess } from '../../../../domains/pathway/adapters/access-log.js';
import { choosePathway } from './pathway-chooser.js';
import { PLAN_SERVICE_RESULTS, publishedPlanService, searchPlanServices, type PlanService } from '../../../../domains/pathway/adapters/plan-services.js';
import { addAction, loadPathway } from '../../../../domains/pathway/adapters/record.js';
import { DIAGNOSIS_AREAS, isDiagnosisArea } from '../../../../domains/pathway/entities/diagnosis-areas.js';
import { MAX_SERVICE_ID, checkAction, checkServiceQuery } from '../../../../domains/pathway/entities/plan.js';
import { asText } from '../../components/checkboxes.js';
import { ErrorSummary, SelectField, TextField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../../components/layout.js';
import { Breadcrumb, EmptyState } from '../../components/ui.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { catalogueSpace, searchConfig, servicesPath } from '../catalogue/catalogue-common.js';
import { EDIT, formFields, pathwayId, personName } from './pathway-common.js';

export const planServicePath = (pathway: number) => `/parcours/${pathway}/service-du-catalogue`;

const LABELS = {
  form: { id: 'form-action-service', label: 'Action' },
  serviceQuery: { id: 'service-recherche', label: 'Nom du service' },
  serviceId: { id: 'service-choix', label: 'Service du catalogue' },
  objectiveId: { id: 'service-objectif', label: 'Objectif' },
  label: { id: 'service-texte', label: 'Description de l’action' },
  startsOn: { id: 'service-debut', label: 'Début de l’action' },
  endsOn: { id: 'service-fin', label: 'Fin de l’action' },
};

type Fields = Record<string, string>;
type Errors = Record<string, string>;
/** The services listed: `null` before any search. */
type Found = { query: string; services: PlanService[] } | null;

const idOf = (text: string | undefined) => (/^[1-9]\d{0,15}$/.test(text ?? '') ? Number(text) : 0);

function ServiceChoice({ chosen, found, value, error }: { chosen: PlanService | null; found: Found; value: string; error: string | undefined }) {
  const id = LABELS.serviceId.id;
  const services = [...(chosen ? [chosen] : []), ...(found?.services ?? []).filter((s) => s.id !== chosen?.id)];
  const none: string = found && found.services.length === 0 ? `Aucun service publié du catalogue ne contient « ${found.query} » dans son nom.` : 'Cherchez le service par son nom pour le choisir.';
  const listed: string = !found?.services.length
    ? ''
    : found.services.length >= PLAN_SERVICE_RESULTS
      ? `Les ${PLAN_SERVICE_RESULTS} premiers services publiés dont le nom contient « ${found.query} », par nom : précisez le nom pour voir les autres.`
      : `Les services publiés dont le nom contient « ${found.query} », par nom.`;
  return (
    <fieldset class={`fr-fieldset${error ? ' fr-fieldset--error' : ''}`} id={id} aria-labelledby={`${id}-legend ${id}-messages`}>
      <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id={`${id}-legend`}>
        Service du catalogue
        {listed ? (
          <span class="fr-hint-text" safe>
            {listed}
          </span>
        ) : (
          ''
        )}
      </legend>
      {services.length === 0 ? (
        <div class="fr-fieldset__element">
          <p class="fr-mb-0" safe>
            {none}
          </p>
        </div>
      ) : (
        services.map((s, i) => {
          const where: string = [s.structureNom, s.commune].filter(Boolean).join(' — ');
          return (
            <div class="fr-fieldset__element">
              <div class="fr-radio-group">
                <input type="radio" id={`${id}-${i}`} name="serviceId" value={s.id} checked={s.id === value} />
                <label class="fr-label" for={`${id}-${i}`}>
                  <span safe>{s.nom}</span>
                  <span class="fr-hint-text" safe>
                    {where}
                  </span>
                </label>
              </div>
            </div>
          );
        })
      )}
      <div class="fr-messages-group" id={`${id}-messages`} aria-live="polite">
        {error ? (
          <p class="fr-message fr-message--error" safe>
            {error}
          </p>
        ) : (
          ''
        )}
      </div>
    </fieldset>
  );
}

interface PageData {
  ctx: PageContext;
  pathway: { id: number; spaceId: number; spaceName: string; objectives: { id: number; area: string; label: string }[] };
  values: Fields;
  errors: Errors;
  chosen: PlanService | null;
  found: Found;
}

function ServiceForm({ ctx, pathway, values, errors, chosen, found }: PageData) {
  const val = (key: string) => values[key] ?? '';
  return (
    <form method="post" action={planServicePath(pathway.id)} id={LABELS.form.id} novalidate>
      <CsrfField ctx={ctx} />
      {errors.form ? (
        <p class="fr-error-text fr-mb-2w" safe>
          {errors.form}
        </p>
      ) : (
        ''
      )}
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div class="fr-col-12 fr-col-md-8">
          <TextField id={LABELS.serviceQuery.id} name="serviceQuery" label="Nom du service" hint="2 caractères au moins, par exemple « atelier » ou « permis »." value={val('serviceQuery')} error={errors.serviceQuery} />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <button class="fr-btn fr-btn--secondary fr-icon-search-line fr-btn--icon-left" type="submit" name="intent" value="chercher">
            Chercher un service
          </button>
        </div>
      </div>
      <p class="fr-mt-2w">
        <a class="fr-link fr-link--sm" href={servicesPath(pathway.spaceId)}>
          Chercher plutôt dans le catalogue, par thème, public ou lieu
        </a>
      </p>
      <ServiceChoice chosen={chosen} found={found} value={val('serviceId')} error={errors.serviceId} />
      <SelectField
        id={LABELS.objectiveId.id}
        name="objectiveId"
        label="Objectif (facultatif)"
        value={val('objectiveId')}
        placeholder="Choisir l’objectif auquel l’action répond"
        options={pathway.objectives.map((o) => ({ value: String(o.id), label: `${isDiagnosisArea(o.area) ? DIAGNOSIS_AREAS[o.area] : o.area} — ${o.label}` }))}
        error={errors.objectiveId}
      />
      <TextField id={LABELS.label.id} name="label" label="Description de l’action (facultative)" hint="Laissée vide, c’est le nom du service. Par exemple : « Session du mois de mars »." value={val('label')} error={errors.label} />
      <div class="fr-grid-row fr-grid-row--gutters fr-mb-3w">
        <div class="fr-col-12 fr-col-md-6">
          <TextField id={LABELS.startsOn.id} name="startsOn" label="Début de l’action (facultatif)" type="date" value={val('startsOn')} error={errors.startsOn} />
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <TextField id={LABELS.endsOn.id} name="endsOn" label="Fin de l’action (facultative)" type="date" value={val('endsOn')} error={errors.endsOn} />
        </div>
      </div>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button class="fr-btn" type="submit" name="intent" value="ajouter">
            Ajouter l’action
          </button>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href={`/parcours/${pathway.id}#plan`}>
            Annuler
          </a>
        </li>
      </ul>
    </form>
  );
}

/** The page, with what was typed, the service chosen (if still published) and the services found. */
async function servicePage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, values: Fields, errors: Errors, found: Found): Promise<FastifyReply> {
  const { db } = app.deps;
  const id = pathwayId(request);
  const record = await loadPathway(db, id);
  if (!record) throw new HttpError(404);
  const actor = request.actor!;
  await logPersonAccess(db, { personIds: [record.person_id], pathwayId: id, actor, action: 'pathway.read', now: app.deps.clock() });
  const serviceId = values.serviceId ?? '';
  const chosen = serviceId.length <= MAX_SERVICE_ID ? await publishedPlanService(db, record.space_id, serviceId) : null;
  const failed = Object.keys(errors).length > 0;
  const name = personName(record);
  const title = `Ajouter un service du catalogue – Parcours de ${name}`;
  const lead: string = `Parcours de ${name}. Les services publiés du catalogue de ${record.space_name}.`;
  const data: PageData = { ctx: pageContext(request), pathway: { id, spaceId: record.space_id, spaceName: record.space_name, objectives: record.objectives }, values, errors, chosen, found };
  return sendPage(
    reply,
    <Layout ctx={data.ctx} title={failed ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Mon SPIE', href: '/spie' }, { label: record.space_name, href: `/spie/${record.space_id}` }, { label: name, href: `/parcours/${id}` }, { label: 'Ajouter un service du catalogue' }]} />
      <ErrorSummary errors={errors} labels={LABELS} />
      <h1>Ajouter un service du catalogue au plan</h1>
      <p class="fr-text--lead" safe>
        {lead}
      </p>
      {record.status === 'open' ? (
        <div class="fr-col-12 fr-col-lg-8">
          <ServiceForm {...data} />
        </div>
      ) : (
        <EmptyState title="Le parcours est clos">Son plan ne change plus.</EmptyState>
      )}
    </Layout>,
    failed ? 422 : 200,
  );
}

/** The services the last search found again (its text is kept with the form), so that a refused form keeps its list. */
async function foundAgain(app: FastifyInstance, spaceId: number, fields: Fields): Promise<Found> {
  const query = checkServiceQuery(fields.serviceQuery ?? '');
  return query.ok ? { query: query.text, services: await searchPlanServices(app.deps.db, spaceId, query.text) } : null;
}

/**
 * A service action posted (from this page, or from the plan's form with the kind « Service du
 * catalogue »): a search re-renders the page; an addition is checked, then saved (303 to the plan) or
 * refused (422 here, the message next to its field, nothing saved).
 */
export async function postServiceAction(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, fields: Fields): Promise<FastifyReply> {
  const id = pathwayId(request);
  const pathway = await app.deps.db.selectFrom('pathway').select('space_id').where('id', '=', id).executeTakeFirst();
  if (!pathway) throw new HttpError(404);
  if (fields.intent === 'chercher') {
    const query = checkServiceQuery(fields.serviceQuery ?? '');
    if (!query.ok) return servicePage(app, request, reply, fields, { serviceQuery: query.message }, null);
    return servicePage(app, request, reply, fields, {}, { query: query.text, services: await searchPlanServices(app.deps.db, pathway.space_id, query.text) });
  }
  // From the plan's form, the kind chosen without a service yet: the next step, nothing refused.
  if (fields.intent !== 'ajouter' && !fields.serviceId) return servicePage(app, request, reply, fields, {}, null);
  const checked = checkAction({ kind: 'service', label: fields.label ?? '', serviceId: fields.serviceId ?? '', startsOn: fields.startsOn, endsOn: fields.endsOn });
  const objectiveId = fields.objectiveId ? idOf(fields.objectiveId) : null;
  if (!checked.ok || objectiveId === 0) {
    const errors = { ...(checked.ok ? {} : checked.errors), ...(objectiveId === 0 ? { objectiveId: 'Choisissez un objectif de la liste.' } : {}) };
    return servicePage(app, request, reply, fields, errors, await foundAgain(app, pathway.space_id, fields));
  }
  const result = await addAction(app.deps.db, { pathwayId: id, objectiveId, action: checked.action, actor: request.actor!, now: app.deps.clock() });
  if (!result.ok) return servicePage(app, request, reply, fields, { [result.field ?? 'form']: result.message }, await foundAgain(app, pathway.space_id, fields));
  return reply.redirect(`/parcours/${id}?ok=action#action-${result.id}`, 303);
}

const serviceParam = (request: FastifyRequest): string => {
  const id = String((request.params as { serviceId?: string }).serviceId ?? '');
  if (id === '' || id.length > MAX_SERVICE_ID) throw new HttpError(404);
  return id;
};

export function registerPlanServiceRoutes(app: FastifyInstance): void {
  app.get('/parcours/:id/service-du-catalogue', { config: EDIT }, (request, reply) => servicePage(app, request, reply, { serviceId: asText((request.query as Record<string, unknown>).service).slice(0, MAX_SERVICE_ID) }, {}, null));

  app.post('/parcours/:id/service-du-catalogue', { config: EDIT }, (request, reply) => {
    const fields = formFields(request);
    return postServiceAction(app, request, reply, { ...fields, intent: fields.intent === 'chercher' ? 'chercher' : 'ajouter' });
  });

  // From a service of the catalogue: which of the actor's open pathways gets it in its plan.
  app.get('/spie/:spaceId/services/:serviceId/ajouter-au-plan', { config: searchConfig }, async (request, reply) => {
    const space = await catalogueSpace(request, app.deps);
    const service = await publishedPlanService(app.deps.db, space.id, serviceParam(request));
    if (!service) throw new HttpError(404);
    return choosePathway(app, request, reply, {
      space,
      service,
      action: `${servicesPath(space.id)}/${encodeURIComponent(service.id)}/ajouter-au-plan`,
      target: (chosen) => `${planServicePath(chosen)}?service=${encodeURIComponent(service.id)}`,
      text: {
        title: `Ajouter « ${service.nom} » au plan d’un parcours`,
        here: 'Ajouter au plan d’un parcours',
        fieldId: 'plan-parcours',
        required: 'Choisissez le parcours dont le plan reçoit ce service.',
        none: 'Vous n’êtes référent ou membre d’aucun parcours ouvert dans ce territoire.',
      },
    });
  });
}
