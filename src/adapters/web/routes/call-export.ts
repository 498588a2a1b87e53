/**
 * Exports of a call's applications, limited to the viewer's perimeter (issue 4 §6):
 * - `/appels/:id/export.csv|xlsx` builds the file at once, during the request;
 * - large exports run as a background job: `POST /appels/:id/exports` queues one, its page
 *   `/appels/:id/exports/:jobId` shows its progress and, once done, the link to `…/fichier`.
 *   Only the user who asked for an export follows and downloads it (`exportJobStatus`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JobRunner } from '../../jobs/job-runner.js';
import { EXPORT_QUEUE, exportJobStatus, startExportJob, type ExportJobStatus } from '../../../domains/ami/adapters/exports.js';
import { getCall } from '../../../domains/ami/adapters/calls.js';
import { readFile } from '../../../domains/ami/adapters/files.js';
import { exportApplications, type ExportFormat } from '../../../domains/ami/use-cases/export-applications.js';
import { recordAudit } from '../../../domains/audit/adapters/audit-trail.js';
import { pageContext } from '../components/layout.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { idParam } from './application-common.js';
import { exportJobPage, exportPagePath, exportsUnavailablePage, type ExportCall } from './call-export-page.js';
import { callObject } from './calls.js';

const exportConfig = { authz: { action: 'call.export' as const, ...callObject } };

/** pg-boss job ids are UUIDs; anything else is answered 404 before reaching the database. */
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isFormat(value: unknown): value is ExportFormat {
  return value === 'csv' || value === 'xlsx';
}

function sendAttachment(reply: FastifyReply, file: { mediaType: string; filename: string; bytes: Buffer }): FastifyReply {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}

export function registerCallExport(app: FastifyInstance): void {
  async function auditExport(request: FastifyRequest, callId: number, summary: Record<string, string | number>): Promise<void> {
    await recordAudit(
      app.deps.db,
      { actorUserId: request.actor!.userId, actorLabel: request.actor!.displayName, action: 'call.export', objectType: 'call', objectId: callId, summary },
      app.deps.clock(),
    );
  }

  /** The call of the URL (the authorization hook has already found it and checked the perimeter). */
  async function exportCall(request: FastifyRequest): Promise<ExportCall> {
    const call = await getCall(app.deps.db, idParam(request));
    if (!call) throw new HttpError(404);
    return { id: call.id, title: call.title };
  }

  /** When this instance runs no background jobs, a French page says so (503) rather than failing. */
  async function jobsOrExplain(request: FastifyRequest, reply: FastifyReply, call: ExportCall): Promise<JobRunner | null> {
    if (app.deps.jobs) return app.deps.jobs;
    await sendPage(reply.header('retry-after', '60'), exportsUnavailablePage({ ctx: pageContext(request), call }), 503);
    return null;
  }

  /** The export of the URL, for the signed-in user who asked for it and of this call; 404 otherwise. */
  async function ownExport(jobs: JobRunner, request: FastifyRequest, callId: number): Promise<{ status: ExportJobStatus; format: ExportFormat }> {
    const jobId = (request.params as { jobId?: string }).jobId ?? '';
    if (!JOB_ID.test(jobId)) throw new HttpError(404);
    const status = await exportJobStatus(jobs, app.deps.db, jobId, request.actor!.userId);
    if (!status) throw new HttpError(404);
    // The status says whose export it is, not which call it is about: the URL's call must be the job's.
    const job = await jobs.getJob(EXPORT_QUEUE, jobId);
    if (!job || job.data.callId !== callId || !isFormat(job.data.format)) throw new HttpError(404);
    return { status, format: job.data.format };
  }

  app.get('/appels/:id/export.:format', { config: exportConfig }, async (request, reply) => {
    const format = (request.params as { format: string }).format;
    if (!isFormat(format)) throw new HttpError(404);
    const callId = idParam(request);
    const file = await exportApplications(app.deps.db, { callId, actor: request.actor!, format, now: app.deps.clock() });
    await auditExport(request, callId, { format, rows: file.rowCount });
    return sendAttachment(reply, file);
  });

  app.post('/appels/:id/exports', { config: exportConfig }, async (request, reply) => {
    const format = (request.body as Record<string, unknown> | undefined)?.format;
    if (!isFormat(format)) throw new HttpError(400, 'Format d’export inconnu : choisissez CSV ou XLSX.');
    const call = await exportCall(request);
    const jobs = await jobsOrExplain(request, reply, call);
    if (!jobs) return reply;
    const { jobId } = await startExportJob(jobs, app.deps.db, { callId: call.id, actorUserId: request.actor!.userId, format, now: app.deps.clock() });
    return reply.redirect(exportPagePath(call.id, jobId), 303);
  });

  app.get('/appels/:id/exports/:jobId', { config: exportConfig }, async (request, reply) => {
    const call = await exportCall(request);
    const jobs = await jobsOrExplain(request, reply, call);
    if (!jobs) return reply;
    const { status, format } = await ownExport(jobs, request, call.id);
    const autoRefresh = (request.query as Record<string, unknown>).actualiser !== 'non';
    reply.header('cache-control', 'private, no-store');
    return sendPage(reply, exportJobPage({ ctx: pageContext(request), call, status, format, autoRefresh }));
  });

  /** The export's state as JSON, for the page's script (`/static/export-progress.js`). */
  app.get('/appels/:id/exports/:jobId/etat', { config: exportConfig }, async (request, reply) => {
    if (!app.deps.jobs) throw new HttpError(409, 'Les exports en arrière-plan ne fonctionnent pas en ce moment.');
    const { status } = await ownExport(app.deps.jobs, request, idParam(request));
    return reply.header('cache-control', 'private, no-store').send({ state: status.state, done: status.done, total: status.total });
  });

  app.get('/appels/:id/exports/:jobId/fichier', { config: exportConfig }, async (request, reply) => {
    const call = await exportCall(request);
    const jobs = await jobsOrExplain(request, reply, call);
    if (!jobs) return reply;
    const { status, format } = await ownExport(jobs, request, call.id);
    if (status.state !== 'done' || !status.result) throw new HttpError(409, 'L’export n’est pas encore terminé : attendez que sa page propose le téléchargement.');
    const stored = await readFile(app.deps.db, status.result.fileId);
    if (!stored) throw new HttpError(404);
    await auditExport(request, call.id, { format, rows: status.result.rowCount, jobId: status.jobId });
    return sendAttachment(reply, { mediaType: status.result.mediaType, filename: status.result.filename, bytes: stored.bytes });
  });
}
