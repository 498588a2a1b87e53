/**
 * The services a member organisation maintains in its space's catalogue (issue 6 §2): its own structure
 * (created on first use), its services, their life cycle and review. Every change is audited.
 *
 * Ownership: the route is allowed by `catalogue.maintain` on the space; a service is then reachable only
 * through the actor's organisation's structure (catalogue_structure.organisation_id), as the perimeter
 * queries of the other domains scope their lists.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CatalogueServiceTable, Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import { canChangeStatus, parisDay, serviceRecordOf, type ServiceFormValues, type ServiceRecordCheck, type ServiceStatus } from '../entities/service-form.js';

export type ServiceRow = Selectable<CatalogueServiceTable>;

export function organisationStructureId(spaceId: number, organisationId: number): string {
  return `spie-${spaceId}--org-${organisationId}`;
}

/** The actor's organisation's structure in the space, created on first use from the organisation. */
export async function ensureOrganisationStructure(db: Kysely<Database>, input: { spaceId: number; organisationId: number; now: Date }): Promise<string> {
  const id = organisationStructureId(input.spaceId, input.organisationId);
  const existing = await db.selectFrom('catalogue_structure').select('id').where('id', '=', id).executeTakeFirst();
  if (existing) return id;
  const org = await db.selectFrom('organisation').select(['name', 'siret']).where('id', '=', input.organisationId).executeTakeFirstOrThrow();
  await db
    .insertInto('catalogue_structure')
    .values({
      id,
      space_id: input.spaceId,
      organisation_id: input.organisationId,
      source: 'spie',
      nom: org.name,
      siret: /^\d{14}$/.test(org.siret) ? org.siret : null,
      date_maj: parisDay(input.now),
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return id;
}

/** The services of the structures the organisation owns in the space, newest change first. */
export async function listOrganisationServices(db: Kysely<Database>, spaceId: number, organisationId: number): Promise<ServiceRow[]> {
  return db
    .selectFrom('catalogue_service as s')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .selectAll('s')
    .where('st.space_id', '=', spaceId)
    .where('st.organisation_id', '=', organisationId)
    .orderBy('s.status')
    .orderBy('s.nom')
    .execute();
}

/** One service, only if the organisation owns its structure in this space (else null: 404). */
export async function ownedService(db: Kysely<Database>, input: { spaceId: number; organisationId: number; serviceId: string }): Promise<ServiceRow | null> {
  const row = await db
    .selectFrom('catalogue_service as s')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .selectAll('s')
    .where('s.id', '=', input.serviceId)
    .where('st.space_id', '=', input.spaceId)
    .where('st.organisation_id', '=', input.organisationId)
    .executeTakeFirst();
  return row ?? null;
}

function columns(record: Record<string, unknown>) {
  const { id: _id, structure_id: _s, source: _src, ...rest } = record;
  return rest as Omit<ServiceRow, 'id' | 'structure_id' | 'source' | 'space_id' | 'status' | 'reviewed_at' | 'review_reminder_sent_at' | 'created_at' | 'updated_at' | 'updated_by'>;
}

const auditBase = (actor: Actor) => ({ actorUserId: actor.userId, actorLabel: actor.displayName, objectType: 'catalogue_service' });

/** Creates a draft service from the form, if it validates against the official schema. */
export async function createService(
  db: Kysely<Database>,
  input: { spaceId: number; organisationId: number; values: ServiceFormValues; actor: Actor; now: Date },
): Promise<ServiceRecordCheck & { id: string }> {
  const structureId = organisationStructureId(input.spaceId, input.organisationId);
  const id = `spie-${input.spaceId}--${randomUUID()}`;
  const check = serviceRecordOf(input.values, { id, structure_id: structureId, source: 'spie', date_maj: parisDay(input.now) });
  if (!check.ok) return { ...check, id };
  await ensureOrganisationStructure(db, input);
  await db
    .insertInto('catalogue_service')
    .values({
      ...columns(check.record),
      id,
      structure_id: structureId,
      source: 'spie',
      space_id: input.spaceId,
      status: 'draft',
      reviewed_at: input.now,
      created_at: input.now,
      updated_at: input.now,
      updated_by: input.actor.userId,
    })
    .execute();
  await recordAudit(db, { ...auditBase(input.actor), action: 'catalogue.service.create', objectId: id, summary: { nom: check.record.nom } }, input.now);
  return { ...check, id };
}

/** Saves the form over a service: a save is a review (the reminder can come again 6 months later). */
export async function updateService(db: Kysely<Database>, input: { service: ServiceRow; values: ServiceFormValues; actor: Actor; now: Date }): Promise<ServiceRecordCheck> {
  const { service } = input;
  const check = serviceRecordOf(input.values, { id: service.id, structure_id: service.structure_id, source: service.source, date_maj: parisDay(input.now) });
  if (!check.ok) return check;
  await db
    .updateTable('catalogue_service')
    .set({ ...columns(check.record), reviewed_at: input.now, review_reminder_sent_at: null, updated_at: input.now, updated_by: input.actor.userId })
    .where('id', '=', service.id)
    .execute();
  await recordAudit(db, { ...auditBase(input.actor), action: 'catalogue.service.update', objectId: service.id, summary: { nom: check.record.nom } }, input.now);
  return check;
}

/** Moves a service along its life cycle; false when the move is not allowed from where it is. */
export async function changeServiceStatus(db: Kysely<Database>, input: { service: ServiceRow; to: ServiceStatus; actor: Actor; now: Date }): Promise<boolean> {
  if (!canChangeStatus(input.service.status, input.to)) return false;
  const changed = await db
    .updateTable('catalogue_service')
    .set({ status: input.to, date_maj: parisDay(input.now), updated_at: input.now, updated_by: input.actor.userId })
    .where('id', '=', input.service.id)
    .where('status', '=', input.service.status)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) !== 1) return false;
  await recordAudit(db, { ...auditBase(input.actor), action: 'catalogue.service.status', objectId: input.service.id, summary: { before: input.service.status, after: input.to } }, input.now);
  return true;
}

/** « Je confirme que ce service est à jour »: reviewed now, reminder cleared; the content is unchanged. */
export async function confirmServiceReviewed(db: Kysely<Database>, input: { service: ServiceRow; actor: Actor; now: Date }): Promise<void> {
  await db
    .updateTable('catalogue_service')
    .set({ reviewed_at: input.now, review_reminder_sent_at: null, date_maj: parisDay(input.now), updated_at: input.now, updated_by: input.actor.userId })
    .where('id', '=', input.service.id)
    .execute();
  await recordAudit(db, { ...auditBase(input.actor), action: 'catalogue.service.review', objectId: input.service.id }, input.now);
}
