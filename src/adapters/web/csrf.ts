/**
 * CSRF protection on every state-changing request (synchroniser token): the form carries the
 * session's token in `_csrf` (or the `x-csrf-token` header) and it must match.
 * The JSON API is the one exception, and only because it is authenticated by a bearer token that a
 * browser never sends by itself: cookies are ignored there (session.ts), so an API request without
 * a token is refused here rather than let through.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api/errors.js';
import { isApiRequest } from './api/bearer-auth.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return typeof body?._csrf === 'string' ? body._csrf : undefined;
}

export function csrfValid(request: FastifyRequest): boolean {
  const expected = request.session?.csrfToken;
  const given = submittedToken(request);
  if (!expected || !given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class CsrfError extends Error {
  readonly statusCode = 403;
  constructor() {
    super('Le formulaire a expiré ou ne provient pas de ce site. Rechargez la page et recommencez.');
  }
}

export function registerCsrf(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (isApiRequest(request)) {
      if (request.apiTokenId !== null && request.session === null) return;
      throw new ApiError(401, 'Authentification requise.', [
        { field: 'authorization', message: 'Jeton d’API requis : l’API s’authentifie par l’en-tête « Authorization: Bearer <jeton> », jamais par cookie.' },
      ]);
    }
    // Multipart bodies are read by the handler, which then checks the token itself (application-actions.tsx).
    if (request.routeOptions.config.csrfCheckedInHandler && request.isMultipart()) return;
    if (!csrfValid(request)) throw new CsrfError();
  });
}
