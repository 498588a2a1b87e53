/**
 * The JSON API under /api/v1 (issue 3 §6), authenticated by bearer token (bearer-auth.ts) and
 * described by its OpenAPI document. Its routes answer errors in JSON (errors.ts).
 */
import type { FastifyInstance } from 'fastify';
import { registerApplicationApi } from './applications.js';
import { registerAttachmentApi } from './attachments.js';
import { registerCallApi } from './calls.js';
import { registerCatalogueApi } from './catalogue.js';
import { registerApiErrors } from './errors.js';
import { registerOpenApiRoute } from './openapi.js';
import { registerPathwayApi } from './pathways.js';
import { registerReviewApi } from './review.js';

export async function registerApi(app: FastifyInstance): Promise<void> {
  await app.register(async (api) => {
    registerApiErrors(api);
    registerOpenApiRoute(api);
    registerCallApi(api);
    registerApplicationApi(api);
    registerReviewApi(api);
    registerPathwayApi(api);
    registerCatalogueApi(api);
    await registerAttachmentApi(api);
  });
}
