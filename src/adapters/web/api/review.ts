/**
 * The review in the API (issue 4 §8): listApplications, recordOpinion, returnForCompletion, decide,
 * recordPayment, exportApplications. Each route's rights are the authorization module's; recordOpinion
 * checks the action of the opinion's kind in the handler, with the same module, and audits a denial
 * the way the hook does. Nothing here answers with an opinion's text: confidential contributions
 * (AMI-21) never leave through these routes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { queueMail } from '../../../app.js';
import { applicationAuthzObject, visibleApplicationsQuery } from '../../../domains/ami/adapters/applications.js';
import { agreementOf, recordPayment } from '../../../domains/ami/adapters/grant-agreements.js';
import { decide, recordOpinion, returnForCompletion } from '../../../domains/ami/adapters/review.js';
import type { OpinionKind } from '../../../domains/ami/entities/opinion.js';
import { exportApplications } from '../../../domains/ami/use-cases/export-applications.js';
import { recordAudit } from '../../../domains/audit/adapters/audit-trail.js';
import { authorize, type Action, type AuthzObject } from '../../../domains/authorization/authorize.js';
import type { Actor } from '../../../domains/identity/entities/role.js';
import { HttpError } from '../errors.js';
import type { AppDeps } from '../context.js';
import { authz, knownId } from './common.js';
import { ApiError, parseOr400 } from './errors.js';
import { ApplicationListQuerySchema, DecisionInputSchema, OpinionInputSchema, PaymentInputSchema, ReturnInputSchema } from './schemas.js';

const OPINION_ACTIONS = { prefect: 'application.opine', collegial: 'application.collegialOpinion', expert: 'application.contribute' } as const satisfies Record<string, Action>;

const ExportQuerySchema = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') });

/** A prefect opines as the département's prefect on their own département, else as the region's (as on the web page). */
function prefectKind(actor: Actor, departementCode: string): OpinionKind {
  const own = actor.assignments.some((a) => a.role === 'departement_prefect' && a.perimeter.kind === 'departement' && a.perimeter.departementCode === departementCode);
  return own || !actor.assignments.some((a) => a.role === 'regional_prefect') ? 'departement_prefect' : 'regional_prefect';
}

/** The authorization module's decision on a second action of the route, denied and audited as the hook does. */
async function authorizeOrDeny(deps: AppDeps, request: FastifyRequest, action: Action, object: AuthzObject): Promise<void> {
  const decision = authorize(request.actor, action, object);
  if (decision.allowed) return;
  await recordAudit(
    deps.db,
    {
      actorUserId: request.actor?.userId ?? null,
      actorLabel: request.actor?.displayName ?? 'anonyme',
      action: 'access.denied',
      objectType: object.type,
      objectId: String(object.id),
      summary: { attemptedAction: action, method: request.method, route: request.routeOptions.url ?? '', status: decision.status },
    },
    deps.clock(),
  );
  throw new HttpError(decision.status, decision.reason, true);
}

