/**
 * CSRF protection on every state-changing request (synchroniser token): the form carries the
 * session's token in `_csrf` (or the `x-csrf-token` header) and it must match.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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
    if (!csrfValid(request)) throw new CsrfError();
  });
}
