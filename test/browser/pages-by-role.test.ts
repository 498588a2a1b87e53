/**
 * Every demo role signs in through the demo page, sees only its navigation, and every page it can
 * reach passes axe (WCAG 2.1 A/AA). Screenshots go to screenshots/ for a person to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/demo/demo-data.js';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const agentNav = (perimeter: string, ...own: string[]) => ['Accueil', 'Tableau de bord', perimeter, ...own, 'Appels', 'Candidatures', 'Organisations', 'Territoires'];
const EXPECTED_NAV: Record<string, string[]> = {
  national_admin: ['Accueil', 'Tableau de bord', 'Appels', 'Candidatures', 'Organisations', 'Territoires', 'Utilisateurs', 'Journal d’audit', 'Courriels envoyés'],
  regional_prefect: agentNav('Ma région'),
  poverty_commissioner: agentNav('Ma région'),
  expert: agentNav('Ma région'),
  departement_prefect: agentNav('Mon département'),
  lead_applicant: agentNav('Mon organisation'),
  consortium_member: agentNav('Mon organisation'),
  professional: agentNav('Mon organisation', 'Mon SPIE'),
  territory_coordinator: agentNav('Mon organisation', 'Mon SPIE'),
  person: ['Accueil', 'Tableau de bord', 'Mon espace'],
};

/** Where the perimeter entry must lead: the user's own organisation, département or région. */
function expectedPerimeterHref(user: (typeof DEMO_USERS)[number], organisationIds: Map<string, number>): string | null {
  const { perimeter, code } = user.roles[0]!;
  if (perimeter === 'organisation') return `/organisations/${organisationIds.get(user.organisation!)}`;
  if (perimeter === 'departement') return `/territoires/${code}`;
  if (perimeter === 'region') return `/territoires?region=${code}`;
  return null;
}

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
  const organisationIds = new Map<string, number>();
  beforeAll(async () => {
    app = await startTestApp({ withCommunes: true });
    browser = await launchBrowser();
    const { DEMO_ORGANISATIONS } = await import('../../src/demo/demo-data.js');
    for (const org of DEMO_ORGANISATIONS) {
      const row = await app.deps.db.selectFrom('organisation').select('id').where('siret', '=', org.siret).executeTakeFirstOrThrow();
      organisationIds.set(org.key, row.id);
    }
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
      expect(await page.textContent('main')).toContain(`Bonjour ${name}.`);

      const nav = await navLabels(page);
      expect(nav).toEqual(EXPECTED_NAV[role]);

      const hrefs = await page.locator('#navigation .fr-nav__link').evaluateAll((links) => links.map((l) => l.getAttribute('href')!));
      const perimeterHref = expectedPerimeterHref(user, organisationIds);
      if (perimeterHref) expect(hrefs[2]).toBe(perimeterHref);
      const visit = [...hrefs, '/compte'];
      if (nav.includes('Organisations')) {
        await page.goto(`${app.baseUrl}/organisations`);
        const first = await page.locator('main table a').first().getAttribute('href');
        if (first) visit.push(first);
      }
      if (nav.includes('Territoires')) visit.push('/territoires/49');
      if (nav.includes('Appels')) {
        await page.goto(`${app.baseUrl}/appels`);
        const firstCall = await page.locator('main table a').first().getAttribute('href');
        if (firstCall) visit.push(firstCall);
      }
      if (role === 'national_admin') visit.push('/appels/nouveau', '/organisations/nouvelle');
      if (role === 'lead_applicant') visit.push('/candidatures/nouvelle');
      for (const href of visit) {
        const response = await page.goto(`${app.baseUrl}${href}`);
        expect(response?.status(), href).toBe(200);
        await expectAccessible(page, `${href} as ${role}`);
        await screenshot(page, `${role}-${user.familyName.toLowerCase()}${href.replace(/[/?=]/g, '-') || '-accueil'}`);
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
