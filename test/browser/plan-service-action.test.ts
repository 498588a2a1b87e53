/**
 * Issue 6 §5 (SPIE-5) in Chromium: Julie Perrin opens Élodie's pathway, adds to the plan an action
 * « Service du catalogue », is stopped when searching with one letter, finds the service by its name,
 * chooses it, sees it in the plan with its link, and follows the link to the service's page; from
 * there, « Ajouter au plan d'un parcours » brings her back with the service already chosen. Once
 * the service is archived, the plan still names it, said archived, without a link.
 * axe on every page (errors shown included), screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDemoUser, axeViolations, browserAvailable, launchBrowser, screenshot } from '../support/browser.js';
import { openElodiePathway } from '../support/elodie.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe.skipIf(!browserAvailable)('a catalogue service in the plan, in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let spaceId: number;
  let pathwayId: number;

  async function accessible(page: Page, name: string) {
    expect(await axeViolations(page), name).toEqual([]);
    await screenshot(page, name);
  }

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    const db = app.deps.db;
    ({ spaceId, pathwayId } = await openElodiePathway(app, new Date()));
    // No catalogue is seeded with the demo: two services of the Maine-et-Loire space, as imported.
    const now = new Date();
    const base = { space_id: spaceId, source: 'import', date_maj: '2026-01-10', created_at: now, updated_at: now };
    await db.insertInto('catalogue_structure').values({ ...base, id: 'ml-angers', nom: 'Mission locale angevine', commune: 'Angers' }).execute();
    const service = { ...base, structure_id: 'ml-angers', status: 'published', reviewed_at: now };
    await db
      .insertInto('catalogue_service')
      .values([
        { ...service, id: 'ml-angers--atelier-cv', nom: 'Atelier CV', description: 'Rédiger son CV avec un conseiller, en petit groupe.', commune: 'Angers' },
        { ...service, id: 'ml-angers--atelier-entretien', nom: 'Atelier entretien d’embauche', description: 'Se préparer aux entretiens.' },
      ])
      .execute();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('searches, chooses, shows the service in the plan and links to its page', async () => {
    await asDemoUser(browser, app.baseUrl, 'Julie Perrin', async (p) => {
      await p.goto(`${app.baseUrl}/parcours/${pathwayId}#plan`);
      await p.getByRole('button', { name: 'Ajouter une action' }).click();
      await p.locator('label[for="action-type-service"]').click();
      await accessible(p, 'plan-service-choix-du-type');
      // The next step (the page answers the plan's form, at its address): the service to find.
      await p.getByRole('button', { name: 'Ajouter l’action' }).click();
      await p.getByRole('heading', { level: 1, name: 'Ajouter un service du catalogue au plan' }).waitFor();
      await accessible(p, 'plan-service-page');

      await p.getByRole('textbox', { name: /^Nom du service/ }).fill('a');
      await p.getByLabel('Description de l’action (facultative)').fill('Deux séances en janvier');
      await p.getByRole('button', { name: 'Chercher un service' }).click();
      expect(spaces(await p.getByRole('alert').textContent())).toContain('Nom du service : Indiquez au moins 2 caractères du nom du service.');
      expect(await p.getByLabel('Description de l’action (facultative)').inputValue()).toBe('Deux séances en janvier');
      await accessible(p, 'plan-service-recherche-erreur');

      await p.getByRole('textbox', { name: /^Nom du service/ }).fill('atelier');
      await p.getByRole('button', { name: 'Chercher un service' }).click();
      // Added without choosing: refused next to the list, which stays.
      await p.getByRole('button', { name: 'Ajouter l’action' }).click();
      expect(spaces(await p.getByRole('alert').textContent())).toContain('Service du catalogue : Choisissez le service du catalogue.');
      expect(spaces(await p.locator('#service-choix-messages').textContent())).toBe('Choisissez le service du catalogue.');
      await accessible(p, 'plan-service-choix-erreur');
      await p.locator('#service-choix label', { hasText: /^Atelier CV/ }).click();
      expect(await p.getByLabel(/^Atelier CV/).isChecked()).toBe(true);
      expect(await p.getByLabel('Description de l’action (facultative)').inputValue()).toBe('Deux séances en janvier');
      await accessible(p, 'plan-service-resultats');
      await p.getByRole('button', { name: 'Ajouter l’action' }).click();
      await p.waitForURL(/\?ok=action#action-\d+$/);
      const row = p.locator('#actions + .fr-table tbody tr').first();
      expect(spaces(await row.textContent())).toContain('Deux séances en janvier');
      expect(spaces(await row.textContent())).toContain('Mission locale angevine');
      await accessible(p, 'plan-service-dans-le-plan');
      await p.locator('#actions + .fr-table').screenshot({ path: 'screenshots/plan-service-action-ligne.png' });

      await row.getByRole('link', { name: 'Atelier CV' }).click();
      await p.waitForURL(new RegExp(`/spie/${spaceId}/services/ml-angers--atelier-cv$`));
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Atelier CV');
      await accessible(p, 'plan-service-page-du-service');

      // Back from the catalogue: the service comes already chosen.
      await p.getByRole('link', { name: 'Ajouter au plan d’un parcours' }).click();
      await p.getByLabel('Parcours de la personne').selectOption({ label: `Élodie Lefèvre-Martin (parcours n° ${pathwayId})` });
      await accessible(p, 'plan-service-choix-du-parcours');
      await p.getByRole('button', { name: 'Continuer' }).click();
      await p.waitForURL(/service-du-catalogue\?service=ml-angers--atelier-cv$/);
      expect(await p.getByLabel(/^Atelier CV/).isChecked()).toBe(true);
      await accessible(p, 'plan-service-preselectionne');

      // Archived later: still named in the plan, said archived, without a link.
      await app.deps.db.updateTable('catalogue_service').set({ status: 'archived' }).where('id', '=', 'ml-angers--atelier-cv').execute();
      await p.goto(`${app.baseUrl}/parcours/${pathwayId}#plan`);
      const archived = p.locator('#actions + .fr-table tbody tr').first();
      expect(spaces(await archived.textContent())).toContain('Service du catalogue : Atelier CV (service archivé)');
      expect(await archived.getByRole('link').count()).toBe(0);
      await p.locator('#actions + .fr-table').screenshot({ path: 'screenshots/plan-service-action-archive.png' });
    });
  }, 120_000);
});
