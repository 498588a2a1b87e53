/**
 * The imports of RSA lists of a space (table `person_import`) as the pages see them: the upload kept
 * with its guessed mapping, the mapping chosen, the launch, the list. The import itself is in
 * domains/pathway/use-cases/import-people.ts, run by adapters/jobs/people-import-jobs.ts.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { readFile, storeFile } from '../../../../domains/ami/adapters/files.js';
import { spaceAuthzObject } from '../../../../domains/pathway/adapters/spaces.js';
import type { CsvFile } from '../../../../domains/pathway/entities/import-csv.js';
import { readCsv } from '../../../../domains/pathway/entities/import-csv.js';
import type { ImportMapping } from '../../../../domains/pathway/entities/import-mapping.js';
import { suggestMapping } from '../../../../domains/pathway/entities/import-mapping.js';
import { IMPORT_SOURCE_MEDIA_TYPE } from '../../../../domains/pathway/use-cases/import-people.js';
import type { AuthzObject } from '../../../../domains/authorization/authorize.js';
import type { AppDeps } from '../../context.js';
import { HttpError } from '../../errors.js';

export type ImportStatus = 'uploaded' | 'checked' | 'running' | 'done' | 'failed';

export interface ImportRecord {
  id: number;
  spaceId: number;
  filename: string;
  fileId: number;
  mapping: ImportMapping;
  status: ImportStatus;
  total: number;
  done: number;
  created: number;
  updated: number;
  errors: number;
  createdAt: Date;
  createdBy: string;
  finishedAt: Date | null;
}

/** A numeric route parameter; a malformed one is a page that does not exist. */
export function idParam(request: FastifyRequest, name: string): number {
  const id = Number((request.params as Record<string, string | undefined>)[name]);
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404);
  return id;
}

/** Every import route acts on the space named by `:spaceId` (person.import: its coordinator). */
export function importSpaceObject(request: FastifyRequest, deps: AppDeps): Promise<AuthzObject | null> {
  return spaceAuthzObject(deps.db, Number((request.params as { spaceId?: string }).spaceId));
}

export async function spaceName(db: Kysely<Database>, spaceId: number): Promise<{ id: number; name: string }> {
  const space = await db.selectFrom('territory_space').select(['id', 'name']).where('id', '=', spaceId).executeTakeFirst();
  if (!space) throw new HttpError(404);
  return space;
}

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('person_import as i')
    .innerJoin('app_user as u', 'u.id', 'i.created_by')
    .select(['i.id', 'i.space_id', 'i.filename', 'i.file_id', 'i.mapping', 'i.status', 'i.total_rows', 'i.done_rows', 'i.created_count', 'i.updated_count', 'i.error_count', 'i.created_at', 'i.finished_at', 'u.given_name', 'u.family_name']);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toRecord(r: Row): ImportRecord {
  return {
    id: r.id,
    spaceId: r.space_id,
    filename: r.filename,
    fileId: r.file_id,
    mapping: (typeof r.mapping === 'string' ? JSON.parse(r.mapping) : r.mapping) as ImportMapping,
    status: r.status as ImportStatus,
    total: r.total_rows,
    done: r.done_rows,
    created: r.created_count,
    updated: r.updated_count,
    errors: r.error_count,
    createdAt: new Date(r.created_at),
    createdBy: `${r.given_name} ${r.family_name}`,
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  };
}

/** The import of the route (`:importId` inside `:spaceId`); 404 otherwise. */
export async function loadImport(request: FastifyRequest, deps: AppDeps): Promise<ImportRecord> {
  const spaceId = idParam(request, 'spaceId');
  const row = await baseQuery(deps.db).where('i.id', '=', idParam(request, 'importId')).where('i.space_id', '=', spaceId).executeTakeFirst();
  if (!row) throw new HttpError(404);
  return toRecord(row);
}

export async function listImports(db: Kysely<Database>, spaceId: number): Promise<ImportRecord[]> {
  const rows = await baseQuery(db).where('i.space_id', '=', spaceId).orderBy('i.id', 'desc').limit(50).execute();
  return rows.map(toRecord);
}

/** The uploaded file, read again (it is kept in the database). */
export async function importFile(db: Kysely<Database>, record: ImportRecord): Promise<{ bytes: Buffer; file: CsvFile }> {
  const stored = await readFile(db, record.fileId);
  const reading = stored ? readCsv(stored.bytes) : null;
  if (!stored || !reading?.ok) throw new HttpError(409, 'Le fichier de cet import ne peut plus être lu : déposez-le à nouveau.');
  return { bytes: stored.bytes, file: reading.file };
}

/** Keeps an uploaded file that reads as CSV, with the mapping guessed from its headers. */
export async function createImport(db: Kysely<Database>, input: { spaceId: number; userId: number; filename: string; bytes: Uint8Array; file: CsvFile; now: Date }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const fileId = await storeFile(trx, input.bytes, IMPORT_SOURCE_MEDIA_TYPE, input.now);
    const row = await trx
      .insertInto('person_import')
      .values({
        space_id: input.spaceId,
        created_by: input.userId,
        created_at: input.now,
        file_id: fileId,
        filename: input.filename,
        mapping: JSON.stringify(suggestMapping(input.file.headers)),
        status: 'uploaded',
        total_rows: input.file.records.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** Keeps the mapping chosen (only before the import runs); the import is then ready to be checked. */
export async function saveMapping(db: Kysely<Database>, importId: number, mapping: ImportMapping): Promise<boolean> {
  const result = await db
    .updateTable('person_import')
    .set({ mapping: JSON.stringify(mapping), status: 'checked' })
    .where('id', '=', importId)
    .where('status', 'in', ['uploaded', 'checked'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Claims the import for running, once: from « checked », or again after a failure. */
export async function markRunning(db: Kysely<Database>, importId: number): Promise<boolean> {
  const result = await db
    .updateTable('person_import')
    .set({ status: 'running', done_rows: 0, created_count: 0, updated_count: 0, error_count: 0, finished_at: null })
    .where('id', '=', importId)
    .where('status', 'in', ['checked', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
