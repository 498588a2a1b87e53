/**
 * The person's data export (RGPD art. 15, issue 5 §12): everything the SPIE holds about a person —
 * their record, every pathway with its referents, members, diagnoses, orientation requests, plan,
 * contracts, appointments and timeline, and the log of who accessed their data. The export itself
 * is a read of the person's data, logged as such (SPIE-7).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { Actor } from '../../identity/entities/role.js';
import { logPersonAccess } from '../adapters/access-log.js';

type Db = Kysely<Database>;

async function pathwayData(db: Db, pathwayId: number) {
  const [head, referents, members, diagnoses, areas, orientations, objectives, actions, contracts, appointments, events] = await Promise.all([
    db
      .selectFrom('pathway as w')
      .innerJoin('organisation as o', 'o.id', 'w.opened_by_organisation_id')
      .innerJoin('organisation as h', 'h.id', 'w.holding_organisation_id')
      .innerJoin('territory_space as s', 's.id', 'w.space_id')
      .select(['w.id', 'w.status', 'w.opened_at', 'o.name as opened_by_organisation', 'h.name as holding_organisation', 's.name as space', 'w.orientation_kind', 'w.oriented_at', 'w.closed_at', 'w.closed_reason'])
      .where('w.id', '=', pathwayId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('pathway_referent as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
      .select(['u.given_name', 'u.family_name', 'o.name as organisation', 'r.started_at', 'r.ended_at'])
      .where('r.pathway_id', '=', pathwayId)
      .orderBy('r.id')
      .execute(),
    db
      .selectFrom('pathway_member as m')
      .innerJoin('app_user as u', 'u.id', 'm.user_id')
      .innerJoin('organisation as o', 'o.id', 'm.organisation_id')
      .select(['u.given_name', 'u.family_name', 'o.name as organisation', 'm.joined_at', 'm.left_at'])
      .where('m.pathway_id', '=', pathwayId)
      .orderBy('m.id')
      .execute(),
    db.selectFrom('diagnosis').select(['id', 'author_label', 'created_at']).where('pathway_id', '=', pathwayId).orderBy('id').execute(),
    db
      .selectFrom('diagnosis_area as a')
      .innerJoin('diagnosis as d', 'd.id', 'a.diagnosis_id')
      .select(['a.diagnosis_id', 'a.area', 'a.situation', 'a.needs'])
      .where('d.pathway_id', '=', pathwayId)
      .execute(),
    db
      .selectFrom('orientation_request as r')
      .innerJoin('organisation as o', 'o.id', 'r.receiving_organisation_id')
      .select(['r.kind', 'o.name as receiving_organisation', 'r.requested_at', 'r.status', 'r.decided_at', 'r.reason'])
      .where('r.pathway_id', '=', pathwayId)
      .orderBy('r.id')
      .execute(),
    db.selectFrom('plan_objective').select(['id', 'area', 'label', 'by_person', 'created_at']).where('pathway_id', '=', pathwayId).orderBy('id').execute(),
    db
      .selectFrom('plan_action')
      .leftJoin('catalogue_service as cs', 'cs.id', 'plan_action.service_id')
      .leftJoin('catalogue_structure as cst', 'cst.id', 'cs.structure_id')
      .select(['objective_id', 'kind', 'label', 'company_siret', 'company_name', 'cs.nom as service_name', 'cst.nom as service_structure', 'starts_on', 'ends_on', 'plan_action.status', 'plan_action.created_at', 'plan_action.updated_at'])
      .where('pathway_id', '=', pathwayId)
      .orderBy('plan_action.id')
      .execute(),
    db.selectFrom('pathway_contract').select(['kind', 'starts_on', 'ends_on', 'created_at']).where('pathway_id', '=', pathwayId).orderBy('id').execute(),
    db
      .selectFrom('appointment as a')
      .leftJoin('app_user as u', 'u.id', 'a.professional_user_id')
      .select(['a.starts_at', 'a.place', 'a.subject', 'a.status', 'a.invite_email', 'a.invite_sms', 'a.reminder_sent_at', 'u.given_name', 'u.family_name'])
      .where('a.pathway_id', '=', pathwayId)
      .orderBy('a.starts_at')
      .execute(),
    db.selectFrom('pathway_event').select(['kind', 'summary', 'actor_label', 'occurred_at']).where('pathway_id', '=', pathwayId).orderBy('id').execute(),
  ]);
  return {
    ...head,
    referents: referents.map(({ given_name, family_name, ...r }) => ({ name: `${given_name} ${family_name}`, ...r })),
    members: members.map(({ given_name, family_name, ...m }) => ({ name: `${given_name} ${family_name}`, ...m })),
    diagnoses: diagnoses.map((d) => ({
      author: d.author_label,
      created_at: d.created_at,
      areas: areas.filter((a) => a.diagnosis_id === d.id).map(({ area, situation, needs }) => ({ area, situation, needs })),
    })),
    orientation_requests: orientations,
    objectives,
    actions,
    contracts,
    appointments: appointments.map(({ given_name, family_name, ...a }) => ({ ...a, professional: given_name ? `${given_name} ${family_name}` : null })),
    events,
  };
}

export type PersonExport = NonNullable<Awaited<ReturnType<typeof collectPersonExport>>>;

/** Everything held about a person (and about the records merged into theirs); null if unknown or anonymised. */
/**
 * `scope`: for an export made on the person's behalf by a professional (SPIE-7), only the pathways
 * they manage, and only the reads of those; the person's own export has everything.
 */
