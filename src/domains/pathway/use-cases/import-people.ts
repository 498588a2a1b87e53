/**
 * Import of an RSA beneficiary list into a territory's space (issue 5 §11, SPIE-1).
 * The file is read and checked row by row (entities/import-*.ts); each good row is then matched to a
 * person already known in the space — by CAF/MSA number first, then by France Travail identifier —
 * and updates that person, or creates one. A re-import thus never duplicates anybody. Bad rows are
 * skipped and listed with their line and reason. Writes go in batches, each in its own transaction;
 * a dry run plans exactly the same way and writes nothing.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { parisDayOf } from '../../ami/entities/reminders.js';
import { storeFile } from '../../ami/adapters/files.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import { readCsv, type CsvFile } from '../entities/import-csv.js';
import { checkMapping, effectiveMapping, importFieldLabel, type ImportField, type ImportMapping } from '../entities/import-mapping.js';
import { checkImportRecords, type ImportRow, type RowError } from '../entities/import-rows.js';
import { keyMaker, type KeyMaker } from '../entities/import-keys.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface ImportPeopleInput {
  spaceId: number;
  actor: Actor;
  bytes: Uint8Array;
  filename: string;
  /** Field → header of the file; a field left out is guessed from the headers, '' is not imported. */
  mapping: Record<string, string>;
  dryRun: boolean;
  now: Date;
}

export interface ImportPeopleResult {
  /** Data rows of the file (blank lines left out). */
  total: number;
  created: number;
  updated: number;
  errors: { line: number; reason: string }[];
}

/** Rows written per transaction (and per progress step). */
export const IMPORT_BATCH_SIZE = 5000;
export const IMPORT_SOURCE_MEDIA_TYPE = 'text/csv';
export const IMPORT_REPORT_MEDIA_TYPE = 'application/vnd.spie.person-import-report+json';

export type PreparedImport =
  | { ok: true; file: CsvFile; mapping: ImportMapping; rows: ImportRow[]; errors: RowError[] }
  /** The file or the mapping cannot be used at all: errors on the header line (1). */
  | { ok: false; errors: RowError[]; mappingErrors: Partial<Record<ImportField, string>> };

/** Reads the file, settles the mapping and checks every row: no database. */
export function prepareImport(bytes: Uint8Array, givenMapping: Record<string, string>, now: Date): PreparedImport {
  const reading = readCsv(bytes);
  if (!reading.ok) return { ok: false, errors: [{ line: 1, reason: reading.reason }], mappingErrors: {} };
  const mapping = effectiveMapping(reading.file.headers, givenMapping);
  const mappingErrors = checkMapping(reading.file.headers, mapping);
  const keys = Object.keys(mappingErrors) as ImportField[];
  if (keys.length) {
    return { ok: false, errors: keys.map((k) => ({ line: 1, reason: `${importFieldLabel(k)} : ${mappingErrors[k]}` })), mappingErrors };
  }
  const { rows, errors } = checkImportRecords(reading.file.headers, reading.file.records, mapping, parisDayOf(now));
  return { ok: true, file: reading.file, mapping, rows, errors };
}

interface KnownPerson {
  id: number;
  given_name: string;
  family_name: string;
  birth_date: string | null;
  caf_number: string | null;
  france_travail_id: string | null;
  email: string | null;
  phone: string | null;
  rsa_rights_opened_on: string | null;
  anonymised_at: Date | null;
}

interface PersonValues {
  given_name: string;
  family_name: string;
  birth_date: string;
  caf_number: string;
  france_travail_id: string | null;
  email: string | null;
  phone: string | null;
  rsa_rights_opened_on: string | null;
}

interface BatchPlan {
  creates: PersonValues[];
  updates: (PersonValues & { id: number })[];
  unchanged: number;
  errors: RowError[];
}

/** Across batches: which file line already took each known person (two rows, one person → the later is skipped). */
type Claims = Map<number, number>;

function valuesOf(row: ImportRow, known: KnownPerson | null): PersonValues {
  // An optional column left empty keeps what is known; the file's identity fields win.
  return {
    given_name: row.givenName,
    family_name: row.familyName,
    birth_date: row.birthDate,
    caf_number: row.cafNumber,
    france_travail_id: row.franceTravailId ?? known?.france_travail_id ?? null,
    email: row.email ?? known?.email ?? null,
    phone: row.phone ?? known?.phone ?? null,
    rsa_rights_opened_on: row.rsaRightsOpenedOn ?? known?.rsa_rights_opened_on ?? null,
  };
}

