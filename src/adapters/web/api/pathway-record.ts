/**
 * The pathway's record in the API (issue 5 §3–6, §8): getPathway (the read is logged, SPIE-7),
 * recordDiagnosis (SPIE-3), requestOrientation and decideOrientation (SPIE-4), assignReferent
 * (SPIE-2), addPlanItem (SPIE-5). Each goes through the same checks and adapters as the web page.
 */
import type { FastifyInstance } from 'fastify';
import { queueMail } from '../../../app.js';
import { logPersonAccess } from '../../../domains/pathway/adapters/access-log.js';
import { listEvents } from '../../../domains/pathway/adapters/events.js';
import { assignReferent } from '../../../domains/pathway/adapters/pathways.js';
import { addAction, addContract, addObjective, decideOrientation, loadPathway, recordDiagnosis, requestOrientation } from '../../../domains/pathway/adapters/record.js';
import { orientationRequestOfSpace } from '../../../domains/pathway/adapters/spaces.js';
import { checkDiagnosis } from '../../../domains/pathway/entities/diagnosis-areas.js';
import { checkOrientationDecision, isOrientationKind } from '../../../domains/pathway/entities/orientation.js';
import { checkAction, checkContract } from '../../../domains/pathway/entities/plan.js';
import { notifyOrientationAnswer } from '../../../domains/pathway/use-cases/orientation-answer.js';
import { HttpError } from '../errors.js';
import { knownId } from './common.js';
import { ApiError, parseOr400 } from './errors.js';
import { domainRefusal, ensureOpen, pathParam, pathwayAuthz, refused } from './pathway-common.js';
import { pathwayJson } from './pathway-json.js';
import { DiagnosisInputSchema, OrientationDecisionInputSchema, OrientationRequestInputSchema, PlanItemInputSchema, ReferentInputSchema } from './pathway-schemas.js';

/** The action kinds offered, as on the web page: a catalogue service (issue 6 §5) is checked as there (record.ts addAction). */
const OFFERED_ACTION_KINDS = ['free', 'immersion', 'service'];

