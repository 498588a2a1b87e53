/**
 * The catalogue in Chromium (issue 6 §3, §4), by real clicks: Thomas Girard, coordinator, finds the
 * catalogue empty, uploads a file that is not JSON (refused next to the field), then a data·inclusion
 * export with a faulty record (the report names it and why); Julie Perrin, professional, filters the
 * services by thématique family and place, pages through them, opens one labelled in French. On every
 * page: no axe violation; screenshots under screenshots/catalogue-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

const structure = (id: string, commune: string, code_insee: string) => ({ source: 'dora', id, nom: `Association ${commune}`, commune, code_insee, code_postal: '49000', adresse: '3 rue de la Gare', date_maj: '2026-10-01' });
const service = (id: string, structureId: string, nom: string, extra: Record<string, unknown>) => ({
  source: 'dora',
  id,
  structure_id: structureId,
  nom,
  description: 'Un accompagnement de proximité, sur rendez-vous, pour les habitants du territoire.',
  date_maj: '2026-10-15',
  ...extra,
});
const EXPORT = {
  structures: [structure('asso-angers', 'Angers', '49007'), structure('asso-trelaze', 'Trélazé', '49353'), { source: 'dora', id: 'faute', nom: 'AB', date_maj: '2026-10-01' }],
  services: [
    ...Array.from({ length: 23 }, (_, i) =>
      service(`atelier-${i + 1}`, 'asso-angers', `Atelier numérique ${String(i + 1).padStart(2, '0')}`, { thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'], publics: ['tous-publics'], frais: 'gratuit' }),
    ),
    service('garage', 'asso-trelaze', 'Garage solidaire', {
      type: 'aide-materielle',
      thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
      publics: ['beneficiaires-des-minimas-sociaux'],
      frais: 'payant',
      frais_precisions: '5 € de l’heure de main-d’œuvre',
      modes_accueil: ['en-presentiel'],
      modes_mobilisation: ['telephoner'],
      mobilisable_par: ['professionnels'],
      telephone: '02 41 00 00 00',
      courriel: 'garage@asso.test',
      zone_eligibilite: ['244900015'],
    }),
    service('permis', 'asso-angers', 'Auto-école sociale', { thematiques: ['mobilite--preparer-un-permis'], publics: ['jeunes'] }),
    service('mauvais', 'asso-angers', 'Service mal décrit', { publics: ['adolescents'] }),
  ],
};

describe.skipIf(!browserAvailable)('catalogue of services, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let spaceId: number;
  let page: Page;
  const consoleErrors: string[] = [];

  async function accessible(what: string, shot: string): Promise<void> {
    expect(await page.title(), what).toMatch(/ — SPIE$/);
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
    await screenshot(page, shot);
  }

  beforeAll(async () => {
    app = await startTestApp({ withCommunes: true });
    browser = await launchBrowser();
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').where('departement_code', '=', '49').executeTakeFirstOrThrow()).id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function signIn(name: string) {
    const context = await browser.newContext(FRENCH_CONTEXT);
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('status of 422')) consoleErrors.push(m.text());
    });
    await signInWithDemo(page, app.baseUrl, name);
  }

  it('the coordinator imports a data·inclusion export and reads the report', { timeout: 90_000 }, async () => {
    await signIn('Thomas Girard');
    await page.goto(`${app.baseUrl}/spie/${spaceId}/services`);
    expect(await page.locator('.fr-callout__title').textContent()).toBe('Aucun service ne correspond à ces critères');
    await accessible('empty search', 'catalogue-recherche-vide');

    await page.goto(`${app.baseUrl}/spie/${spaceId}/catalogue`);
    await accessible('import page', 'catalogue-import');
    await page.getByLabel('Export data·inclusion (fichier JSON)').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from('pas du json') });
    await page.getByRole('button', { name: 'Importer le fichier' }).click();
    await page.waitForSelector('#fichier-erreur');
    expect(await page.locator('#fichier-erreur').textContent()).toContain('Le fichier n’est pas un JSON lisible');
    await accessible('import page with its error', 'catalogue-import-erreur');

    await page.getByLabel('Export data·inclusion (fichier JSON)').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(EXPORT)) });
    await page.getByRole('button', { name: 'Importer le fichier' }).click();
    await page.waitForSelector('h1:has-text("Rapport d’import du catalogue")');
    expect(spaces(await page.locator('.fr-alert p').textContent())).toBe('2 enregistrement(s) ignoré(s)');
    const rows = await page.locator('table:has(caption:text("Enregistrements ignorés et motifs")) tbody tr').allTextContents();
    expect(rows.map(spaces)).toEqual(['Structure3fautenom : doit compter au moins 3 caractères', 'Service26mauvaispublics.0 : n’est pas une valeur de la liste officielle']);
    await accessible('import report', 'catalogue-rapport');
  });

  it('a professional filters, pages through and opens a service', { timeout: 90_000 }, async () => {
    await signIn('Julie Perrin');
    await page.goto(`${app.baseUrl}/spie/${spaceId}/services`);
    expect(spaces(await page.getByRole('status').textContent())).toBe('25 services — 1 à 20 ci-dessous');
    await accessible('search, first page', 'catalogue-recherche');
    await page.getByRole('link', { name: 'Page suivante' }).click();
    await page.waitForURL(/page=2/);
    expect(spaces(await page.getByRole('status').textContent())).toBe('25 services — 21 à 25 ci-dessous');

    await page.getByLabel('Thématique').selectOption({ label: 'Mobilité : toute la thématique' });
    await page.getByRole('textbox', { name: /^Lieu/ }).fill('Trélazé');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForSelector('text=Lieu retenu : Trélazé (commune, 49353).');
    expect(await page.locator('.fr-card__title').allTextContents()).toEqual(['Garage solidaire']);
    await accessible('filtered search', 'catalogue-recherche-filtree');

    await page.getByRole('textbox', { name: /^Lieu/ }).fill('Atlantide');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForSelector('.fr-callout__title:text("Lieu introuvable")');
    await accessible('unknown place', 'catalogue-lieu-introuvable');

    await page.getByRole('textbox', { name: /^Lieu/ }).fill('49');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: 'Garage solidaire' }).click();
    await page.waitForSelector('h1:text("Garage solidaire")');
    const text = spaces(await page.locator('main').textContent());
    for (const label of ['Aide materielle', 'Entretenir et réparer son véhicule', 'Bénéficiaires des minimas sociaux', 'Payant', '5 € de l’heure de main-d’œuvre', 'En présentiel', 'Téléphoner', 'Association Trélazé']) expect(text).toContain(label);
    await accessible('service page', 'catalogue-service');
    expect(consoleErrors).toEqual([]);
  });
});
