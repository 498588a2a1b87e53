/**
 * Authentication of the JSON API (issue 3 §6): `Authorization: Bearer <token>` only. A token carries
 * exactly its user's rights: it sets `request.actor` like a session would, and the authorization hook
 * does the rest. Cookie sessions are ignored on /api/ (see session.ts), which is why the API needs no
 * CSRF token — and why a request without a bearer token is anonymous there, whatever its cookies.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveApiToken } from '../../../domains/identity/adapters/api-tokens.js';
import { loadActor } from '../../../domains/identity/adapters/users.js';
import { bearerTokenOf } from '../../../domains/identity/entities/api-token.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API token that authenticated this request (null: none). */
    apiTokenId: number | null;
  }
}

/**
 * Whether the request is for the API. The matched route counts as well as the raw URL: the router
 * decodes the path, so « /%61pi/v1/calls » reaches the « /api/v1/calls » route.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.routeOptions.url ?? '').startsWith('/api/');
}

const refused = (message: string) => new ApiError(401, 'Authentification refusée.', [{ field: 'authorization', message }]);

export function registerBearerAuth(app: FastifyInstance): void {
  app.decorateRequest('apiTokenId', null);
  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request)) return;
    const header = request.headers.authorization;
    if (header === undefined) return;
    const token = bearerTokenOf(header);
    if (!token) throw refused('L’en-tête doit être « Authorization: Bearer <jeton> », avec le jeton donné par token:create.');
    const deps = app.deps;
    const found = await resolveApiToken(deps.db, token, deps.clock());
    const actor = found ? await loadActor(deps.db, found.userId) : null;
    if (!found || !actor) throw refused('Jeton d’API inconnu ou révoqué.');
    request.actor = actor;
    request.apiTokenId = found.tokenId;
  });
}
