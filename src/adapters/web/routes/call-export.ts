/** Download of a call's applications as CSV or XLSX, limited to the viewer's perimeter (issue 4 §6). */
import type { FastifyInstance } from 'fastify';
import { exportApplications, type ExportFormat } from '../../../domains/ami/use-cases/export-applications.js';
import { recordAudit } from '../../../domains/audit/adapters/audit-trail.js';
import { HttpError } from '../errors.js';
import { idParam } from './application-common.js';
import { callObject } from './calls.js';

export function registerCallExport(app: FastifyInstance): void {
  app.get('/appels/:id/export.:format', { config: { authz: { action: 'call.export', ...callObject } } }, async (request, reply) => {
    const format = (request.params as { format: string }).format;
    if (format !== 'csv' && format !== 'xlsx') throw new HttpError(404);
    const callId = idParam(request);
    const file = await exportApplications(app.deps.db, { callId, actor: request.actor!, format: format as ExportFormat, now: app.deps.clock() });
    await recordAudit(app.deps.db, {
      actorUserId: request.actor!.userId,
      actorLabel: request.actor!.displayName,
      action: 'call.export',
      objectType: 'call',
      objectId: callId,
      summary: { format, rows: file.rowCount },
    }, app.deps.clock());
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(file.bytes);
  });
}
