/**
 * Agents' sign-in through OpenID Connect (ProConnect), end to end in Chromium against a real
 * OpenID provider (oidc-provider) started on 127.0.0.1: authorization code + PKCE, userinfo,
 * binding of the account to the OIDC subject, refusal of an unknown identity, sign-out through
 * the provider's end-session endpoint, and a forged callback.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot } from '../support/browser.js';
import { HttpSession } from '../support/http.js';
import { startOidcProvider, type OidcTestProvider } from '../support/oidc-provider.js';
import { freePort } from '../support/ports.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const SOPHIE = { login: 'agent-sophie-garnier', email: 'sophie.garnier@prefecture49.demo.test' };
const STRANGER = { login: 'agent-inconnu', email: 'personne.inconnue@exemple.test' };

describe('OIDC sign-in (ProConnect) against a real OpenID provider', () => {
  let provider: OidcTestProvider;
  let app: TestApp;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ publicUrl, accounts: [SOPHIE, STRANGER] });
    app = await startTestApp({
      port,
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_SCOPES: 'openid email',
        PUBLIC_URL: publicUrl,
      },
    });
    expect(app.baseUrl).toBe(publicUrl);
  });

  afterAll(async () => {
    await app?.stop();
    await provider?.stop();
  });

  const auditRows = (action: string) =>
    app.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  describe.skipIf(!browserAvailable)('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    /** At the provider: types the login in its form, submits, then accepts the consent page. */
    async function signInAtProvider(page: Page, login: string): Promise<void> {
      await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`));
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill('mot-de-passe-quelconque');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
    }

    it('signs a known agent in, binds the account to the OIDC subject, and signs out through the provider', async () => {
      const context = await browser.newContext(FRENCH_CONTEXT);
      const page = await context.newPage();
      try {
        await page.goto(`${app.baseUrl}/connexion`);
        expect(await axeViolations(page)).toEqual([]);
        await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
        await signInAtProvider(page, SOPHIE.login);

        await page.waitForURL(`${app.baseUrl}/tableau-de-bord`);
        await expect.poll(() => page.locator('main').innerText()).toContain('Bonjour Sophie Garnier');
        await screenshot(page, 'oidc-tableau-de-bord');

        const sophieId = await userIdByEmail(app, SOPHIE.email);
        const user = await app.deps.db.selectFrom('app_user').select('oidc_subject').where('id', '=', sophieId).executeTakeFirstOrThrow();
        expect(user.oidc_subject).toBe(SOPHIE.login);
        const signIns = await auditRows('session.signIn');
        expect(signIns).toHaveLength(1);
        expect(signIns[0]).toMatchObject({ actor_user_id: sophieId, object_id: String(sophieId), summary: { method: 'oidc' } });

        // Sign-out: the app ends its session, then sends the browser to the provider's end-session endpoint.
        await page.getByRole('button', { name: 'Se déconnecter' }).click();
        await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/session/end`));
        await page.getByRole('button', { name: 'Yes, sign me out' }).click();
        await page.waitForURL(`${app.baseUrl}/`);
        const sessions = await app.deps.db.selectFrom('session').select('id_hash').where('user_id', '=', sophieId).execute();
        expect(sessions).toEqual([]);
        await page.goto(`${app.baseUrl}/tableau-de-bord`);
        expect(new URL(page.url()).pathname).toBe('/connexion');
        await expect.poll(() => page.getByRole('link', { name: 'S’identifier avec ProConnect' }).count()).toBe(1);
      } finally {
        await context.close();
      }
    });

    it('refuses an identity whose e-mail matches no SPIE account, with a 403 page and an audit row', async () => {
      const context = await browser.newContext(FRENCH_CONTEXT);
      const page = await context.newPage();
      try {
        await page.goto(`${app.baseUrl}/connexion`);
        await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
        const callback = page.waitForResponse((r) => r.url().startsWith(`${app.baseUrl}/connexion/proconnect/callback`));
        await signInAtProvider(page, STRANGER.login);
        expect((await callback).status()).toBe(403);
        await expect
          .poll(() => page.locator('main').innerText())
          .toContain('Votre identité ProConnect n’est rattachée à aucun compte SPIE');
        await screenshot(page, 'oidc-compte-inconnu');

        const refusals = await auditRows('session.signInRefused');
        expect(refusals).toHaveLength(1);
        expect(refusals[0]).toMatchObject({ actor_user_id: null, summary: { method: 'oidc', reason: 'unknown_user' } });
        const bound = await app.deps.db.selectFrom('app_user').select('id').where('oidc_subject', '=', STRANGER.login).execute();
        expect(bound).toEqual([]);
        await page.goto(`${app.baseUrl}/tableau-de-bord`);
        expect(new URL(page.url()).pathname).toBe('/connexion');
      } finally {
        await context.close();
      }
    });
  });

  it('answers a forged callback with a 400 page, never a 500', async () => {
    // No pending login at all.
    const anonymous = await fetch(`${app.baseUrl}/connexion/proconnect/callback?code=x&state=wrong`, { redirect: 'manual' });
    expect(anonymous.status).toBe(400);
    expect(await anonymous.text()).toContain('La connexion a expiré');

    // A pending login, but a state and code that are not the provider's.
    const s = new HttpSession(app.baseUrl);
    const start = await s.get('/connexion/proconnect');
    expect(start.status).toBe(302);
    expect(start.headers.get('location')!.startsWith(`${provider.issuer}/`)).toBe(true);
    const forged = await s.get('/connexion/proconnect/callback?code=x&state=wrong');
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('La connexion n’a pas pu aboutir');

    // The provider's own error answer (the agent cancelled) is a 400 too.
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cancelled = await s.get(`/connexion/proconnect/callback?error=access_denied&state=${encodeURIComponent(state)}`);
    expect(cancelled.status).toBe(400);
    expect((await s.get('/tableau-de-bord')).status).toBe(302);
  });
});
