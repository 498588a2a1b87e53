/**
 * The background import of RSA beneficiary lists (issue 5 §11). The page queues the import of a
 * `person_import` record already claimed as « running »; the worker reads the kept file again and
 * imports it in batches, the record carrying the progress that the page shows. A failure marks the
 * record « failed » (the coordinator may launch it again: an import is safe to repeat).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AppDeps } from '../web/context.js';
import type { JobRunner } from './job-runner.js';
import { readFile } from '../../domains/ami/adapters/files.js';
import { recordAudit } from '../../domains/audit/adapters/audit-trail.js';
import { loadActor } from '../../domains/identity/adapters/users.js';
import { prepareImport, runImportRecord } from '../../domains/pathway/use-cases/import-people.js';

export const PEOPLE_IMPORT_QUEUE = 'people-import';

export type StoredImportOutcome = 'done' | 'failed' | 'not-running';

/** Runs the import of a record in « running » state; anything else is left alone. */
export async function runStoredImport(db: Kysely<Database>, importId: number, now: Date): Promise<StoredImportOutcome> {
  const record = await db.selectFrom('person_import').selectAll().where('id', '=', importId).executeTakeFirst();
  if (!record || record.status !== 'running') return 'not-running';
  try {
    const actor = await loadActor(db, record.created_by);
    if (!actor) throw new Error(`utilisateur ${record.created_by} inconnu ou désactivé`);
    const file = await readFile(db, record.file_id);
    if (!file) throw new Error(`fichier ${record.file_id} introuvable`);
    const mapping = (typeof record.mapping === 'string' ? JSON.parse(record.mapping) : record.mapping) as Record<string, string>;
    const prepared = prepareImport(file.bytes, mapping, now);
    if (!prepared.ok) throw new Error(prepared.errors.map((e) => e.reason).join(' '));
    await runImportRecord(db, { importId, spaceId: record.space_id, actor, filename: record.filename, prepared, now });
    return 'done';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('person_import').set({ status: 'failed', finished_at: now }).where('id', '=', importId).execute();
      await recordAudit(trx, { actorUserId: null, actorLabel: 'Tâche d’import', action: 'person.import.failed', objectType: 'person_import', objectId: importId, summary: { spaceId: record.space_id, reason: reason.slice(0, 500) } }, now);
    });
    return 'failed';
  }
}

/**
 * Starts the import of a record just claimed as « running »: in the background when this instance
 * runs jobs, otherwise at once (the request then waits for the end).
 */
export async function startStoredImport(deps: AppDeps, importId: number): Promise<void> {
  if (deps.jobs) {
    const jobId = await deps.jobs.enqueue(PEOPLE_IMPORT_QUEUE, { importId });
    if (jobId) return;
  }
  await runStoredImport(deps.db, importId, deps.clock());
}

export async function registerPeopleImportJobs(jobs: JobRunner, deps: AppDeps): Promise<void> {
  await jobs.work(PEOPLE_IMPORT_QUEUE, async (data) => {
    const importId = Number(data.importId);
    if (!Number.isSafeInteger(importId)) throw new Error('Import : données de tâche invalides.');
    return { outcome: await runStoredImport(deps.db, importId, deps.clock()) };
  });
}