const statusOf = async (deps: AppDeps, id: number) => (await deps.db.selectFrom('application').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

export function registerReviewApi(api: FastifyInstance): void {
  const deps = api.deps;
  const { db } = deps;

  api.get('/api/v1/applications', { config: authz.applicationList }, async (request) => {
    const { callId } = parseOr400(ApplicationListQuerySchema, request.query ?? {}, 'La requête');
    // The perimeter of listVisibleApplications (the same query), with the call's id.
    let q = (await visibleApplicationsQuery(db, request.actor!)).select([
      'a.id',
      'a.status',
      'a.submitted_at',
      'a.territory_kind',
      'a.departement_code',
      'd.name as departement_name',
      'c.id as call_id',
      'c.title as call_title',
      'c.deadline_at',
      'o.id as lead_id',
      'o.name as lead_name',
    ]);
    if (callId !== undefined) q = q.where('a.call_id', '=', callId);
    const rows = await q.orderBy('a.id', 'desc').execute();
    return {
      applications: rows.map((r) => ({
        id: r.id,
        status: r.status,
        submittedAt: r.submitted_at?.toISOString() ?? null,
        call: { id: r.call_id, title: r.call_title, deadlineAt: r.deadline_at.toISOString() },
        territory: { kind: r.territory_kind, departementCode: r.departement_code, departementName: r.departement_name },
        leadOrganisation: { id: r.lead_id, name: r.lead_name },
      })),
    };
  });

  api.post('/api/v1/applications/:id/opinions', { config: authz.applicationView }, async (request, reply) => {
    const id = knownId(request);
    const body = parseOr400(OpinionInputSchema, request.body);
    const object = await applicationAuthzObject(db, id);
    if (!object) throw new HttpError(404);
    await authorizeOrDeny(deps, request, OPINION_ACTIONS[body.kind], object);
    const actor = request.actor!;
    const kind: OpinionKind = body.kind === 'prefect' ? prefectKind(actor, object.type === 'application' ? object.departementCode : '') : body.kind;
    const result = await recordOpinion(db, {
      applicationId: id,
      actor,
      kind,
      verdict: body.kind === 'expert' ? null : body.verdict!,
      reasons: body.reasons,
      confidential: body.kind === 'expert' && body.confidential,
      now: deps.clock(),
    });
    if (!result.ok) throw new ApiError(result.status, 'L’avis n’a pas été enregistré.', [{ ...(result.status === 409 ? { field: 'status' } : {}), message: result.message }]);
    reply.status(201);
    return { applicationId: id, kind, status: await statusOf(deps, id) };
  });

  api.post('/api/v1/applications/:id/return', { config: authz.applicationReturn }, async (request) => {
    const id = knownId(request);
    const body = parseOr400(ReturnInputSchema, request.body);
    const result = await returnForCompletion(db, { applicationId: id, reason: body.reason, actor: request.actor!, now: deps.clock() });
    if (!result.ok) throw new ApiError(result.status, 'La candidature n’a pas été renvoyée.', [{ ...(result.status === 409 ? { field: 'status' } : {}), message: result.message }]);
    const author = await db.selectFrom('application as a').innerJoin('app_user as u', 'u.id', 'a.created_by').select('u.email').where('a.id', '=', id).executeTakeFirstOrThrow();
    // The return is committed: a mail that cannot be queued is logged, the return stands.
    await queueMail(deps, {
      to: author.email,
      subject: `Candidature n° ${id} : complément demandé`,
      text: `Bonjour,\n\nVotre candidature n° ${id} vous est renvoyée pour complément :\n${body.reason.trim()}\n\nModifiez-la puis déposez-la à nouveau : ${deps.config.publicUrl}/candidatures/${id}\n\nService public de l’insertion et de l’emploi`,
    }).catch((error: unknown) => request.log.error({ err: error }, 'return mail not queued'));
    return { applicationId: id, status: await statusOf(deps, id) };
  });

  api.post('/api/v1/applications/:id/decision', { config: authz.applicationDecide }, async (request) => {
    const id = knownId(request);
    const body = parseOr400(DecisionInputSchema, request.body);
    const result = await decide(db, { applicationId: id, decision: body.decision, reasons: body.reasons, actor: request.actor!, now: deps.clock() });
    if (!result.ok && result.status === 409) throw new ApiError(409, 'La décision n’a pas été enregistrée.', [{ field: 'status', message: result.message }]);
    // The reasons were checked above: a 422 is the call's laureate slots (AMI-22).
    if (!result.ok) throw new ApiError(422, 'La décision n’a pas été enregistrée.', [{ rule: 'AMI-22', field: 'decision', message: result.message }]);
    await queueMail(deps, result.mail);
    return { applicationId: id, status: await statusOf(deps, id) };
  });

  api.post('/api/v1/applications/:id/payments', { config: authz.agreementManage }, async (request, reply) => {
    const id = knownId(request);
    const body = parseOr400(PaymentInputSchema, request.body);
    const current = await agreementOf(db, id);
    if (!current) throw new ApiError(409, 'Le versement n’a pas été enregistré.', [{ message: 'Cette candidature n’a pas de convention.' }]);
    const result = await recordPayment(db, { agreementId: current.agreement.id, paidOn: body.paidOn, amountCents: body.amountCents, reference: body.reference, actor: request.actor!, now: deps.clock() });
    if (!result.ok && result.status === 422) throw new ApiError(422, 'Le versement n’a pas été enregistré.', [{ rule: 'AMI-23', field: 'amountCents', message: result.message }]);
    if (!result.ok) throw new ApiError(result.status, 'Le versement n’a pas été enregistré.', [{ message: result.message }]);
    reply.status(201);
    return { applicationId: id, agreementId: current.agreement.id, paidOn: body.paidOn, amountCents: body.amountCents, remainingCents: result.remainingCents };
  });

  api.get('/api/v1/calls/:id/export', { config: authz.callExport }, async (request, reply) => {
    const callId = knownId(request);
    const { format } = parseOr400(ExportQuerySchema, request.query ?? {}, 'La requête');
    const now = deps.clock();
    const file = await exportApplications(db, { callId, actor: request.actor!, format, now });
    await recordAudit(db, { actorUserId: request.actor!.userId, actorLabel: request.actor!.displayName, action: 'call.export', objectType: 'call', objectId: callId, summary: { format, rows: file.rowCount, via: 'api' } }, now);
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(file.bytes);
  });
}
