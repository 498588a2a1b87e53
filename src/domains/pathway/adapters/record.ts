/**
 * What the pathway holds (issue 5 §4–7): diagnoses that never erase each other (SPIE-3), orientation
 * requests and their answers (SPIE-4), objectives, actions and contracts of the plan (SPIE-5),
 * appointments. Every change is a timeline event with who and when.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { normaliseFrenchMobile } from '../../../adapters/sms/sms-sender.js';
import type { Actor } from '../../identity/entities/role.js';
import { APPOINTMENT_STATUSES, isAppointmentStatus } from '../entities/appointment.js';
import { DIAGNOSIS_AREAS, isDiagnosisArea, type DiagnosisEntry } from '../entities/diagnosis-areas.js';
import { ORIENTATION_KINDS, checkOrientationDecision, isOrientationKind, type OrientationKind } from '../entities/orientation.js';
import { isActionStatus, serviceActionLabel, type CheckedAction, type ContractKind } from '../entities/plan.js';
import { recordEvent } from './events.js';
import { activeProfessional, assignReferentIn } from './pathways.js';
import { serviceForAction } from './plan-services.js';

type Db = Kysely<Database> | Transaction<Database>;
/** A refusal names the input `field` it is about, when it is about one (forms show it next to that field). */
type Result = { ok: true; id: number } | { ok: false; message: string; field?: string };

const by = (actor: Actor) => ({ actorUserId: actor.userId, actorLabel: actor.displayName });

async function openPathwayRow(trx: Transaction<Database>, pathwayId: number) {
  return trx.selectFrom('pathway').select(['id', 'space_id', 'status']).where('id', '=', pathwayId).forUpdate().executeTakeFirstOrThrow();
}

export async function recordDiagnosis(db: Kysely<Database>, input: { pathwayId: number; entries: DiagnosisEntry[]; actor: Actor; now: Date }): Promise<Result> {
  if (input.entries.length === 0) return { ok: false, message: 'Renseignez au moins un domaine du diagnostic.' };
  return db.transaction().execute(async (trx) => {
    const pathway = await openPathwayRow(trx, input.pathwayId);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const row = await trx.insertInto('diagnosis').values({ pathway_id: input.pathwayId, author_user_id: input.actor.userId, author_label: input.actor.displayName, created_at: input.now }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('diagnosis_area').values(input.entries.map((e) => ({ diagnosis_id: row.id, area: e.area, situation: e.situation, needs: e.needs }))).execute();
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'diagnosis.recorded', summary: { areas: input.entries.map((e) => DIAGNOSIS_AREAS[e.area]) }, ...by(input.actor), now: input.now });
    return { ok: true as const, id: row.id };
  });
}

export async function requestOrientation(
  db: Kysely<Database>,
  input: { pathwayId: number; kind: OrientationKind; receivingOrganisationId: number; proposedReferentUserId: number | null; actor: Actor; now: Date },
): Promise<Result> {
  if (!isOrientationKind(input.kind)) return { ok: false, message: 'Choisissez le type d’orientation.', field: 'kind' };
  return db.transaction().execute(async (trx) => {
    const pathway = await openPathwayRow(trx, input.pathwayId);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const org = await trx
      .selectFrom('space_organisation as s')
      .innerJoin('organisation as o', 'o.id', 's.organisation_id')
      .select(['s.organisation_id', 'o.name'])
      .where('s.space_id', '=', pathway.space_id)
      .where('s.organisation_id', '=', input.receivingOrganisationId)
      .executeTakeFirst();
    if (!org) return { ok: false as const, message: 'Choisissez une organisation membre du SPIE.', field: 'organisationId' };
    if (input.proposedReferentUserId) {
      const pro = await trx
        .selectFrom('space_professional')
        .select('user_id')
        .where('space_id', '=', pathway.space_id)
        .where('user_id', '=', input.proposedReferentUserId)
        .where('organisation_id', '=', input.receivingOrganisationId)
        .where('deactivated_at', 'is', null)
        .executeTakeFirst();
      if (!pro) return { ok: false as const, message: 'Le référent proposé doit être un professionnel actif de l’organisation d’accueil.', field: 'referentUserId' };
    }
    const pending = await trx.selectFrom('orientation_request').select('id').where('pathway_id', '=', input.pathwayId).where('status', '=', 'pending').executeTakeFirst();
    if (pending) return { ok: false as const, message: 'Une demande d’orientation attend déjà une réponse.' };
    const row = await trx
      .insertInto('orientation_request')
      .values({ pathway_id: input.pathwayId, kind: input.kind, receiving_organisation_id: input.receivingOrganisationId, proposed_referent_user_id: input.proposedReferentUserId, requested_by: input.actor.userId, requested_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'orientation.requested', summary: { kind: ORIENTATION_KINDS[input.kind], organisationId: input.receivingOrganisationId, organisation: org.name }, ...by(input.actor), now: input.now });
    return { ok: true as const, id: row.id };
  });
}

