/**
 * People's sign-in through FranceConnect (issue 5 §9, SPIE-6): OpenID Connect with openid-client —
 * authorization code + PKCE, state and nonce, `acr_values=eidas1` — like the agents' ProConnect. The
 * identity is bound to a person's account only (never a professional's): by its subject once bound;
 * on the first sign-in, to the one person record with the identity's e-mail and birth date. The
 * « Se connecter » page for people (`/mon-parcours/connexion`) offers it when it is configured, and
 * otherwise explains the one-time link.
 */
import type { FastifyInstance } from 'fastify';
import * as oidc from 'openid-client';
import type { Config } from '../../../../config.js';
import { recordAudit } from '../../../../domains/audit/adapters/audit-trail.js';
import { findPersonForFranceConnect, personAuditLabel } from '../../../../domains/pathway/adapters/person-space.js';
import { Layout, pageContext } from '../../components/layout.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { ensureSession, startSession, updateSessionData } from '../../session.js';
import { signInRateLimit } from '../sign-in-common.js';

export interface FranceConnectSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
}

export const FRANCECONNECT_DEFAULT_SCOPES = 'openid given_name family_name birthdate email';

/** The FranceConnect settings of the configuration (FRANCECONNECT_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _SCOPES), if any. */
export function franceConnectSettings(config: Config): FranceConnectSettings | null {
  return config.franceConnect;
}

interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export const FRANCECONNECT_CALLBACK = '/connexion/franceconnect/callback';

export function registerPersonSignInPage(app: FastifyInstance, enabled: boolean): void {
  app.get('/mon-parcours/connexion', { config: { authz: { action: 'public.view' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Accéder à mon parcours">
        <h1>Accéder à mon parcours</h1>
        <p class="fr-text--lead">Vous êtes accompagné(e) vers l’emploi ou l’insertion : retrouvez votre parcours, vos rendez-vous et vos objectifs.</p>
        {enabled ? (
          <div class="fr-connect-group fr-mb-4w">
            <a class="fr-connect" href="/connexion/franceconnect">
              <span class="fr-connect__login">S’identifier avec</span> <span class="fr-connect__brand">FranceConnect</span>
            </a>
            <p>
              <a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu’est-ce que FranceConnect ? - nouvelle fenêtre">
                Qu’est-ce que FranceConnect ?
              </a>
            </p>
          </div>
        ) : (
          ''
        )}
        <h2 class="fr-h5">{enabled ? 'Vous n’avez pas FranceConnect ?' : 'Comment vous connecter'}</h2>
        <p>
          Demandez à votre référent de vous envoyer un lien de connexion, par courriel ou par SMS. Ce lien est valable 30 minutes et ne fonctionne qu’une fois : il
          suffit de l’ouvrir pour voir votre parcours.
        </p>
      </Layout>,
    );
  });
}

export async function registerFranceConnectSignIn(app: FastifyInstance, settings: FranceConnectSettings): Promise<void> {
  const publicUrl = app.deps.config.publicUrl;
  const redirectUri = `${publicUrl}${FRANCECONNECT_CALLBACK}`;
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

  app.get('/connexion/franceconnect', { config: { authz: { action: 'public.view' }, rateLimit: signInRateLimit(app.deps.config) } }, async (request, reply) => {
    let config: oidc.Configuration;
    try {
      config = await configuration();
    } catch (error) {
      request.log.error({ err: error }, 'FranceConnect discovery failed');
      throw new HttpError(500);
    }
    const session = await ensureSession(request, reply);
    const pending: PendingLogin = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
    await updateSessionData(request, { ...session.data, franceConnectPending: pending });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: settings.scopes,
      state: pending.state,
      nonce: pending.nonce,
      acr_values: 'eidas1',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return reply.redirect(url.href);
  });

  app.get(FRANCECONNECT_CALLBACK, { config: { authz: { action: 'public.view' }, rateLimit: signInRateLimit(app.deps.config) } }, async (request, reply) => {
    const pending = request.session?.data.franceConnectPending as PendingLogin | undefined;
    if (!pending) throw new HttpError(400, 'La connexion a expiré. Recommencez depuis la page « Accéder à mon parcours ».');
    const config = await configuration();
    let sub: string;
    let claims: Record<string, unknown>;
    let idToken: string | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(request.url, publicUrl), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      sub = idClaims.sub;
      idToken = tokens.id_token;
      // FranceConnect gives the identity in the userinfo response (possibly signed: openid-client checks it).
      const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
      claims = { ...idClaims, ...info };
    } catch (error) {
      request.log.warn({ err: error }, 'FranceConnect callback refused');
      throw new HttpError(400, 'La connexion avec FranceConnect n’a pas pu aboutir. Recommencez depuis la page « Accéder à mon parcours ».');
    }
    const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : undefined);
    const now = app.deps.clock();
    const match = await findPersonForFranceConnect(
      app.deps.db,
      { sub, email: text('email'), emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined, birthdate: text('birthdate') },
      now,
    );
    if (!match) {
      await recordAudit(app.deps.db, { actorUserId: null, actorLabel: 'anonyme', action: 'session.signInRefused', objectType: 'oidc_identity', objectId: null, summary: { method: 'franceconnect', reason: 'unknown_person' } }, now);
      throw new HttpError(403, 'Votre identité FranceConnect ne correspond à aucun parcours. Demandez à votre référent de vous envoyer un lien de connexion.');
    }
    const endSession = idToken ? oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${publicUrl}/` }).href : null;
    await startSession(request, reply, match.userId, { method: 'franceconnect', oidcEndSessionUrl: endSession });
    const label = personAuditLabel(match.personId);
    if (match.boundNow) {
      await recordAudit(app.deps.db, { actorUserId: match.userId, actorLabel: label, action: 'user.oidcBound', objectType: 'user', objectId: match.userId, summary: { issuer: new URL(settings.issuer).origin } }, now);
    }
    await recordAudit(app.deps.db, { actorUserId: match.userId, actorLabel: label, action: 'session.signIn', objectType: 'user', objectId: match.userId, summary: { method: 'franceconnect' } }, now);
    return reply.redirect('/mon-parcours', 303);
  });
}
