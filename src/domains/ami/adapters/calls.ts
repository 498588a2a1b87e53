/** Reads and writes AMI calls; every change is audited in the same transaction. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { AuthzObject } from '../../authorization/authorize.js';
import type { Actor } from '../../identity/entities/role.js';
import type { CallValues } from '../entities/call-form.js';
import { canMoveCall, type CallStatus } from '../entities/call-status.js';

export async function listCalls(db: Kysely<Database>, options: { includeDrafts: boolean }) {
  let q = db.selectFrom('ami_call').selectAll();
  if (!options.includeDrafts) q = q.where('status', '!=', 'draft');
  return q.orderBy('deadline_at', 'desc').execute();
}

export async function getCall(db: Kysely<Database>, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return db.selectFrom('ami_call').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function callAuthzObject(db: Kysely<Database>, id: number): Promise<AuthzObject | null> {
  const call = await getCall(db, id);
  return call ? { type: 'call', id: call.id, status: call.status } : null;
}

/** A call's values as table columns (shared by the demo seed). */
export function callColumns(v: CallValues) {
  return {
    title: v.title,
    description: v.description,
    opens_at: v.opensAt,
    deadline_at: v.deadlineAt,
    laureate_slots: v.laureateSlots,
    max_grant_cents: v.maxGrantCents,
    min_self_funding_rate_bp: v.minSelfFundingRateBp,
    eligible_expense_categories: v.eligibleExpenseCategories,
    excluded_territories: v.excludedTerritories,
  };
}

const auditSummary = (v: CallValues) => ({ ...callColumns(v), opens_at: v.opensAt.toISOString(), deadline_at: v.deadlineAt.toISOString() });

export async function createCall(db: Kysely<Database>, values: CallValues, actor: Actor, now: Date, status: CallStatus = 'draft'): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('ami_call')
      .values({ ...callColumns(values), status, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: actor.userId, actorLabel: actor.displayName, action: 'call.create', objectType: 'call', objectId: row.id, summary: auditSummary(values) }, now);
    return row.id;
  });
}

export type CallUpdate = { ok: true } | { ok: false; reason: 'stale' | 'not_found' };

/** Updates a call if nobody changed it since `baseVersion` was read. */
export async function updateCall(db: Kysely<Database>, id: number, baseVersion: number, values: CallValues, actor: Actor, now: Date): Promise<CallUpdate> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('ami_call')
      .set((eb) => ({ ...callColumns(values), version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('version', '=', baseVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      const exists = await trx.selectFrom('ami_call').select('id').where('id', '=', id).executeTakeFirst();
      return { ok: false, reason: exists ? 'stale' : 'not_found' };
    }
    await recordAudit(trx, { actorUserId: actor.userId, actorLabel: actor.displayName, action: 'call.update', objectType: 'call', objectId: id, summary: auditSummary(values) }, now);
    return { ok: true };
  });
}

/** Publishes, closes or marks decided; refuses any other move. */
export async function moveCall(db: Kysely<Database>, id: number, to: CallStatus, actor: Actor, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const call = await trx.selectFrom('ami_call').select(['status']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!call || !canMoveCall(call.status, to)) return false;
    await trx.updateTable('ami_call').set((eb) => ({ status: to, version: eb('version', '+', 1), updated_at: now })).where('id', '=', id).execute();
    await recordAudit(trx, { actorUserId: actor.userId, actorLabel: actor.displayName, action: 'call.status', objectType: 'call', objectId: id, summary: { from: call.status, to } }, now);
    return true;
  });
}