/** SPIE-4: the département accepts (the pathway is oriented, the proposed referent designated) or refuses with a reason. */
export async function decideOrientation(
  db: Kysely<Database>,
  input: { requestId: number; decision: string; reason: string; actor: Actor; now: Date },
): Promise<{ ok: true; pathwayId: number; status: 'accepted' | 'refused' } | { ok: false; message: string }> {
  return db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom('orientation_request').selectAll().where('id', '=', input.requestId).forUpdate().executeTakeFirst();
    if (!request) return { ok: false as const, message: 'Demande d’orientation inconnue.' };
    const checked = checkOrientationDecision(request.status, input.decision, input.reason);
    if (!checked.ok) return checked;
    const pathway = await openPathwayRow(trx, request.pathway_id);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const proposed = checked.status === 'accepted' ? request.proposed_referent_user_id : null;
    // Checked before any write: a proposed referent no longer active cannot be designated.
    if (proposed && !(await activeProfessional(trx, pathway.space_id, proposed))) {
      return { ok: false as const, message: 'Le référent proposé n’est plus un professionnel actif du SPIE : refusez la demande en l’indiquant.' };
    }
    await trx.updateTable('orientation_request').set({ status: checked.status, reason: checked.reason, decided_by: input.actor.userId, decided_at: input.now }).where('id', '=', request.id).execute();
    if (checked.status === 'accepted') {
      await trx.updateTable('pathway').set({ orientation_kind: request.kind, oriented_at: input.now, holding_organisation_id: request.receiving_organisation_id }).where('id', '=', request.pathway_id).execute();
    }
    const receiving = await trx.selectFrom('organisation').select('name').where('id', '=', request.receiving_organisation_id).executeTakeFirst();
    await recordEvent(trx, {
      pathwayId: request.pathway_id,
      kind: checked.status === 'accepted' ? 'orientation.accepted' : 'orientation.refused',
      summary: { kind: ORIENTATION_KINDS[request.kind as OrientationKind], reason: checked.reason, organisation: receiving?.name ?? '' },
      ...by(input.actor),
      now: input.now,
    });
    if (proposed) {
      const assigned = await assignReferentIn(trx, { pathwayId: request.pathway_id, userId: proposed, actor: input.actor, now: input.now });
      if (!assigned.ok) throw new Error(assigned.message);
    }
    return { ok: true as const, pathwayId: request.pathway_id, status: checked.status };
  });
}

export async function addObjective(db: Kysely<Database>, input: { pathwayId: number; area: string; label: string; byPerson: boolean; actor: Actor; now: Date }): Promise<Result> {
  const label = input.label.trim();
  if (!isDiagnosisArea(input.area)) return { ok: false, message: 'Choisissez le domaine de l’objectif.', field: 'area' };
  if (!label) return { ok: false, message: 'Décrivez l’objectif.', field: 'label' };
  if (label.length > 500) return { ok: false, message: 'L’objectif dépasse 500 caractères.', field: 'label' };
  return db.transaction().execute(async (trx) => {
    const pathway = await openPathwayRow(trx, input.pathwayId);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const row = await trx
      .insertInto('plan_objective')
      .values({ pathway_id: input.pathwayId, area: input.area, label, by_person: input.byPerson, created_by: input.actor.userId, created_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: input.byPerson ? 'person.objective' : 'objective.added', summary: { label }, ...by(input.actor), now: input.now });
    return { ok: true as const, id: row.id };
  });
}

