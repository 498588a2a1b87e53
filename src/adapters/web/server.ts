/** Builds the web server: security headers, sessions, CSRF, authorization on every route, DSFR assets, pages. */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerBearerAuth } from './api/bearer-auth.js';
import { registerAuthorization } from './authorization-hook.js';
import type { AppDeps } from './context.js';
import { registerCsrf } from './csrf.js';
import { registerErrorPages } from './routes/error-pages.js';
import { registerRoutes } from './routes/index.js';
import { registerSessions } from './session.js';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const dsfrDist = path.join(path.dirname(require.resolve('@gouvfr/dsfr/package.json')), 'dist');

export interface BuiltServer {
  app: FastifyInstance;
  /** Every registered route with its authorization action (for the route-coverage test). */
  routes: { method: string; url: string; action: string }[];
}

export async function buildServer(deps: AppDeps, options: { logger?: boolean } = {}): Promise<BuiltServer> {
  const app = Fastify({
    logger:
      options.logger === false || deps.config.logLevel === 'silent'
        ? false
        : {
            level: deps.config.logLevel,
            // No personal data in logs: no IP, no query string, no headers, no body.
            serializers: {
              req: (req) => ({ id: req.id, method: req.method, path: String(req.url).split('?')[0] }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    // Only the configured number of proxy hops is trusted: a client cannot choose its own address.
    trustProxy: (_address: string, hop: number) => hop < deps.config.trustProxyHops,
    bodyLimit: 1_048_576,
  });
  app.decorate('deps', deps);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const routes: BuiltServer['routes'] = [];
  // Static assets are public; they get their rule here because @fastify/static cannot carry route config.
  const staticPrefixes = ['/dsfr/', '/static/'];
  app.addHook('onRoute', (route) => {
    if (!route.config?.authz && staticPrefixes.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...route.config, authz: { action: 'public.view' } };
    }
  });
  registerAuthorization(app, routes);

  const oidcOrigin = deps.config.oidc ? new URL(deps.config.oidc.issuer).origin : null;
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'", ...(oidcOrigin ? [oidcOrigin] : [])],
        ...(deps.config.env === 'production' ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: deps.config.env === 'production',
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyRateLimit, { global: false });

  registerSessions(app);
  registerBearerAuth(app);
  registerCsrf(app);
  registerErrorPages(app);

  await app.register(fastifyStatic, { root: dsfrDist, prefix: '/dsfr/', decorateReply: false, maxAge: '1d' });
  await app.register(fastifyStatic, { root: path.join(here, 'static'), prefix: '/static/', decorateReply: false });

  await registerRoutes(app);
  await app.ready();
  return { app, routes };
}
