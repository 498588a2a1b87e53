/**
 * The page of a large export in Chromium (issue 4 §6): its script follows the export (no timed
 * reload) until it is done, then the page offers the download; axe finds no violation on it, and the
 * screenshot goes to screenshots/ for a person to look at.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { DEMO_EMAILS, submittedApplication } from '../support/applications.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe.skipIf(!browserAvailable)('the page of a large export, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let callId: number;

  beforeAll(async () => {
    app = await startTestApp({ jobs: true });
    browser = await launchBrowser();
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    for (const [email, departementCode] of [[DEMO_EMAILS.isabelle, '49'], [DEMO_EMAILS.antoine, '72']] as const) {
      const actor = (await loadActor(app.deps.db, await userIdByEmail(app, email)))!;
      await submittedApplication(app.deps.db, { actor, callId, departementCode });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('the commissaire follows her XLSX export until the download link, then downloads it', async () => {
    const context = await browser.newContext(FRENCH_CONTEXT);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    try {
      await signInWithDemo(page, app.baseUrl, 'Claire Fontaine');
      await page.goto(`${app.baseUrl}/appels/${callId}`);
      await page.getByRole('button', { name: 'Préparer l’export XLSX' }).click();
      await page.waitForURL(/\/appels\/\d+\/exports\/[0-9a-f-]{36}$/);
      expect(await page.title()).toBe('Export des candidatures — SPIE');
      await expect.poll(() => page.locator('#etat-export').textContent()).toMatch(/^État : (en attente|en cours|terminé)$/);

      // The page's script follows the export and shows the finished page: the link appears.
      const link = page.getByRole('link', { name: 'Télécharger le fichier (XLSX, 2 lignes)' });
      await link.waitFor({ timeout: 45_000 });
      expect(await page.locator('#etat-export').textContent()).toBe('État : terminé');
      expect(await page.locator('#progression-export-texte').textContent()).toBe('2 sur 2 candidatures');
      expect(await page.locator('#progression-export').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([2, 2]);
      expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
      expect(await axeViolations(page), 'axe on the finished export').toEqual([]);
      await screenshot(page, 'export-candidatures-termine');

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^candidatures-appel-${callId}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
      expect(await download.failure()).toBeNull();
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