function sameValues(known: KnownPerson, values: PersonValues): boolean {
  return (Object.keys(values) as (keyof PersonValues)[]).every((k) => known[k] === values[k]);
}

/** What a batch of good rows would do against the people of the space, as they are now in `db`. */
async function planBatch(db: Db, spaceId: number, rows: ImportRow[], claims: Claims): Promise<BatchPlan> {
  const cafs = rows.map((r) => r.cafNumber);
  const fts = rows.flatMap((r) => (r.franceTravailId ? [r.franceTravailId] : []));
  const known = await db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'birth_date', 'caf_number', 'france_travail_id', 'email', 'phone', 'rsa_rights_opened_on', 'anonymised_at'])
    .where('space_id', '=', spaceId)
    .where('merged_into', 'is', null)
    .where((eb) => eb.or([sql<boolean>`caf_number = any(${cafs}::text[])`, ...(fts.length ? [sql<boolean>`france_travail_id = any(${fts}::text[])`] : [])]))
    .execute();
  const byCaf = new Map<string, KnownPerson>();
  const byFt = new Map<string, KnownPerson>();
  for (const p of known as KnownPerson[]) {
    if (p.caf_number) byCaf.set(p.caf_number, p);
    if (p.france_travail_id) byFt.set(p.france_travail_id, p);
  }
  const plan: BatchPlan = { creates: [], updates: [], unchanged: 0, errors: [] };
  for (const row of rows) {
    const viaCaf = byCaf.get(row.cafNumber) ?? null;
    const viaFt = row.franceTravailId ? (byFt.get(row.franceTravailId) ?? null) : null;
    const person = viaCaf ?? viaFt;
    if (viaCaf && viaFt && viaCaf.id !== viaFt.id) {
      plan.errors.push({ line: row.line, reason: `L’identifiant France Travail ${row.franceTravailId} est déjà celui d’une autre personne du SPIE, qui a un autre numéro CAF/MSA : vérifiez la ligne.` });
      continue;
    }
    if (!person) {
      plan.creates.push(valuesOf(row, null));
      continue;
    }
    if (person.anonymised_at) {
      plan.errors.push({ line: row.line, reason: 'Cette ligne correspond au dossier d’une personne anonymisé à l’issue de sa durée de conservation : il ne peut pas être complété.' });
      continue;
    }
    const earlier = claims.get(person.id);
    if (earlier !== undefined) {
      plan.errors.push({ line: row.line, reason: `Cette ligne désigne la même personne que la ligne ${earlier} (même identifiant France Travail ou numéro CAF/MSA).` });
      continue;
    }
    claims.set(person.id, row.line);
    const values = valuesOf(row, person);
    if (sameValues(person, values)) plan.unchanged++;
    else plan.updates.push({ ...values, id: person.id });
  }
  return plan;
}

async function writeBatch(trx: Transaction<Database>, spaceId: number, actorUserId: number, plan: BatchPlan, now: Date, keys: KeyMaker): Promise<void> {
  const column = <K extends keyof PersonValues>(list: PersonValues[], key: K) => list.map((v) => v[key]);
  if (plan.creates.length) {
    const c = plan.creates;
    await sql`
      insert into person (space_id, given_name, family_name, name_key, family_key, birth_date, caf_number, france_travail_id, email, phone, rsa_rights_opened_on, created_by, created_at, updated_at)
      select ${spaceId}::bigint, t.g, t.f, t.nk, t.fk, t.b, t.caf, t.ft, t.em, t.ph, t.rsa, ${actorUserId}::bigint, ${now}::timestamptz, ${now}::timestamptz
      from unnest(${column(c, 'given_name')}::text[], ${column(c, 'family_name')}::text[], ${c.map((v) => keys.nameKey(v.given_name, v.family_name))}::text[],
                  ${c.map((v) => keys.familyKey(v.family_name))}::text[], ${column(c, 'birth_date')}::date[], ${column(c, 'caf_number')}::text[],
                  ${column(c, 'france_travail_id')}::text[], ${column(c, 'email')}::text[], ${column(c, 'phone')}::text[], ${column(c, 'rsa_rights_opened_on')}::date[])
        as t(g, f, nk, fk, b, caf, ft, em, ph, rsa)`.execute(trx);
  }
  if (plan.updates.length) {
    const u = plan.updates;
    await sql`
      update person p set given_name = t.g, family_name = t.f, name_key = t.nk, family_key = t.fk, birth_date = t.b, caf_number = t.caf,
        france_travail_id = t.ft, email = t.em, phone = t.ph, rsa_rights_opened_on = t.rsa, updated_at = ${now}::timestamptz
      from unnest(${u.map((v) => v.id)}::bigint[], ${column(u, 'given_name')}::text[], ${column(u, 'family_name')}::text[], ${u.map((v) => keys.nameKey(v.given_name, v.family_name))}::text[],
                  ${u.map((v) => keys.familyKey(v.family_name))}::text[], ${column(u, 'birth_date')}::date[], ${column(u, 'caf_number')}::text[],
                  ${column(u, 'france_travail_id')}::text[], ${column(u, 'email')}::text[], ${column(u, 'phone')}::text[], ${column(u, 'rsa_rights_opened_on')}::date[])
        as t(id, g, f, nk, fk, b, caf, ft, em, ph, rsa)
      where p.id = t.id and p.space_id = ${spaceId}::bigint and p.anonymised_at is null and p.merged_into is null`.execute(trx);
  }
}

