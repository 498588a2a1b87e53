/**
 * Decides the hash of each audit entry and whether a sequence of entries is intact (issue 2 §7).
 * Each entry's hash covers its content and the previous entry's hash, so altering, removing or
 * inserting a row breaks the chain from that row on.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  occurredAt: Date;
  actorUserId: number | null;
  actorLabel: string;
  action: string;
  objectType: string;
  objectId: string | null;
  summary: Record<string, unknown>;
}

export interface ChainedAuditEntry extends AuditEntryContent {
  id: number;
  prevHash: string;
  hash: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(text: string): string {
  // PostgreSQL's jsonb refuses NUL characters and lone surrogates.
  return text.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * The summary exactly as it will read back from the database: plain JSON (dates become ISO strings,
 * undefined disappears), with text that jsonb accepts. Hash and store this, never the raw object.
 */
export function normaliseSummary(summary: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(summary), (_key, value: unknown) => (typeof value === 'string' ? cleanText(value) : value)) as Record<
    string,
    unknown
  >;
}

/** JSON with object keys sorted at every depth, so that the database's jsonb reordering changes nothing. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashAuditEntry(prevHash: string, entry: AuditEntryContent): string {
  const payload = canonicalJson({
    prevHash,
    occurredAt: entry.occurredAt.toISOString(),
    actorUserId: entry.actorUserId,
    actorLabel: entry.actorLabel,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    summary: entry.summary,
  });
  return createHash('sha256').update(payload).digest('hex');
}

export type ChainVerdict =
  | { intact: true; count: number }
  | { intact: false; count: number; brokenAtId: number; reason: string };

/** Checks entries in id order; `previousHash` is the hash of the entry before the first one given. */
export function verifyAuditChain(entries: Iterable<ChainedAuditEntry>, previousHash = GENESIS_HASH): ChainVerdict {
  let prev = previousHash;
  let count = 0;
  for (const entry of entries) {
    count++;
    if (entry.prevHash !== prev) {
      return { intact: false, count, brokenAtId: entry.id, reason: 'le lien avec l’entrée précédente est rompu' };
    }
    if (hashAuditEntry(prev, entry) !== entry.hash) {
      return { intact: false, count, brokenAtId: entry.id, reason: 'le contenu de l’entrée a été modifié' };
    }
    prev = entry.hash;
  }
  return { intact: true, count };
}