export async function addAction(db: Kysely<Database>, input: { pathwayId: number; objectiveId: number | null; action: CheckedAction; actor: Actor; now: Date }): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const pathway = await openPathwayRow(trx, input.pathwayId);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    if (input.objectiveId) {
      const objective = await trx.selectFrom('plan_objective').select('id').where('id', '=', input.objectiveId).where('pathway_id', '=', input.pathwayId).executeTakeFirst();
      if (!objective) return { ok: false as const, message: 'Cet objectif n’appartient pas au parcours.', field: 'objectiveId' };
    }
    let a = input.action;
    const service = a.kind === 'service' ? await serviceForAction(trx, pathway.space_id, a.serviceId ?? '') : null;
    if (service && !service.ok) return service;
    if (service) a = { ...a, label: serviceActionLabel(a.label, service.nom) };
    const row = await trx
      .insertInto('plan_action')
      .values({
        pathway_id: input.pathwayId,
        objective_id: input.objectiveId,
        kind: a.kind,
        label: a.label,
        company_siret: a.companySiret,
        company_name: a.companyName,
        starts_on: a.startsOn,
        ends_on: a.endsOn,
        service_id: a.serviceId,
        created_by: input.actor.userId,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const about = service ? { serviceId: service.id, service: service.nom, structure: service.structureNom } : {};
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'action.added', summary: { label: a.label, kind: a.kind, company: a.companyName, ...about }, ...by(input.actor), now: input.now });
    return { ok: true as const, id: row.id };
  });
}

export async function setActionStatus(db: Kysely<Database>, input: { pathwayId: number; actionId: number; status: string; actor: Actor; now: Date }): Promise<Result> {
  if (!isActionStatus(input.status)) return { ok: false, message: 'Choisissez l’état de l’action.' };
  return db.transaction().execute(async (trx) => {
    const pathway = await openPathwayRow(trx, input.pathwayId);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const result = await trx.updateTable('plan_action').set({ status: input.status, updated_at: input.now }).where('id', '=', input.actionId).where('pathway_id', '=', input.pathwayId).returning('label').executeTakeFirst();
    if (!result) return { ok: false as const, message: 'Action inconnue.' };
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'action.status', summary: { label: result.label, status: input.status }, ...by(input.actor), now: input.now });
    return { ok: true as const, id: input.actionId };
  });
}

export async function addContract(db: Kysely<Database>, input: { pathwayId: number; kind: ContractKind; startsOn: string; endsOn: string; actor: Actor; now: Date }): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const pathway = await openPathwayRow(trx, input.pathwayId);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const row = await trx
      .insertInto('pathway_contract')
      .values({ pathway_id: input.pathwayId, kind: input.kind, starts_on: input.startsOn, ends_on: input.endsOn, created_by: input.actor.userId, created_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'contract.signed', summary: { kind: input.kind, startsOn: input.startsOn, endsOn: input.endsOn }, ...by(input.actor), now: input.now });
    return { ok: true as const, id: row.id };
  });
}

export async function scheduleAppointment(
  db: Kysely<Database>,
  input: { pathwayId: number; startsAt: Date; place: string; subject: string; professionalUserId: number; inviteEmail: boolean; inviteSms: boolean; actor: Actor; now: Date },
): Promise<Result> {
  return db.transaction().execute(async (trx) => {
    const pathway = await openPathwayRow(trx, input.pathwayId);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    if (!(await activeProfessional(trx, pathway.space_id, input.professionalUserId))) return { ok: false as const, message: 'Choisissez un professionnel actif du SPIE.', field: 'professionalUserId' };
    const contact = await appointmentContact(trx, input.pathwayId);
    if (input.inviteEmail && !contact.email) return { ok: false as const, message: 'La personne n’a pas d’adresse électronique : l’invitation par courriel est impossible.', field: 'inviteEmail' };
    if (input.inviteSms && !contact.mobile) return { ok: false as const, message: 'La personne n’a pas de numéro de mobile : l’invitation par SMS est impossible.', field: 'inviteSms' };
    const row = await trx
      .insertInto('appointment')
      .values({
        pathway_id: input.pathwayId,
        professional_user_id: input.professionalUserId,
        starts_at: input.startsAt,
        place: input.place,
        subject: input.subject,
        invite_email: input.inviteEmail,
        invite_sms: input.inviteSms,
        created_by: input.actor.userId,
        created_at: input.now,
        updated_at: input.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'appointment.scheduled', summary: { startsAt: input.startsAt.toISOString(), place: input.place, subject: input.subject, byEmail: input.inviteEmail, bySms: input.inviteSms }, ...by(input.actor), now: input.now });
    return { ok: true as const, id: row.id };
  });
}