export interface ImportProgress {
  /** File rows whose fate is settled (written, left as they were, or skipped). */
  done: number;
  total: number;
  created: number;
  updated: number;
  errorCount: number;
}

/** The result of a prepared import, in file order of errors. */
function result(total: number, created: number, updated: number, errors: RowError[]): ImportPeopleResult {
  return { total, created, updated, errors: [...errors].sort((a, b) => a.line - b.line) };
}

/**
 * Runs a prepared import: batch after batch, plans against the database and (unless `dryRun`) writes
 * the batch in one transaction, calling `onProgress` inside it (to record the progress with the rows).
 */
export async function runPreparedImport(
  db: Kysely<Database>,
  input: { spaceId: number; actorUserId: number; prepared: Extract<PreparedImport, { ok: true }>; dryRun: boolean; now: Date; onProgress?: (trx: Db, progress: ImportProgress) => Promise<void> },
): Promise<ImportPeopleResult> {
  const { prepared } = input;
  const total = prepared.file.records.length;
  const errors: RowError[] = [...prepared.errors];
  const claims: Claims = new Map();
  const keys = keyMaker();
  let created = 0;
  let updated = 0;
  // File errors up to a line: the progress counts them as they are passed.
  const fileErrorsUpTo = (line: number) => prepared.errors.filter((e) => e.line <= line).length;
  // Batch k+1 is planned (its reads) while batch k is still being written: two transactions at most in
  // flight, planned one after the other (the claims stay in order). Rows of two batches never meet (CAF/MSA
  // numbers and France Travail ids are unique among the good rows), and the progress row, updated by each
  // transaction, is taken in the order the batches were planned.
  let writing: Promise<unknown> = Promise.resolve();
  for (let start = 0; start === 0 || start < prepared.rows.length; start += IMPORT_BATCH_SIZE) {
    const rows = prepared.rows.slice(start, start + IMPORT_BATCH_SIZE);
    const finished = start + IMPORT_BATCH_SIZE >= prepared.rows.length;
    const plan = async (executor: Db): Promise<{ plan: BatchPlan; progress: ImportProgress }> => {
      const plan = rows.length ? await planBatch(executor, input.spaceId, rows, claims) : { creates: [], updates: [], unchanged: 0, errors: [] };
      created += plan.creates.length;
      updated += plan.updates.length;
      errors.push(...plan.errors);
      const last = rows.at(-1);
      const done = finished || !last ? total : last.index + 1;
      const errorCount = finished || !last ? errors.length : errors.length - prepared.errors.length + fileErrorsUpTo(last.line);
      return { plan, progress: { done, total, created, updated, errorCount } };
    };
    if (input.dryRun) {
      const { progress } = await plan(db);
      await input.onProgress?.(db, progress);
      continue;
    }
    let planned!: () => void;
    const plannedNow = new Promise<void>((resolve) => (planned = resolve));
    const previous = writing;
    const batch = db.transaction().execute(async (trx) => {
      const { plan: batchPlan, progress } = await plan(trx);
      planned();
      await writeBatch(trx, input.spaceId, input.actorUserId, batchPlan, input.now, keys);
      await previous.catch(() => undefined); // the progress row: after the batch before
      await input.onProgress?.(trx, progress);
    });
    try {
      await Promise.race([plannedNow, batch]);
      await previous;
    } catch (error) {
      // Never leave a batch running behind a failure: the caller records the import as failed.
      await Promise.allSettled([previous, batch]);
      throw error;
    }
    writing = batch;
  }
  await writing;
  return result(total, created, updated, errors);
}

/**
 * The `importPeople` operation: checks the file and, unless `dryRun`, imports it at once (the source
 * file and the report are kept, the import is listed with the others and written to the audit trail).
 */
