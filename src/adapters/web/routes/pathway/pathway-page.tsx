/**
 * A person's pathway for professionals (issue 5 §3–8, §10): one page with the person, the referent
 * and members, the diagnosis, the orientation, the plan, the appointments and the timeline. Every
 * render is a read of the person's data and is logged (SPIE-7). The forms show only to whoever may
 * change the pathway (authorize 'pathway.edit'); a former referent in their read period reads only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize } from '../../../../domains/authorization/authorize.js';
import { logPersonAccess } from '../../../../domains/pathway/adapters/access-log.js';
import { listEvents } from '../../../../domains/pathway/adapters/events.js';
import { pathwayAuthzObject } from '../../../../domains/pathway/adapters/pathways.js';
import { appointmentContact, loadPathway } from '../../../../domains/pathway/adapters/record.js';
import { listProfessionals, memberOrganisations } from '../../../../domains/pathway/adapters/spaces.js';
import { formerReferentReadsUntil } from '../../../../domains/pathway/entities/referent.js';
import { asText } from '../../components/checkboxes.js';
import { ErrorSummary } from '../../components/form-fields.js';
import { Layout, pageContext } from '../../components/layout.js';
import { Breadcrumb } from '../../components/ui.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { AppointmentsSection, registerAppointmentRoutes } from './pathway-appointments.js';
import { CloseSection, registerCloseRoutes } from './pathway-close.js';
import { VIEW, parisDay, pathwayId, personName, shortParis, type FormState, type PathwayView } from './pathway-common.js';
import { registerContractRoutes } from './pathway-contract.js';
import { DiagnosisSection, registerDiagnosisRoutes } from './pathway-diagnosis.js';
import { OrientationSection, registerOrientationRoutes } from './pathway-orientation.js';
import { PlanSection, registerPlanRoutes } from './pathway-plan.js';
import { PersonSummary, ReferentSection, registerReferentRoutes } from './pathway-summary.js';
import { TimelineSection } from './pathway-timeline.js';

const NOTICES: Record<string, string> = {
  'service-oriente': 'L’orientation est envoyée au service ; sa réponse apparaîtra dans l’historique.',
  ouvert: 'Le parcours est ouvert ; vous en êtes le premier membre. Désignez le référent ou demandez une orientation.',
  referent: 'Le référent est désigné. Le changement figure dans l’historique des référents.',
  membre: 'Le professionnel est ajouté au parcours.',
  diagnostic: 'Le diagnostic est enregistré. Les diagnostics précédents restent consultables.',
  orientation: 'La demande d’orientation est envoyée au département.',
  objectif: 'L’objectif est ajouté au plan.',
  action: 'L’action est ajoutée au plan.',
  'action-etat': 'L’état de l’action est changé.',
  contrat: 'Le contrat est enregistré.',
  'rendez-vous': 'Le rendez-vous est fixé. Aucune invitation n’a été envoyée.',
  'rendez-vous-non-invite': 'Le rendez-vous est fixé, mais l’invitation n’a pas pu partir : prévenez la personne vous-même.',
  'rendez-vous-courriel': 'Le rendez-vous est fixé ; l’invitation a été envoyée par courriel.',
  'rendez-vous-sms': 'Le rendez-vous est fixé ; l’invitation a été envoyée par SMS.',
  'rendez-vous-courriel-sms': 'Le rendez-vous est fixé ; l’invitation a été envoyée par courriel et par SMS.',
  'rendez-vous-etat': 'L’état du rendez-vous est changé.',
  clos: 'Le parcours est clos. Il reste consultable, sans modification.',
};

const SECTIONS = [
  ['personne', 'La personne'],
  ['referent', 'Référent et professionnels'],
  ['diagnostic', 'Diagnostic'],
  ['orientation', 'Orientation'],
  ['plan', 'Plan d’action'],
  ['rendez-vous', 'Rendez-vous'],
  ['historique', 'Historique'],
] as const;

async function renderPathway(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state?: FormState): Promise<FastifyReply> {
  const deps = app.deps;
  const id = pathwayId(request);
  const now = deps.clock();
  const actor = request.actor!;
  const [record, object] = [await loadPathway(deps.db, id), await pathwayAuthzObject(deps.db, id, now)];
  if (!record || !object) throw new HttpError(404);
  await logPersonAccess(deps.db, { personIds: [record.person_id], pathwayId: id, actor, action: 'pathway.read', now });
  const mayEdit = authorize(actor, 'pathway.edit', object).allowed;
  // RGPD art. 15 on the person's behalf (person/export.ts).
  const mayExport = authorize(actor, 'person.export', object).allowed;
  const professionals = (await listProfessionals(deps.db, record.space_id)).filter((p) => p.deactivated_at === null);
  const view: PathwayView = {
    ctx: pageContext(request),
    actor,
    record,
    events: await listEvents(deps.db, id),
    canEdit: mayEdit && record.status === 'open',
    professionals,
    organisations: await memberOrganisations(deps.db, record.space_id),
    contact: await appointmentContact(deps.db, id),
    today: parisDay(now),
    now,
    state,
  };
  // A former referent inside their read period (SPIE-2): read only, and told until when.
  const formerPeriod = !mayEdit ? record.referents.filter((r) => r.user_id === actor.userId && r.ended_at !== null).at(-1) : undefined;
  const readOnly: string = formerPeriod
    ? `Vous avez été le référent de ce parcours jusqu’au ${shortParis(formerPeriod.ended_at!)}. Vous le consultez en lecture seule jusqu’au ${shortParis(formerReferentReadsUntil(formerPeriod.ended_at!, record.former_referent_days))}.`
    : !mayEdit
      ? 'Vous consultez ce parcours en lecture seule.'
      : '';
  const notice = NOTICES[asText((request.query as Record<string, unknown>).ok)];
  const name = personName(record);
  const title = `Parcours de ${name}`;
  return sendPage(
    reply,
    <Layout ctx={view.ctx} title={state ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Mon SPIE', href: '/spie' }, { label: record.space_name, href: `/spie/${record.space_id}` }, { label: name }]} />
      {notice ? (
        <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p safe>{notice}</p>
        </div>
      ) : (
        ''
      )}
      {state ? <ErrorSummary errors={state.errors} labels={state.labels} /> : ''}
      <h1 safe>{title}</h1>
      <p>
        <span class={`fr-badge ${record.status === 'open' ? 'fr-badge--success' : 'fr-badge--info'} fr-mr-1w`}>{record.status === 'open' ? 'Parcours ouvert' : 'Parcours clos'}</span>
        <span class="fr-badge fr-badge--no-icon" safe>
          {`Tenu par ${record.holding_organisation_name}`}
        </span>
      </p>
      {readOnly ? (
        <div class="fr-alert fr-alert--info fr-mb-3w">
          <p safe>{readOnly}</p>
        </div>
      ) : (
        ''
      )}
      {view.canEdit || mayExport ? (
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left fr-mb-3w" aria-label="La personne et ses droits">
          {view.canEdit ? (
            <li>
              <a class="fr-btn fr-btn--secondary fr-icon-mail-line fr-btn--icon-left" href={`/parcours/${id}/lien-de-connexion`}>
                Envoyer un lien de connexion à la personne
              </a>
            </li>
          ) : (
            ''
          )}
          {mayExport ? (
            <li>
              <a class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left" href={`/parcours/${id}/export-personne.pdf`}>
                Exporter ses données (PDF)
              </a>
            </li>
          ) : (
            ''
          )}
          {mayExport ? (
            <li>
              <a class="fr-btn fr-btn--tertiary fr-icon-download-line fr-btn--icon-left" href={`/parcours/${id}/export-personne.json`}>
                Exporter ses données (JSON)
              </a>
            </li>
          ) : (
            ''
          )}
        </ul>
      ) : (
        ''
      )}
      <nav class="fr-summary fr-mb-4w" role="navigation" aria-labelledby="sommaire-titre">
        <p class="fr-summary__title" id="sommaire-titre">
          Sommaire
        </p>
        <ol class="fr-summary__list">
          {SECTIONS.map(([anchor, label]) => (
            <li>
              <a class="fr-summary__link" href={`#${anchor}`}>
                {label}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <PersonSummary view={view} />
      <ReferentSection view={view} />
      <DiagnosisSection view={view} />
      <OrientationSection view={view} />
      <PlanSection view={view} />
      <AppointmentsSection view={view} />
      <TimelineSection view={view} />
      <CloseSection view={view} />
    </Layout>,
    state ? 422 : 200,
  );
}

export async function registerPathwayPageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/parcours/:id', { config: VIEW }, (request, reply) => renderPathway(app, request, reply));
  const render = (request: FastifyRequest, reply: FastifyReply, state: FormState) => renderPathway(app, request, reply, state);
  registerReferentRoutes(app, render);
  registerDiagnosisRoutes(app, render);
  registerOrientationRoutes(app, render);
  registerPlanRoutes(app, render);
  registerContractRoutes(app, render);
  registerAppointmentRoutes(app, render);
  registerCloseRoutes(app);
}