export function registerPathwayRecordApi(api: FastifyInstance): void {
  const deps = api.deps;
  const { db } = deps;

  api.get('/api/v1/pathways/:id', { config: pathwayAuthz.pathwayView }, async (request) => {
    const id = knownId(request);
    const record = await loadPathway(db, id);
    if (!record) throw new HttpError(404);
    await logPersonAccess(db, { personIds: [record.person_id], pathwayId: id, actor: request.actor!, action: 'api.read', now: deps.clock() });
    return pathwayJson(record, await listEvents(db, id));
  });

  api.post('/api/v1/pathways/:id/diagnoses', { config: pathwayAuthz.pathwayEdit }, async (request, reply) => {
    const id = knownId(request);
    const body = parseOr400(DiagnosisInputSchema, request.body);
    const message = 'Le diagnostic n’a pas été enregistré.';
    const checked = checkDiagnosis(body.areas);
    if (!checked.ok) throw refused(message, checked.errors, 'SPIE-3', 'areas.');
    await ensureOpen(deps, id, message);
    const result = await recordDiagnosis(db, { pathwayId: id, entries: checked.entries, actor: request.actor!, now: deps.clock() });
    if (!result.ok) throw domainRefusal(message, result, 'SPIE-3');
    reply.status(201);
    return { id: result.id, pathwayId: id };
  });

  api.post('/api/v1/pathways/:id/orientation-requests', { config: pathwayAuthz.pathwayEdit }, async (request, reply) => {
    const id = knownId(request);
    const body = parseOr400(OrientationRequestInputSchema, request.body);
    const message = 'La demande d’orientation n’a pas été enregistrée.';
    if (!isOrientationKind(body.kind)) throw refused(message, { kind: 'Choisissez le type d’orientation : professional, socio_professional ou social.' }, 'SPIE-4');
    await ensureOpen(deps, id, message);
    const result = await requestOrientation(db, {
      pathwayId: id,
      kind: body.kind,
      receivingOrganisationId: body.receivingOrganisationId,
      proposedReferentUserId: body.proposedReferentUserId,
      actor: request.actor!,
      now: deps.clock(),
    });
    if (!result.ok) throw domainRefusal(message, result, 'SPIE-4', { organisationId: 'receivingOrganisationId', referentUserId: 'proposedReferentUserId' });
    reply.status(201);
    return { id: result.id, pathwayId: id };
  });

  api.post('/api/v1/spaces/:id/orientation-requests/:requestId/decision', { config: pathwayAuthz.orientationDecide }, async (request) => {
    const spaceId = knownId(request);
    const requestId = pathParam(request, 'requestId');
    const found = requestId === null ? null : await orientationRequestOfSpace(db, spaceId, requestId);
    if (!found) throw new HttpError(404);
    const body = parseOr400(OrientationDecisionInputSchema, request.body);
    const message = 'La décision d’orientation n’a pas été enregistrée.';
    if (found.status !== 'pending') throw new ApiError(409, message, [{ field: 'status', message: 'Cette demande d’orientation a déjà reçu une réponse.' }]);
    const checked = checkOrientationDecision('pending', body.decision, body.reason);
    if (!checked.ok) throw new ApiError(422, message, [{ rule: 'SPIE-4', field: body.decision === 'refused' ? 'reason' : 'decision', message: checked.message }]);
    const actor = request.actor!;
    const result = await decideOrientation(db, { requestId: found.id, decision: body.decision, reason: body.reason, actor, now: deps.clock() });
    if (!result.ok) throw new ApiError(409, message, [{ message: result.message }]);
    // As on the web page: whoever asked is told; a mail that cannot be queued is logged, the decision stands.
    await notifyOrientationAnswer(
      { db, sendMail: (m) => queueMail(deps, m), publicUrl: deps.config.publicUrl },
      { spaceId, request: found, pathwayId: result.pathwayId, status: result.status, deciderName: actor.displayName },
    ).catch((error: unknown) => request.log.error({ err: error }, 'orientation answer mail not queued'));
    return { requestId: found.id, pathwayId: result.pathwayId, status: result.status };
  });

  api.put('/api/v1/pathways/:id/referent', { config: pathwayAuthz.pathwayEdit }, async (request) => {
    const id = knownId(request);
    const body = parseOr400(ReferentInputSchema, request.body);
    const message = 'Le référent n’a pas été désigné.';
    await ensureOpen(deps, id, message);
    const result = await assignReferent(db, { pathwayId: id, userId: body.userId, actor: request.actor!, now: deps.clock() });
    if (!result.ok) throw new ApiError(422, message, [{ rule: 'SPIE-2', field: 'userId', message: result.message }]);
    return { pathwayId: id, referentUserId: body.userId };
  });

  api.post('/api/v1/pathways/:id/plan-items', { config: pathwayAuthz.pathwayEdit }, async (request, reply) => {
    const id = knownId(request);
    const item = parseOr400(PlanItemInputSchema, request.body);
    const actor = request.actor!;
    const now = deps.clock();
    const message = 'L’élément du plan n’a pas été enregistré.';
    let result;
    if (item.type === 'objective') {
      await ensureOpen(deps, id, message);
      result = await addObjective(db, { pathwayId: id, area: item.area, label: item.label, byPerson: false, actor, now });
    } else if (item.type === 'action') {
      const checked = OFFERED_ACTION_KINDS.includes(item.kind)
        ? checkAction({ kind: item.kind, label: item.label, companySiret: item.companySiret, companyName: item.companyName, startsOn: item.startsOn, endsOn: item.endsOn, serviceId: item.serviceId })
        : { ok: false as const, errors: { kind: 'Choisissez le type d’action : free (action), immersion (en entreprise) ou service (du catalogue).' } };
      if (!checked.ok) throw refused(message, checked.errors, 'SPIE-5');
      await ensureOpen(deps, id, message);
      result = await addAction(db, { pathwayId: id, objectiveId: item.objectiveId, action: checked.action, actor, now });
    } else {
      const checked = checkContract(item);
      if (!checked.ok) throw refused(message, checked.errors, 'SPIE-5');
      await ensureOpen(deps, id, message);
      result = await addContract(db, { pathwayId: id, kind: checked.kind, startsOn: checked.startsOn, endsOn: checked.endsOn, actor, now });
    }
    if (!result.ok) throw domainRefusal(message, result, 'SPIE-5');
    reply.status(201);
    return { type: item.type, id: result.id, pathwayId: id };
  });
}
