/**
 * Large exports run as a background job (issue 4 §6). No table of their own:
 * - pg-boss keeps the job: its state, its data (`ExportJobData`) and, once done, its output (`ExportJobOutput`);
 * - the progress is a small JSON file in `stored_file` (`EXPORT_PROGRESS_MEDIA_TYPE`, shape `ExportProgress`),
 *   created when the job is queued and rewritten in place as rows are done, so every app instance reads it;
 * - the result is a `stored_file` too, whose id the output and the progress both give.
 * Only the user who asked for an export may read its status and download it (`exportJobStatus`).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { JobRunner } from '../../../adapters/jobs/job-runner.js';
import { loadActor } from '../../identity/adapters/users.js';
import { exportApplications, type ExportFormat } from '../use-cases/export-applications.js';
import { storeFile } from './files.js';

export const EXPORT_QUEUE = 'applications-export';
export const EXPORT_PROGRESS_MEDIA_TYPE = 'application/vnd.spie.export-progress+json';

export interface ExportJobData {
  callId: number;
  actorUserId: number;
  format: ExportFormat;
  progressFileId: number;
}

export interface ExportJobOutput {
  fileId: number;
  filename: string;
  mediaType: string;
  rowCount: number;
}

/** The progress file's JSON. `total` is null until the rows are counted. */
export interface ExportProgress {
  actorUserId: number;
  callId: number;
  format: ExportFormat;
  done: number;
  total: number | null;
  result: ExportJobOutput | null;
}

export interface ExportJobStatus {
  jobId: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number | null;
  result: ExportJobOutput | null;
}

function progressBytes(progress: ExportProgress): Buffer {
  return Buffer.from(JSON.stringify(progress), 'utf8');
}

async function writeProgress(db: Kysely<Database>, fileId: number, progress: ExportProgress): Promise<void> {
  const bytes = progressBytes(progress);
  await db
    .updateTable('stored_file')
    .set({ content: bytes, sha256: createHash('sha256').update(bytes).digest('hex'), size_bytes: bytes.byteLength })
    .where('id', '=', fileId)
    .where('media_type', '=', EXPORT_PROGRESS_MEDIA_TYPE)
    .execute();
}

async function readProgress(db: Kysely<Database>, fileId: number): Promise<ExportProgress | null> {
  const row = await db.selectFrom('stored_file').select('content').where('id', '=', fileId).where('media_type', '=', EXPORT_PROGRESS_MEDIA_TYPE).executeTakeFirst();
  return row ? (JSON.parse(Buffer.from(row.content).toString('utf8')) as ExportProgress) : null;
}

/** Queues an export; the caller keeps the job id to follow it. */
export async function startExportJob(
  jobs: JobRunner,
  db: Kysely<Database>,
  input: { callId: number; actorUserId: number; format: ExportFormat; now?: Date },
): Promise<{ jobId: string; progressFileId: number }> {
  const { callId, actorUserId, format } = input;
  const progress: ExportProgress = { actorUserId, callId, format, done: 0, total: null, result: null };
  const progressFileId = await storeFile(db, progressBytes(progress), EXPORT_PROGRESS_MEDIA_TYPE, input.now ?? new Date());
  const data: ExportJobData = { callId, actorUserId, format, progressFileId };
  const jobId = await jobs.enqueue(EXPORT_QUEUE, { ...data });
  if (!jobId) throw new Error('La file des exports a refusé la tâche.');
  return { jobId, progressFileId };
}

/** The worker: builds the export with the actor's perimeter as it is when the job runs, and stores it. */
export async function runExportJob(db: Kysely<Database>, data: ExportJobData, now: Date = new Date()): Promise<ExportJobOutput> {
  const actor = await loadActor(db, data.actorUserId);
  if (!actor) throw new Error(`Export : utilisateur ${data.actorUserId} inconnu ou désactivé.`);
  const base: ExportProgress = { actorUserId: data.actorUserId, callId: data.callId, format: data.format, done: 0, total: null, result: null };
  const file = await exportApplications(db, {
    callId: data.callId,
    actor,
    format: data.format,
    now,
    onProgress: (done, total) => writeProgress(db, data.progressFileId, { ...base, done, total }),
  });
  const fileId = await storeFile(db, file.bytes, file.mediaType, now);
  const output: ExportJobOutput = { fileId, filename: file.filename, mediaType: file.mediaType, rowCount: file.rowCount };
  await writeProgress(db, data.progressFileId, { ...base, done: file.rowCount, total: file.rowCount, result: output });
  return output;
}

function isExportJobData(data: Record<string, unknown>): data is Record<string, unknown> & ExportJobData {
  return (
    Number.isSafeInteger(data.callId) &&
    Number.isSafeInteger(data.actorUserId) &&
    Number.isSafeInteger(data.progressFileId) &&
    (data.format === 'csv' || data.format === 'xlsx')
  );
}

export async function registerExportWorker(jobs: JobRunner, db: Kysely<Database>, clock: () => Date): Promise<void> {
  await jobs.work(EXPORT_QUEUE, async (data) => {
    if (!isExportJobData(data)) throw new Error('Export : données de tâche invalides.');
    return runExportJob(db, data, clock());
  });
}

/** An export's state for the user who asked for it; null for anyone else, or an unknown job. */
export async function exportJobStatus(jobs: JobRunner, db: Kysely<Database>, jobId: string, actorUserId: number): Promise<ExportJobStatus | null> {
  const job = await jobs.getJob(EXPORT_QUEUE, jobId);
  if (!job || !isExportJobData(job.data) || job.data.actorUserId !== actorUserId) return null;
  const progress = await readProgress(db, job.data.progressFileId);
  const result = (job.state === 'completed' ? (job.output as ExportJobOutput | null) : null) ?? progress?.result ?? null;
  const state = result ? 'done' : job.state === 'failed' || job.state === 'cancelled' ? 'failed' : job.state === 'active' || (progress?.total ?? null) !== null ? 'running' : 'queued';
  return { jobId, state, done: progress?.done ?? 0, total: progress?.total ?? null, result };
}
