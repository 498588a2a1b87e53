import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSession } from '../support/http.js';
import { startOidcProvider, type OidcTestProvider } from '../support/oidc-provider.js';
import { freePort } from '../support/ports.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('web security', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('sends a Content-Security-Policy that allows no inline script, and the other security headers', async () => {
    const res = await fetch(`${app.baseUrl}/`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const html = await res.text();
    expect(html.startsWith('<!doctype html><html lang="fr"')).toBe(true);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('sets an HttpOnly, SameSite session cookie (not Secure outside production)', async () => {
    const res = await fetch(`${app.baseUrl}/connexion/demo`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('spie_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('refuses a state-changing request without the CSRF token, and changes nothing', async () => {
    const s = new HttpSession(app.baseUrl);
    await s.get('/connexion/demo');
    const id = await userIdByEmail(app, 'nadia.benali@dgefp.demo.test');
    const res = await s.request('/connexion/demo', {
      method: 'POST',
      body: new URLSearchParams({ userId: String(id) }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Le formulaire a expiré');
    expect((await s.get('/tableau-de-bord')).status).toBe(302); // still not signed in
  });

  it('refuses a forged sign-out from another site', async () => {
    const s = new HttpSession(app.baseUrl);
    await s.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));
    const res = await s.request('/deconnexion', { method: 'POST', body: new URLSearchParams({}), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(403);
    expect((await s.get('/tableau-de-bord')).status).toBe(200);
  });

  it('rotates the session on sign-in and destroys it on sign-out', async () => {
    const s = new HttpSession(app.baseUrl);
    await s.get('/connexion/demo');
    const anonymous = s.cookie('spie_session');
    await s.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));
    const signedIn = s.cookie('spie_session');
    expect(signedIn).toBeTruthy();
    expect(signedIn).not.toBe(anonymous);
    const token = await s.csrfToken('/tableau-de-bord');
    const out = await s.request('/deconnexion', { method: 'POST', body: new URLSearchParams({ _csrf: token }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(out.status).toBe(302);
    expect((await s.get('/tableau-de-bord')).status).toBe(302);
  });

  it('answers bad input with a clear 4xx page, never a 500', async () => {
    const s = new HttpSession(app.baseUrl);
    await s.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));
    expect((await s.get('/organisations/abc')).status).toBe(404);
    expect((await s.get('/organisations/99999999999999999999')).status).toBe(404);
    expect((await s.get('/territoires/%00')).status).toBe(404);
    const bad = await s.get('/admin/journal?du=2026-02-30');
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain('Date invalide');
  });
});

describe('sign-in rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '10' } });
  });
  afterAll(() => app.stop());

  it('limits sign-in attempts (429 past the configured number a minute)', async () => {
    const s = new HttpSession(app.baseUrl);
    const token = await s.csrfToken('/connexion/demo');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await s.request('/connexion/demo', {
        method: 'POST',
        body: new URLSearchParams({ _csrf: token, userId: '999999' }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((st) => st === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

});

describe('production mode', () => {
  let app: TestApp;
  let provider: OidcTestProvider;
  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({ publicUrl, accounts: [] });
    app = await startTestApp({
      port,
      env: { NODE_ENV: 'production', PUBLIC_URL: publicUrl, OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await provider?.stop();
  });

  it('has no demo sign-in, neither the page nor its form handler', async () => {
    expect(app.routes.map((r) => r.url)).not.toContain('/connexion/demo');
    expect((await fetch(`${app.baseUrl}/connexion/demo`)).status).toBe(404);
    const signIn = await (await fetch(`${app.baseUrl}/connexion`)).text();
    expect(signIn).not.toContain('/connexion/demo');
    expect(signIn).toContain('S’identifier avec ProConnect');
  });

  it('sends the session cookie with Secure, HttpOnly and SameSite', async () => {
    const res = await fetch(`${app.baseUrl}/connexion/proconnect`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(new RegExp(`^${provider.issuer}/`));
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('spie_session='))!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });
});

describe('database outage', () => {
  it('answers 503 on the health check and the DSFR 500 page (no stack trace) on pages', async () => {
    const app = await startTestApp();
    const s = new HttpSession(app.baseUrl);
    await s.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));
    await app.database.close();
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(503);
    const page = await s.get('/organisations');
    expect(page.status).toBe(500);
    const html = await page.text();
    expect(html).toContain('Erreur inattendue');
    expect(html).toContain('fr-footer');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    await app.app.close();
  });
});
