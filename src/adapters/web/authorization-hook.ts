/**
 * Applies the authorization module to every route. A route without a declared action cannot be
 * registered (and the route-coverage test lists them all). A denial is answered 403 (or 404 where
 * existence is confidential) and written to the audit trail.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, isAction } from '../../domains/authorization/authorize.js';
import { recordAudit } from '../../domains/audit/adapters/audit-trail.js';
import { isApiRequest } from './api/bearer-auth.js';
import { HttpError } from './errors.js';

export function registerAuthorization(app: FastifyInstance, registered: { method: string; url: string; action: string }[]): void {
  app.addHook('onRoute', (route) => {
    const action = route.config?.authz?.action;
    if (!action || !isAction(action)) {
      throw new Error(`La route ${String(route.method)} ${route.url} ne déclare pas d’action d’autorisation connue.`);
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) registered.push({ method, url: route.url, action });
  });

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const authz = request.routeOptions.config.authz;
    if (!authz) throw new HttpError(404); // not-found handler and the like
    const deps = app.deps;
    // Anonymous visitors learn nothing about objects: sign-in is asked before anything is looked up.
    const anonymousDecision = request.actor ? null : authorize(null, authz.action, undefined);
    if (anonymousDecision && !anonymousDecision.allowed) {
      if ((request.method === 'GET' || request.method === 'HEAD') && !isApiRequest(request)) {
        return reply.redirect(`/connexion?retour=${encodeURIComponent(request.url)}`);
      }
      throw new HttpError(401, anonymousDecision.reason);
    }
    let object = undefined;
    if (authz.object) {
      const loaded = await authz.object(request, deps);
      if (!loaded) throw new HttpError(404);
      object = loaded;
    }
    const decision = authorize(request.actor, authz.action, object);
    if (decision.allowed) return;
    if (decision.status === 401) {
      if ((request.method === 'GET' || request.method === 'HEAD') && !isApiRequest(request)) {
        return reply.redirect(`/connexion?retour=${encodeURIComponent(request.url)}`);
      }
      throw new HttpError(401, decision.reason);
    }
    await recordAudit(
      deps.db,
      {
        actorUserId: request.actor?.userId ?? null,
        actorLabel: request.actor?.displayName ?? 'anonyme',
        action: 'access.denied',
        objectType: object?.type ?? 'route',
        objectId: object ? String(object.id) : null,
        summary: { attemptedAction: authz.action, method: request.method, route: request.routeOptions.url ?? '', status: decision.status },
      },
      deps.clock(),
    );
    throw new HttpError(decision.status, decision.reason, true);
  });
}
