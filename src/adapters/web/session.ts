/**
 * Sessions kept in the database (they survive a restart and are shared by several instances).
 * The cookie holds a random token; the table holds only its SHA-256. Sessions expire after a
 * period of inactivity and after a maximum lifetime. Signing in rotates the session id.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadActor } from '../../domains/identity/adapters/users.js';
import { isApiRequest } from './api/bearer-auth.js';
import type { AppDeps, SessionState } from './context.js';

export const SESSION_COOKIE = 'spie_session';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** HttpOnly, SameSite=Lax (the OIDC callback is a top-level GET from the provider), Secure in production. */
export function sessionCookieOptions(config: Pick<AppDeps['config'], 'env'>) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.env === 'production',
  };
}

export async function createSession(
  deps: AppDeps,
  userId: number | null,
  data: Record<string, unknown> = {},
): Promise<{ token: string; state: SessionState }> {
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock();
  const state: SessionState = { idHash: hashToken(token), userId, csrfToken: randomBytes(24).toString('base64url'), data };
  await deps.db
    .insertInto('session')
    .values({
      id_hash: state.idHash,
      user_id: userId,
      csrf_token: state.csrfToken,
      data: JSON.stringify(data),
      created_at: now,
      expires_at: new Date(now.getTime() + deps.config.sessionMaxHours * 3_600_000),
      idle_expires_at: new Date(now.getTime() + deps.config.sessionIdleMinutes * 60_000),
    })
    .execute();
  return { token, state };
}

/** Replaces the request's session (if any) with a new one: on sign-in, on sign-out, or to start an anonymous one. */
export async function startSession(
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number | null,
  data: Record<string, unknown> = {},
): Promise<SessionState> {
  const deps = request.server.deps;
  if (request.session) await deps.db.deleteFrom('session').where('id_hash', '=', request.session.idHash).execute();
  const { token, state } = await createSession(deps, userId, data);
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(deps.config));
  request.session = state;
  request.actor = userId === null ? null : await loadActor(deps.db, userId);
  return state;
}

/** A session is needed to hold a CSRF token even before sign-in (the sign-in forms are protected too). */
export async function ensureSession(request: FastifyRequest, reply: FastifyReply): Promise<SessionState> {
  return request.session ?? startSession(request, reply, null);
}

export async function updateSessionData(request: FastifyRequest, data: Record<string, unknown>): Promise<void> {
  if (!request.session) throw new Error('Pas de session à mettre à jour.');
  request.session.data = data;
  await request.server.deps.db
    .updateTable('session')
    .set({ data: JSON.stringify(data) })
    .where('id_hash', '=', request.session.idHash)
    .execute();
}

export async function endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const deps = request.server.deps;
  if (request.session) await deps.db.deleteFrom('session').where('id_hash', '=', request.session.idHash).execute();
  request.session = null;
  request.actor = null;
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(deps.config));
}

export function registerSessions(app: FastifyInstance): void {
  app.decorateRequest('session', null);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    // The API is authenticated by bearer token only: a cookie never signs an API request in (no CSRF there).
    if (isApiRequest(request)) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const deps = app.deps;
    const now = deps.clock();
    const row = await deps.db
      .selectFrom('session')
      .selectAll()
      .where('id_hash', '=', hashToken(token))
      .where('expires_at', '>', now)
      .where('idle_expires_at', '>', now)
      .executeTakeFirst();
    if (!row) return;
    request.session = { idHash: row.id_hash, userId: row.user_id, csrfToken: row.csrf_token, data: row.data };
    if (row.user_id !== null) {
      request.actor = await loadActor(deps.db, row.user_id);
      if (!request.actor) request.session = null; // deactivated user: the session is worthless
    }
    // Slide the idle expiry, at most once a minute to spare writes.
    const idle = new Date(now.getTime() + deps.config.sessionIdleMinutes * 60_000);
    if (idle.getTime() - row.idle_expires_at.getTime() > 60_000) {
      await deps.db.updateTable('session').set({ idle_expires_at: idle }).where('id_hash', '=', row.id_hash).execute();
    }
  });
}

export async function purgeExpiredSessions(deps: AppDeps): Promise<number> {
  const now = deps.clock();
  const result = await deps.db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('idle_expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
