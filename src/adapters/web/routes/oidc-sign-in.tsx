/**
 * Agents' sign-in through OpenID Connect, compatible with ProConnect (authorization code + PKCE,
 * state and nonce), with the openid-client library. The issuer is discovered on first use.
 */
import type { FastifyInstance } from 'fastify';
import * as oidc from 'openid-client';
import { recordAudit } from '../../../domains/audit/adapters/audit-trail.js';
import { findUserForOidc } from '../../../domains/identity/adapters/users.js';
import { HttpError } from '../errors.js';
import { ensureSession, startSession, updateSessionData } from '../session.js';
import { signInRateLimit, safeReturnPath } from './sign-in-common.js';

interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  retour: string | null;
}

export async function registerOidcSignIn(app: FastifyInstance): Promise<void> {
  const settings = app.deps.config.oidc;
  if (!settings) return;
  const publicUrl = app.deps.config.publicUrl;
  const redirectUri = `${publicUrl}/connexion/proconnect/callback`;
  const insecure = new URL(settings.issuer).protocol === 'http:';
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    discovered ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        // Only a local test provider is reached over plain HTTP.
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  };

  app.get(
    '/connexion/proconnect',
    { config: { authz: { action: 'public.view' }, rateLimit: signInRateLimit(app.deps.config) } },
    async (request, reply) => {
      let config: oidc.Configuration;
      try {
        config = await configuration();
      } catch (error) {
        request.log.error({ err: error }, 'OIDC discovery failed');
        throw new HttpError(500);
      }
      const session = await ensureSession(request, reply);
      const pending: PendingLogin = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        retour: safeReturnPath((request.query as Record<string, unknown>).retour),
      };
      await updateSessionData(request, { ...session.data, oidcPending: pending });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return reply.redirect(url.href);
    },
  );

  app.get(
    '/connexion/proconnect/callback',
    { config: { authz: { action: 'public.view' }, rateLimit: signInRateLimit(app.deps.config) } },
    async (request, reply) => {
      const pending = request.session?.data.oidcPending as PendingLogin | undefined;
      if (!pending) throw new HttpError(400, 'La connexion a expiré. Recommencez depuis la page de connexion.');
      const config = await configuration();
      let claims: oidc.IDToken;
      let email: string | undefined;
      let emailVerified: boolean | undefined;
      let idToken: string | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, new URL(request.url, publicUrl), {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims()!;
        idToken = tokens.id_token;
        email = typeof claims.email === 'string' ? claims.email : undefined;
        emailVerified = typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined;
        if (!email) {
          // ProConnect gives the e-mail in the userinfo response, not in the ID token.
          const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
          email = typeof info.email === 'string' ? info.email : undefined;
          emailVerified = typeof info.email_verified === 'boolean' ? info.email_verified : emailVerified;
        }
      } catch (error) {
        request.log.warn({ err: error }, 'OIDC callback refused');
        throw new HttpError(400, 'La connexion n’a pas pu aboutir. Recommencez depuis la page de connexion.');
      }
      const match = await findUserForOidc(app.deps.db, { sub: claims.sub, email, emailVerified });
      if (match === null) {
        await recordAudit(app.deps.db, {
          actorUserId: null,
          actorLabel: 'anonyme',
          action: 'session.signInRefused',
          objectType: 'oidc_identity',
          objectId: null,
          summary: { method: 'oidc', reason: 'unknown_user' },
        }, app.deps.clock());
        throw new HttpError(403, 'Votre identité ProConnect n’est rattachée à aucun compte SPIE. Demandez à votre administrateur de vous créer un accès.');
      }
      const endSession = idToken
        ? oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${publicUrl}/` }).href
        : null;
      const userId = match.userId;
      await startSession(request, reply, userId, { method: 'oidc', oidcEndSessionUrl: endSession });
      if (match.boundNow) {
        await recordAudit(app.deps.db, {
          actorUserId: userId,
          actorLabel: request.actor?.displayName ?? 'inconnu',
          action: 'user.oidcBound',
          objectType: 'user',
          objectId: userId,
          summary: { issuer: new URL(settings.issuer).origin },
        }, app.deps.clock());
      }
      await recordAudit(app.deps.db, {
        actorUserId: userId,
        actorLabel: request.actor?.displayName ?? 'inconnu',
        action: 'session.signIn',
        objectType: 'user',
        objectId: userId,
        summary: { method: 'oidc' },
      }, app.deps.clock());
      return reply.redirect(pending.retour ?? '/tableau-de-bord');
    },
  );
}