/** Where the person of a pathway can be invited: their e-mail, and their phone if it is a French mobile (SMS). */
export async function appointmentContact(db: Db, pathwayId: number): Promise<{ email: string | null; mobile: string | null }> {
  const row = await db.selectFrom('pathway as w').innerJoin('person as p', 'p.id', 'w.person_id').select(['p.email', 'p.phone']).where('w.id', '=', pathwayId).executeTakeFirst();
  return { email: row?.email || null, mobile: row?.phone ? normaliseFrenchMobile(row.phone) : null };
}

/** What an appointment's invitation (and its reminder) says, and where it goes: sent by the caller, outside any transaction. */
export async function appointmentInvitation(db: Db, appointmentId: number) {
  const row = await db
    .selectFrom('appointment as a')
    .innerJoin('pathway as w', 'w.id', 'a.pathway_id')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .leftJoin('app_user as u', 'u.id', 'a.professional_user_id')
    .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['a.id', 'a.starts_at', 'a.place', 'a.subject', 'a.invite_email', 'a.invite_sms', 'p.given_name', 'p.family_name', 'p.email', 'p.phone', 'u.given_name as pro_given_name', 'u.family_name as pro_family_name', 'o.name as pro_organisation'])
    .where('a.id', '=', appointmentId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    startsAt: row.starts_at,
    place: row.place,
    subject: row.subject,
    personName: `${row.given_name} ${row.family_name}`,
    professional: row.pro_given_name ? `${row.pro_given_name} ${row.pro_family_name}${row.pro_organisation ? ` (${row.pro_organisation})` : ''}` : null,
    email: row.invite_email && row.email ? row.email : null,
    mobile: row.invite_sms && row.phone ? normaliseFrenchMobile(row.phone) : null,
  };
}

export async function setAppointmentStatus(db: Kysely<Database>, input: { pathwayId: number; appointmentId: number; status: string; actor: Actor; now: Date }): Promise<Result> {
  if (!isAppointmentStatus(input.status)) return { ok: false, message: 'Choisissez l’état du rendez-vous.' };
  return db.transaction().execute(async (trx) => {
    const pathway = await openPathwayRow(trx, input.pathwayId);
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const row = await trx.updateTable('appointment').set({ status: input.status, updated_at: input.now }).where('id', '=', input.appointmentId).where('pathway_id', '=', input.pathwayId).returning('starts_at').executeTakeFirst();
    if (!row) return { ok: false as const, message: 'Rendez-vous inconnu.' };
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'appointment.status', summary: { status: APPOINTMENT_STATUSES[input.status as keyof typeof APPOINTMENT_STATUSES], startsAt: row.starts_at.toISOString() }, ...by(input.actor), now: input.now });
    return { ok: true as const, id: input.appointmentId };
  });
}

