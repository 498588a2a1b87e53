/**
 * The person's data export (RGPD art. 15, issue 5 §12), as JSON and as PDF: by the person from
 * « Mon parcours », and by the professionals managing the pathway for a request made to them
 * (`/parcours/:id/export-personne.*`). Each export is logged as a read of the person's data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathwayAuthzObject } from '../../../../domains/pathway/adapters/pathways.js';
import { ownPathwayId } from '../../../../domains/pathway/adapters/person-space.js';
import { exportPersonData } from '../../../../domains/pathway/use-cases/person-export.js';
import { renderPersonExport } from '../../../pdf/person-export.js';
import type { AppDeps } from '../../context.js';
import { HttpError } from '../../errors.js';
import { idParam } from '../application-common.js';
import { ownPathwayObject } from './my-pathway.js';

/** The export on the person's behalf: the coordinator managing the organisation that holds the pathway. */
const PROFESSIONAL_EXPORT_ACTION = 'person.export' as const;

function send(reply: FastifyReply, format: 'json' | 'pdf', body: Buffer | string, personId: number) {
  return reply
    .header('content-type', format === 'json' ? 'application/json; charset=utf-8' : 'application/pdf')
    .header('content-disposition', `attachment; filename="donnees-personnelles-${personId}.${format}"`)
    .header('cache-control', 'private, no-store')
    .send(body);
}

async function exportFor(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, pathwayId: number, format: 'json' | 'pdf', onBehalf = false) {
  const pathway = await app.deps.db.selectFrom('pathway').select('person_id').where('id', '=', pathwayId).executeTakeFirst();
  if (!pathway) throw new HttpError(404);
  // On the person's behalf, the coordinator exports the pathway their organisation holds, not the others (SPIE-7).
  const data = await exportPersonData(app.deps.db, { personId: pathway.person_id, pathwayId, actor: request.actor!, now: app.deps.clock(), onlyThisPathway: onBehalf });
  if (!data) throw new HttpError(404);
  if (format === 'json') return send(reply, 'json', `${JSON.stringify(data, null, 2)}\n`, pathway.person_id);
  return send(reply, 'pdf', await renderPersonExport(data), pathway.person_id);
}

const formatOf = (request: FastifyRequest): 'json' | 'pdf' => {
  const format = (request.params as { format?: string }).format;
  if (format !== 'json' && format !== 'pdf') throw new HttpError(404);
  return format;
};

export function registerPersonExportRoutes(app: FastifyInstance): void {
  const own = { authz: { action: 'pathway.own' as const, object: ownPathwayObject } };
  app.get('/mon-parcours/export.:format', { config: own }, async (request, reply) => {
    const format = formatOf(request);
    const pathwayId = await ownPathwayId(app.deps.db, request.actor!.userId);
    if (pathwayId === null) throw new HttpError(404);
    return exportFor(app, request, reply, pathwayId, format);
  });

  const manage = { authz: { action: PROFESSIONAL_EXPORT_ACTION, object: (request: FastifyRequest, deps: AppDeps) => pathwayAuthzObject(deps.db, idParam(request), deps.clock()) } };
  app.get('/parcours/:id/export-personne.:format', { config: manage }, async (request, reply) => exportFor(app, request, reply, idParam(request), formatOf(request), true));
}