export async function importPeople(db: Kysely<Database>, input: ImportPeopleInput): Promise<ImportPeopleResult> {
  const prepared = prepareImport(input.bytes, input.mapping, input.now);
  if (!prepared.ok) return { total: 0, created: 0, updated: 0, errors: prepared.errors };
  if (input.dryRun) return runPreparedImport(db, { spaceId: input.spaceId, actorUserId: input.actor.userId, prepared, dryRun: true, now: input.now });
  const fileId = await storeFile(db, input.bytes, IMPORT_SOURCE_MEDIA_TYPE, input.now);
  const row = await db
    .insertInto('person_import')
    .values({ space_id: input.spaceId, created_by: input.actor.userId, created_at: input.now, file_id: fileId, filename: input.filename, mapping: JSON.stringify(prepared.mapping), status: 'running', total_rows: prepared.file.records.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    return await runImportRecord(db, { importId: row.id, spaceId: input.spaceId, actor: input.actor, filename: input.filename, prepared, now: input.now });
  } catch (error) {
    // A failure must not leave the import « en cours » for ever: marked failed (the page can relaunch it), audited.
    const reason = error instanceof Error ? error.message : String(error);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('person_import').set({ status: 'failed', finished_at: input.now }).where('id', '=', row.id).execute();
      await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'person.import.failed', objectType: 'person_import', objectId: row.id, summary: { spaceId: input.spaceId, reason: reason.slice(0, 500) } }, input.now);
    });
    throw error;
  }
}

/** Imports a prepared file for its `person_import` record: progress on the record, report kept, audit. */
export async function runImportRecord(
  db: Kysely<Database>,
  input: { importId: number; spaceId: number; actor: Actor; filename: string; prepared: Extract<PreparedImport, { ok: true }>; now: Date },
): Promise<ImportPeopleResult> {
  const outcome = await runPreparedImport(db, {
    spaceId: input.spaceId,
    actorUserId: input.actor.userId,
    prepared: input.prepared,
    dryRun: false,
    now: input.now,
    onProgress: async (trx, p) => {
      await trx
        .updateTable('person_import')
        .set({ total_rows: p.total, done_rows: p.done, created_count: p.created, updated_count: p.updated, error_count: p.errorCount })
        .where('id', '=', input.importId)
        .execute();
    },
  });
  const report = new TextEncoder().encode(JSON.stringify({ importId: input.importId, errors: outcome.errors }));
  const reportFileId = await storeFile(db, report, IMPORT_REPORT_MEDIA_TYPE, input.now);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('person_import')
      .set({ status: 'done', finished_at: input.now, total_rows: outcome.total, done_rows: outcome.total, created_count: outcome.created, updated_count: outcome.updated, error_count: outcome.errors.length })
      .where('id', '=', input.importId)
      .execute();
    // SPIE-8: once imported, the raw list (names, birth dates, CAF numbers…) is not kept: its bytes are
    // emptied, so that the people's data lives only in their records, which retention anonymises.
    const { file_id: sourceFileId } = await trx.selectFrom('person_import').select('file_id').where('id', '=', input.importId).executeTakeFirstOrThrow();
    await trx.updateTable('stored_file').set({ content: new Uint8Array(0), size_bytes: 0 }).where('id', '=', sourceFileId).execute();
    await recordAudit(
      trx,
      {
        actorUserId: input.actor.userId,
        actorLabel: input.actor.displayName,
        action: 'person.import',
        objectType: 'person_import',
        objectId: input.importId,
        summary: { spaceId: input.spaceId, filename: input.filename, total: outcome.total, created: outcome.created, updated: outcome.updated, errors: outcome.errors.length, reportFileId },
      },
      input.now,
    );
  });
  return outcome;
}

/** The skipped rows of a finished import, from the report its audit entry points to; null before the end. */
export async function importReport(db: Db, importId: number): Promise<RowError[] | null> {
  const audit = await db
    .selectFrom('audit_log')
    .select('summary')
    .where('action', '=', 'person.import')
    .where('object_type', '=', 'person_import')
    .where('object_id', '=', String(importId))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const reportFileId = (audit?.summary as { reportFileId?: unknown } | undefined)?.reportFileId;
  if (typeof reportFileId !== 'number') return null;
  const file = await db.selectFrom('stored_file').select('content').where('id', '=', reportFileId).where('media_type', '=', IMPORT_REPORT_MEDIA_TYPE).executeTakeFirst();
  return file ? (JSON.parse(Buffer.from(file.content).toString('utf8')) as { errors: RowError[] }).errors : null;
}
