/**
 * Issue 6 §4 in Chromium, on the demo catalogue: Julie Perrin searches the services within 10 km of
 * Angers through the filters, sees them nearest first with their distance, then asks a radius around
 * the département and reads why it cannot be, next to the field. axe on each page, screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDemoUser, axeViolations, browserAvailable, launchBrowser, screenshot } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.skipIf(!browserAvailable)('catalogue search by distance in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let spaceId: number;

  beforeAll(async () => {
    app = await startTestApp({ withCommunes: true, env: { DEMO_CATALOGUE: 'yes' } });
    browser = await launchBrowser();
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('finds the services near a commune, nearest first, and explains a radius it cannot use', async () => {
    await asDemoUser(browser, app.baseUrl, 'Julie Perrin', async (page) => {
      await page.goto(`${app.baseUrl}/spie/${spaceId}/services`);
      await page.getByRole('textbox', { name: /^Lieu/ }).fill('Angers');
      await page.getByLabel('Distance autour de la commune').selectOption('10');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL(/rayon=10/);
      const details = await page.locator('.fr-card__detail').allTextContents();
      const km = details.map((d) => /à ([\d,]+) (k?m)/.exec(d)).map((m) => (m ? Number(m[1]!.replace(',', '.')) / (m[2] === 'm' ? 1000 : 1) : NaN));
      expect(km.length).toBeGreaterThan(3);
      expect(km.every((d) => d >= 0 && d <= 10)).toBe(true);
      expect(km).toEqual([...km].sort((a, b) => a - b));
      expect(await page.locator('main').textContent()).not.toContain('Épicerie solidaire');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'catalogue-distance');

      await page.getByRole('textbox', { name: /^Lieu/ }).fill('49');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL(/lieu=49&/);
      expect(await page.locator('#rayon-erreur').textContent()).toContain('choisissez une commune');
      expect(await page.locator('main').textContent()).toContain('Épicerie solidaire');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'catalogue-distance-error');
    });
  }, 120_000);
});
