import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.skipIf(!browserAvailable)('adding an organisation, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows each error next to its field, keeps the input, then saves once corrected', async () => {
    const context = await browser.newContext(FRENCH_CONTEXT);
    const page = await context.newPage();
    await signInWithDemo(page, app.baseUrl, 'Nadia Benali');
    await page.goto(`${app.baseUrl}/organisations`);
    await page.getByRole('link', { name: 'Ajouter une organisation' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'organisation-nouvelle');

    await page.getByLabel('Nom').fill('Maison de l’emploi de Cholet');
    await page.getByLabel('SIRET').fill('130 025 265 00014');
    await page.getByLabel('Type').selectOption({ label: 'Association' });
    await page.getByRole('button', { name: 'Enregistrer l’organisation' }).click();

    await expect.poll(() => page.title()).toMatch(/^Erreur/);
    expect(await page.locator('#org-siret-erreur').textContent()).toContain('clé de contrôle incorrecte');
    expect(await page.locator('#org-departement-erreur').textContent()).toContain('Choisissez le département');
    expect(await page.getByLabel('Nom').inputValue()).toBe('Maison de l’emploi de Cholet');
    expect(await page.locator('.fr-alert--error').textContent()).toContain('Le formulaire contient 2 erreurs');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'organisation-nouvelle-erreurs');

    await page.getByLabel('SIRET').fill('130 025 265 00013');
    await page.getByLabel('Département').selectOption('49');
    await page.getByRole('button', { name: 'Enregistrer l’organisation' }).click();
    await page.waitForURL(/\/organisations\/\d+\?cree=1$/);
    expect(await page.locator('.fr-alert--success').textContent()).toContain('L’organisation a été enregistrée.');
    expect(await page.locator('h1').textContent()).toBe('Maison de l’emploi de Cholet');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'organisation-creee');
    await context.close();
  });
});