export async function collectPersonExport(db: Db, personId: number, now: Date, scope?: { pathwayIds: number[] }) {
  const person = await db.selectFrom('person').selectAll().where('id', '=', personId).executeTakeFirst();
  if (!person || person.anonymised_at) return null;
  const merged = await db.selectFrom('person').select('id').where('merged_into', '=', personId).execute();
  const personIds = [personId, ...merged.map((m) => m.id)];
  const account = person.user_id ? await db.selectFrom('app_user').select(['email', 'created_at']).where('id', '=', person.user_id).executeTakeFirst() : undefined;
  let pathwayQuery = db.selectFrom('pathway').select('id').where('person_id', 'in', personIds).where('anonymised_at', 'is', null);
  if (scope) pathwayQuery = pathwayQuery.where('id', 'in', scope.pathwayIds.length ? scope.pathwayIds : [0]);
  const pathwayRows = await pathwayQuery.orderBy('id').execute();
  const pathways = [];
  for (const p of pathwayRows) pathways.push(await pathwayData(db, p.id));
  let accessQuery = db
    .selectFrom('person_access_log')
    .select(['occurred_at', 'actor_label', 'organisation_label', 'action', 'pathway_id'])
    .where('person_id', 'in', personIds);
  if (scope) accessQuery = accessQuery.where('pathway_id', 'in', scope.pathwayIds.length ? scope.pathwayIds : [0]);
  const accessLog = await accessQuery.orderBy('id').execute();
  const { name_key: _nameKey, family_key: _familyKey, ...identity } = person;
  return {
    generated_at: now,
    legal_basis: 'Règlement général sur la protection des données, article 15 (droit d’accès)',
    person: identity,
    account: account ? { email: account.email, created_at: account.created_at } : null,
    merged_records: merged.map((m) => m.id),
    pathways,
    access_log: accessLog,
  };
}

/** The export, logged as a read of the person's data (`person.export`) by whoever asked for it — the export lists it too. */
export async function exportPersonData(db: Db, input: { personId: number; pathwayId: number | null; actor: Actor; now: Date; onlyThisPathway?: boolean }): Promise<PersonExport | null> {
  const person = await db.selectFrom('person').select('id').where('id', '=', input.personId).where('anonymised_at', 'is', null).executeTakeFirst();
  if (!person) return null;
  await logPersonAccess(db, { personIds: [input.personId], pathwayId: input.pathwayId, actor: input.actor, action: 'person.export', now: input.now });
  return collectPersonExport(db, input.personId, input.now, input.onlyThisPathway && input.pathwayId !== null ? { pathwayIds: [input.pathwayId] } : undefined);
}
