/**
 * The centres of communes in the database (migration 014): loaded from an operator's coordinates file
 * (codes unknown to the COG reference are reported and skipped), replaced commune by commune, each
 * with its source and loading time; read by the catalogue's distance search.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Database } from '../../../adapters/db/schema.js';
import { readCsv } from '../../pathway/entities/import-csv.js';
import { readCommuneCentres, type CommuneCentre } from '../entities/commune-centres.js';

export type CentresLoad = { ok: true; loaded: number; rejected: { line: number; reason: string }[] } | { ok: false; reason: string };

export async function saveCommuneCentres(db: Kysely<Database> | Transaction<Database>, centres: CommuneCentre[], source: string, now: Date): Promise<number> {
  let saved = 0;
  for (let i = 0; i < centres.length; i += 1000) {
    const chunk = centres.slice(i, i + 1000);
    const result = await db
      .insertInto('commune_centre')
      .values(chunk.map((c) => ({ code: c.code, latitude: c.latitude, longitude: c.longitude, source, loaded_at: now })))
      .onConflict((oc) => oc.column('code').doUpdateSet({ latitude: sql`excluded.latitude`, longitude: sql`excluded.longitude`, source: sql`excluded.source`, loaded_at: sql`excluded.loaded_at` }))
      .executeTakeFirst();
    saved += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return saved;
}

/** Reads the file, keeps the communes the COG reference knows, saves them; says what was skipped and why. */
export async function loadCommuneCentres(db: Kysely<Database>, bytes: Uint8Array, source: string, now: Date): Promise<CentresLoad> {
  const csv = readCsv(bytes);
  if (!csv.ok) return csv;
  const read = readCommuneCentres(csv.file);
  if (!read.ok) return read;
  const known = new Set<string>();
  for (let i = 0; i < read.centres.length; i += 5000) {
    const codes = read.centres.slice(i, i + 5000).map((c) => c.code);
    const rows = await db.selectFrom('commune').select('code').where('code', 'in', codes).execute();
    for (const r of rows) known.add(r.code);
  }
  const kept = read.centres.filter((c) => known.has(c.code));
  const unknown = read.centres.filter((c) => !known.has(c.code)).map((c) => ({ line: c.line, reason: `commune ${c.code} inconnue du Code officiel géographique` }));
  const rejected = [...read.rejected, ...unknown].sort((a, b) => a.line - b.line);
  // All or nothing, and written to the audit trail (the search by distance depends on it).
  const loaded = await db.transaction().execute(async (trx) => {
    const saved = await saveCommuneCentres(trx, kept, source, now);
    await recordAudit(trx, { actorUserId: null, actorLabel: 'commande communes:coordonnees', action: 'commune_centres.load', objectType: 'reference', summary: { source, loaded: saved, rejected: rejected.length } }, now);
    return saved;
  });
  return { ok: true, loaded, rejected };
}

export async function communeCentre(db: Kysely<Database>, code: string) {
  return (await db.selectFrom('commune_centre').select(['latitude', 'longitude']).where('code', '=', code).executeTakeFirst()) ?? null;
}
