/**
 * Applications in the API: createApplication, getApplication, updateApplication, getAdmissibility,
 * submitApplication. Each route's rights are the authorization module's (config.authz).
 */
import type { FastifyInstance } from 'fastify';
import { queueMail } from '../../../app.js';
import { createApplication } from '../../../domains/ami/adapters/applications.js';
import type { ApplicationTerritory } from '../../../domains/ami/entities/application-content.js';
import { applicationStatusLabel } from '../../../domains/ami/entities/application-status.js';
import { applicationReference, submitApplication } from '../../../domains/ami/use-cases/submit-application.js';
import { admissibilityJson, applicationJson, loadOverview, receiptUrl } from './application-json.js';
import { authz, knownId } from './common.js';
import { ApiError, parseOr400 } from './errors.js';
import { ApplicationInputSchema, ApplicationPatchSchema } from './schemas.js';
import { patchSections } from './section-patch.js';

export function registerApplicationApi(api: FastifyInstance): void {
  const deps = api.deps;
  const { db } = deps;

  api.post('/api/v1/applications', { config: authz.applicationCreate }, async (request, reply) => {
    const body = parseOr400(ApplicationInputSchema, request.body);
    const actor = request.actor!;
    // The lead applicant applies for the organisation they lead for (their own first), as in the web form.
    const led = actor.assignments.flatMap((a) => (a.role === 'lead_applicant' && a.perimeter.kind === 'organisation' ? [a.perimeter.organisationId] : []));
    const leadOrganisationId = actor.organisationId !== null && led.includes(actor.organisationId) ? actor.organisationId : led[0];
    if (leadOrganisationId === undefined) throw new ApiError(403, 'Accès refusé.', [{ message: 'Vous ne portez de candidature pour aucune organisation.' }]);
    const territory: ApplicationTerritory =
      body.territoryKind === 'departement'
        ? { kind: 'departement', departementCode: body.departementCode }
        : { kind: 'bassins', departementCode: body.departementCode, epciCodes: body.epciCodes, communeCodes: body.communeCodes, justification: body.justification };
    const result = await createApplication(db, { callId: body.callId, leadOrganisationId, territory, actor, now: deps.clock() });
    if (!result.ok) {
      const field = result.field === 'territory' ? 'territoryKind' : result.field;
      throw new ApiError(422, 'La candidature ne peut pas être créée.', [{ ...(result.rule ? { rule: result.rule } : {}), field, message: result.message }]);
    }
    reply.status(201).header('location', `/api/v1/applications/${result.id}`);
    return applicationJson(await loadOverview(db, result.id, deps.clock()));
  });

  api.get('/api/v1/applications/:id', { config: authz.applicationView }, async (request) =>
    applicationJson(await loadOverview(db, knownId(request), deps.clock())),
  );

  api.patch('/api/v1/applications/:id', { config: authz.applicationEdit }, async (request) => {
    const body = parseOr400(ApplicationPatchSchema, request.body);
    const id = knownId(request);
    await patchSections(db, { applicationId: id, sections: body.sections, actor: request.actor!, now: deps.clock() });
    return applicationJson(await loadOverview(db, id, deps.clock()));
  });

  api.get('/api/v1/applications/:id/admissibility', { config: authz.applicationView }, async (request) =>
    admissibilityJson(await loadOverview(db, knownId(request), deps.clock())),
  );

  api.post('/api/v1/applications/:id/submit', { config: authz.applicationSubmit }, async (request) => {
    const id = knownId(request);
    const now = deps.clock();
    const result = await submitApplication(db, { applicationId: id, actor: request.actor!, now });
    if (!result.ok && result.reason === 'not_editable') {
      throw new ApiError(409, 'Cette candidature a déjà été déposée.', [{ field: 'status', message: `Elle est dans l’état « ${applicationStatusLabel(result.status)} ».` }]);
    }
    if (!result.ok) throw new ApiError(422, 'La candidature n’est pas recevable : elle n’a pas été déposée.', result.failures);
    // The submission is committed: a mail that cannot be queued is logged, the deposit stands.
    for (const to of result.mail.to) {
      await queueMail(deps, { to, subject: result.mail.subject, text: result.mail.text }).catch((error: unknown) =>
        request.log.error({ err: error }, 'submission mail not queued'),
      );
    }
    return { id, status: 'submitted' as const, submittedAt: now.toISOString(), reference: applicationReference(id, now), digest: result.digest, receiptUrl: receiptUrl(id) };
  });
}
