/**
 * Writes and reads the audit trail. The only write is `record` (an insert); there is no
 * update or delete path in the code, and the database refuses them too (trigger in migration 001).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import {
  GENESIS_HASH,
  cleanText,
  hashAuditEntry,
  normaliseSummary,
  verifyAuditChain,
  type AuditEntryContent,
  type ChainVerdict,
  type ChainedAuditEntry,
} from '../entities/audit-chain.js';

export interface AuditEvent {
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId?: string | number | null;
  summary?: Record<string, unknown>;
}

type Executor = Kysely<Database> | Transaction<Database>;

/** Serialises writers so that each entry chains to the one truly before it. */
const AUDIT_LOCK_KEY = 4_242_001;

export async function recordAudit(db: Executor, event: AuditEvent, now: Date = new Date()): Promise<void> {
  const write = async (trx: Transaction<Database>) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
    const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const prevHash = last?.hash ?? GENESIS_HASH;
    const content: AuditEntryContent = {
      occurredAt: new Date(now.getTime()),
      actorUserId: event.actorUserId,
      actorLabel: cleanText(event.actorLabel),
      action: cleanText(event.action),
      objectType: cleanText(event.objectType),
      objectId: event.objectId == null ? null : cleanText(String(event.objectId)),
      summary: normaliseSummary(event.summary ?? {}),
    };
    await trx
      .insertInto('audit_log')
      .values({
        occurred_at: content.occurredAt,
        actor_user_id: content.actorUserId,
        actor_label: content.actorLabel,
        action: content.action,
        object_type: content.objectType,
        object_id: content.objectId,
        summary: JSON.stringify(content.summary),
        prev_hash: prevHash,
        hash: hashAuditEntry(prevHash, content),
      })
      .execute();
  };
  if (db.isTransaction) await write(db as Transaction<Database>);
  else await (db as Kysely<Database>).transaction().execute(write);
}

export interface AuditFilter {
  action?: string;
  actorUserId?: number;
  objectType?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  offset?: number;
}

export async function listAudit(db: Kysely<Database>, filter: AuditFilter) {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.actorUserId !== undefined) q = q.where('actor_user_id', '=', filter.actorUserId);
  if (filter.objectType) q = q.where('object_type', '=', filter.objectType);
  if (filter.from) q = q.where('occurred_at', '>=', filter.from);
  if (filter.to) q = q.where('occurred_at', '<', filter.to);
  return q
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0)
    .execute();
}

export async function distinctAuditActions(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}

/** Reads the whole trail in id order, in pages, and checks the chain. */
export async function verifyAuditTrail(db: Kysely<Database>): Promise<ChainVerdict> {
  const pageSize = 1000;
  let afterId = 0;
  let prev = GENESIS_HASH;
  let total = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return { intact: true, count: total };
    const entries: ChainedAuditEntry[] = rows.map((r) => ({
      id: r.id,
      occurredAt: r.occurred_at,
      actorUserId: r.actor_user_id,
      actorLabel: r.actor_label,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      summary: r.summary,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    const verdict = verifyAuditChain(entries, prev);
    if (!verdict.intact) return { ...verdict, count: total + verdict.count };
    total += verdict.count;
    prev = rows.at(-1)!.hash;
    afterId = rows.at(-1)!.id;
  }
}
