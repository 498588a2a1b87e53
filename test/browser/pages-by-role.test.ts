/**
 * Every demo role signs in through the demo page, sees only its navigation, and every page it can
 * reach passes axe (WCAG 2.1 A/AA). Screenshots go to screenshots/ for a person to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/demo/demo-data.js';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const AGENT_NAV = ['Accueil', 'Tableau de bord', 'Organisations', 'Territoires'];
const EXPECTED_NAV: Record<string, string[]> = {
  national_admin: [...AGENT_NAV, 'Utilisateurs', 'Journal d’audit', 'Courriels envoyés'],
  person: ['Accueil', 'Tableau de bord', 'Mon espace'],
};

async function navLabels(page: Page): Promise<string[]> {
  return page.locator('#navigation .fr-nav__link').evaluateAll((links) => links.map((l) => (l.textContent ?? '').trim()));
}

async function expectAccessible(page: Page, label: string) {
  expect(await page.title(), `title of ${label}`).toMatch(/ — SPIE$/);
  expect(await axeViolations(page), `axe on ${label}`).toEqual([]);
}

describe.skipIf(!browserAvailable)('pages by role, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestApp({ withCommunes: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('public pages are accessible, keyboard first', async () => {
    const context = await browser.newContext(FRENCH_CONTEXT);
    const page = await context.newPage();
    const titles = new Set<string>();
    for (const [path, name] of [
      ['/', 'accueil'],
      ['/connexion', 'connexion'],
      ['/connexion/demo', 'connexion-demo'],
      ['/accessibilite', 'accessibilite'],
      ['/mentions-legales', 'mentions-legales'],
      ['/donnees-personnelles', 'donnees-personnelles'],
      ['/page-qui-n-existe-pas', 'erreur-404'],
    ] as const) {
      const response = await page.goto(`${app.baseUrl}${path}`);
      expect(response?.status()).toBe(name === 'erreur-404' ? 404 : 200);
      await expectAccessible(page, path);
      titles.add(await page.title());
      await screenshot(page, `public-${name}`);
    }
    expect(titles.size).toBe(7); // a distinct <title> per page
    // The first Tab reaches the skip link to the content.
    await page.goto(`${app.baseUrl}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Contenu');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await context.close();
  });

  for (const user of DEMO_USERS) {
    const role = user.roles[0]!.role;
    const name = `${user.givenName} ${user.familyName}`;
    it(`${role} (${name}) sees only their navigation, and each of their pages passes axe`, async () => {
      const context = await browser.newContext(FRENCH_CONTEXT);
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      await signInWithDemo(page, app.baseUrl, name);
      await expect(page.getByRole('heading', { level: 1 })).toBeDefined();
      expect(await page.textContent('main')).toContain(`Bonjour ${name}.`);

      const nav = await navLabels(page);
      expect(nav).toEqual(EXPECTED_NAV[role] ?? AGENT_NAV);

      const hrefs = await page.locator('#navigation .fr-nav__link').evaluateAll((links) => links.map((l) => l.getAttribute('href')!));
      const visit = [...hrefs, '/compte'];
      if (nav.includes('Organisations')) {
        await page.goto(`${app.baseUrl}/organisations`);
        const first = await page.locator('main table a').first().getAttribute('href');
        if (first) visit.push(first);
      }
      if (nav.includes('Territoires')) visit.push('/territoires/49');
      for (const href of visit) {
        const response = await page.goto(`${app.baseUrl}${href}`);
        expect(response?.status(), href).toBe(200);
        await expectAccessible(page, `${href} as ${role}`);
        await screenshot(page, `${role}-${user.familyName.toLowerCase()}${href.replaceAll('/', '-') || '-accueil'}`);
      }
      expect(consoleErrors, 'no console error (CSP, scripts) on the pages').toEqual([]);
      if (role !== 'national_admin') {
        const denied = await page.goto(`${app.baseUrl}/admin/journal`);
        expect(denied?.status()).toBe(403);
        await expectAccessible(page, `403 as ${role}`);
        if (role === 'professional') await screenshot(page, 'erreur-403');
      }
      // Sign out with the header button.
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL(`${app.baseUrl}/`);
      expect(await page.locator('#navigation .fr-nav__link').count()).toBe(1);
      await context.close();
    });
  }
});
