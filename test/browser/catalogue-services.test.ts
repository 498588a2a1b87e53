/**
 * « Mes services » in Chromium (issue 6 §2), by real clicks and keys: Julie Perrin (mission locale) opens
 * her organisation's empty list, fills the form with a too short name and a bad postcode (errors next to
 * the fields, input kept), corrects it with thématiques from two families, publishes the service, and
 * archives it after the confirmation page; 6 months later the list flags it « à revoir » until she confirms.
 * On every page: no axe violation (errors shown included), no console error; screenshots of the list
 * and of the form with errors. The HTTP-level rules are test/web/catalogue-services.test.ts's.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Ticks a DSFR checkbox or radio from the keyboard (its label covers the box). */
async function tick(box: Locator): Promise<void> {
  await box.focus();
  await box.press('Space');
  expect(await box.isChecked()).toBe(true);
}

describe.skipIf(!browserAvailable)('mes services, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let base = '';
  let now = new Date('2026-03-02T09:00:00Z');

  async function asJulie(run: (page: Page) => Promise<void>): Promise<void> {
    const context = await browser.newContext(FRENCH_CONTEXT);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 422')) consoleErrors.push(m.text());
    });
    try {
      await signInWithDemo(page, app.baseUrl, 'Julie Perrin');
      await run(page);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }

  beforeAll(async () => {
    app = await startTestApp({ clock: () => now });
    browser = await launchBrowser();
    const spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    base = `${app.baseUrl}/spie/${spaceId}/mes-services`;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('creates a service through its errors, publishes it, archives it after confirmation', async () => {
    await asJulie(async (page) => {
      await page.goto(base);
      await expect(page.getByText('Aucun service pour l’instant')).toBeTruthy();
      expect(await page.getByText('Aucun service pour l’instant').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'catalogue-services-empty');

      await page.getByRole('link', { name: 'Ajouter un service' }).click();
      await page.getByLabel('Nom du service').fill('CV');
      await page.getByLabel('Description', { exact: false }).first().fill('Un atelier collectif pour préparer ses entretiens.');
      await page.getByLabel('Code postal').fill('491');
      await tick(page.getByRole('checkbox', { name: 'Jeunes', exact: true }));
      await page.getByRole('button', { name: 'Créer le brouillon' }).click();
      await expect(page.getByRole('alert')).toBeTruthy();
      expect(await page.getByRole('alert').innerText()).toContain('Le formulaire contient 2 erreurs');
      expect(await page.locator('#service-nom-erreur').innerText()).toBe('Indiquez le nom du service, de 3 à 150 caractères.');
      expect(await page.locator('#service-code-postal-erreur').innerText()).toBe('Indiquez un code postal de 5 chiffres.');
      expect(await page.getByLabel('Code postal').inputValue()).toBe('491');
      expect(await page.getByRole('checkbox', { name: 'Jeunes', exact: true }).isChecked()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'catalogue-services-form-errors');

      await page.getByLabel('Nom du service').fill('Atelier entretien d’embauche');
      await page.getByLabel('Code postal').fill('49100');
      await page.locator('summary', { hasText: 'Trouver un emploi' }).click();
      await tick(page.getByRole('checkbox', { name: 'Convaincre un recruteur en entretien' }));
      await page.locator('summary', { hasText: 'Numérique' }).press('Enter');
      await tick(page.getByRole('checkbox', { name: 'Acquérir un équipement' }));
      await tick(page.getByRole('radio', { name: 'Gratuit' }));
      await page.getByRole('button', { name: 'Créer le brouillon' }).click();
      await page.waitForURL(/ok=cree/);
      expect(await page.getByRole('status').innerText()).toContain('Le service est créé en brouillon.');

      await page.getByRole('button', { name: 'Publier : Atelier entretien d’embauche' }).click();
      await page.waitForURL(/ok=published/);
      expect(await page.locator('tbody').textContent()).toContain('Publié');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'catalogue-services-list');

      await page.getByRole('link', { name: 'Archiver… : Atelier entretien d’embauche' }).click();
      expect(await page.locator('h1').innerText()).toBe('Archiver « Atelier entretien d’embauche » ?');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Oui, archiver le service' }).click();
      await page.waitForURL(/ok=archived/);
      expect(await page.locator('tbody').textContent()).toContain('Archivé');
      await page.getByRole('button', { name: 'Remettre en brouillon : Atelier entretien d’embauche' }).click();
      await page.waitForURL(/ok=draft/);
    });
    const [service] = await app.deps.db.selectFrom('catalogue_service').selectAll().execute();
    expect(service).toMatchObject({ status: 'draft', nom: 'Atelier entretien d’embauche', code_postal: '49100', frais: 'gratuit', publics: ['jeunes'] });
    expect([...service!.thematiques!].sort()).toEqual(['numerique--acquerir-un-equipement', 'trouver-un-emploi--convaincre-un-recruteur-en-entretien']);
  }, 90_000);

  it('flags the service « à revoir » after 6 months until Julie confirms it is up to date', async () => {
    now = new Date('2026-09-03T09:00:00Z');
    await asJulie(async (page) => {
      await page.goto(base);
      expect(await page.locator('tbody').textContent()).toContain('à revoir');
      expect(await page.getByText('pas été revu depuis plus de 6 mois').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'catalogue-services-due');
      await page.getByRole('button', { name: 'Je confirme que ce service est à jour : Atelier entretien d’embauche' }).click();
      await page.waitForURL(/ok=revu/);
      expect(await page.locator('tbody').textContent()).not.toContain('à revoir');
    });
  }, 60_000);
});