/** Everything a pathway's page shows, read in one go (the caller logs the read, SPIE-7). */
export async function loadPathway(db: Db, pathwayId: number) {
  const head = await db
    .selectFrom('pathway as w')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .innerJoin('organisation as h', 'h.id', 'w.holding_organisation_id')
    .innerJoin('organisation as d', 'd.id', 'w.opened_by_organisation_id')
    .innerJoin('territory_space as s', 's.id', 'w.space_id')
    .leftJoin('app_user as r', 'r.id', 'w.referent_user_id')
    .select([
      's.name as space_name',
      's.former_referent_days',
      'd.name as opened_by_organisation_name',
      'p.address',
      'w.id',
      'w.space_id',
      'w.status',
      'w.opened_at',
      'w.orientation_kind',
      'w.oriented_at',
      'w.closed_at',
      'w.closed_reason',
      'w.referent_user_id',
      'w.holding_organisation_id',
      'h.name as holding_organisation_name',
      'r.given_name as referent_given_name',
      'r.family_name as referent_family_name',
      'p.id as person_id',
      'p.given_name',
      'p.family_name',
      'p.birth_date',
      'p.caf_number',
      'p.france_travail_id',
      'p.email',
      'p.phone',
      'p.rsa_rights_opened_on',
    ])
    .where('w.id', '=', pathwayId)
    .executeTakeFirst();
  if (!head) return null;
  const [members, referents, diagnoses, areas, orientations, objectives, actions, contracts, appointments] = await Promise.all([
    db
      .selectFrom('pathway_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .innerJoin('organisation as o', 'o.id', 'm.organisation_id')
      .select(['m.user_id', 'u.given_name', 'u.family_name', 'o.name as organisation_name', 'm.joined_at', 'm.left_at'])
      .where('m.pathway_id', '=', pathwayId)
      .orderBy('m.id')
      .execute(),
    db
      .selectFrom('pathway_referent as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
      .select(['r.user_id', 'u.given_name', 'u.family_name', 'o.name as organisation_name', 'r.started_at', 'r.ended_at'])
      .where('r.pathway_id', '=', pathwayId)
      .orderBy('r.id')
      .execute(),
    db.selectFrom('diagnosis').select(['id', 'author_label', 'created_at']).where('pathway_id', '=', pathwayId).orderBy('id', 'desc').execute(),
    db
      .selectFrom('diagnosis_area as a')
      .innerJoin('diagnosis as d', 'd.id', 'a.diagnosis_id')
      .select(['a.diagnosis_id', 'a.area', 'a.situation', 'a.needs'])
      .where('d.pathway_id', '=', pathwayId)
      .execute(),
    db
      .selectFrom('orientation_request as r')
      .innerJoin('organisation as o', 'o.id', 'r.receiving_organisation_id')
      .leftJoin('app_user as u', 'u.id', 'r.proposed_referent_user_id')
      .select(['r.id', 'r.kind', 'r.status', 'r.reason', 'r.requested_at', 'r.decided_at', 'o.name as organisation_name', 'u.given_name', 'u.family_name'])
      .where('r.pathway_id', '=', pathwayId)
      .orderBy('r.id', 'desc')
      .execute(),
    db.selectFrom('plan_objective').select(['id', 'area', 'label', 'by_person', 'created_at']).where('pathway_id', '=', pathwayId).orderBy('id').execute(),
    // A catalogue service action shows its service as it is now (archived: still named).
    db
      .selectFrom('plan_action as a')
      .leftJoin('catalogue_service as cs', 'cs.id', 'a.service_id')
      .leftJoin('catalogue_structure as cst', 'cst.id', 'cs.structure_id')
      .select(['a.id', 'a.objective_id', 'a.kind', 'a.label', 'a.company_siret', 'a.company_name', 'a.starts_on', 'a.ends_on', 'a.service_id', 'a.status', 'a.updated_at'])
      .select(['cs.nom as service_nom', 'cs.status as service_status', 'cst.nom as service_structure_nom'])
      .where('a.pathway_id', '=', pathwayId)
      .orderBy('a.id')
      .execute(),
    db.selectFrom('pathway_contract').select(['id', 'kind', 'starts_on', 'ends_on', 'created_at']).where('pathway_id', '=', pathwayId).orderBy('id', 'desc').execute(),
    db
      .selectFrom('appointment as a')
      .leftJoin('app_user as u', 'u.id', 'a.professional_user_id')
      .select(['a.id', 'a.starts_at', 'a.place', 'a.subject', 'a.status', 'a.invite_email', 'a.invite_sms', 'u.given_name', 'u.family_name'])
      .where('a.pathway_id', '=', pathwayId)
      .orderBy('a.starts_at')
      .execute(),
  ]);
  return {
    ...head,
    members,
    referents,
    diagnoses: diagnoses.map((d) => ({ ...d, areas: areas.filter((a) => a.diagnosis_id === d.id) })),
    orientations,
    objectives,
    actions,
    contracts,
    appointments,
  };
}

export type PathwayRecord = NonNullable<Awaited<ReturnType<typeof loadPathway>>>;

/** SPIE-4: the « à orienter » queue — people with RSA rights whose pathway is not oriented yet, longest waiting first. */
export async function orientationQueue(db: Db, spaceId: number) {
  return db
    .selectFrom('person as p')
    .leftJoin('pathway as w', (j) => j.onRef('w.person_id', '=', 'p.id').on('w.status', '=', 'open'))
    .select(['p.id as person_id', 'p.given_name', 'p.family_name', 'p.rsa_rights_opened_on', 'w.id as pathway_id'])
    .select((eb) =>
      eb.selectFrom('orientation_request as r').select('r.id').whereRef('r.pathway_id', '=', 'w.id').where('r.status', '=', 'pending').orderBy('r.id', 'desc').limit(1).as('pending_request_id'),
    )
    .where('p.space_id', '=', spaceId)
    .where('p.merged_into', 'is', null)
    .where('p.anonymised_at', 'is', null)
    .where('p.rsa_rights_opened_on', 'is not', null)
    .where('w.oriented_at', 'is', null)
    .orderBy('p.rsa_rights_opened_on')
    .orderBy('p.id')
    .limit(500)
    .execute();
}
