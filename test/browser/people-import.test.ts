/**
 * Import of an RSA list in Chromium (issue 5 §11), by real clicks: Thomas Girard, coordinator of the
 * département, uploads a file that is not a CSV (refused next to the field), then a 1 000-row list in
 * Windows-1252 with « , » and 10 bad rows; the columns come pre-selected; a column chosen twice is
 * refused, the choices kept; the dry run lists the 10 rows; the import runs in the background and its
 * page shows the end by itself (script), with the 10 rows skipped. A running import's bar moves in place.
 * The HTTP-level rules are test/web/people-import.test.ts's. On every page: no axe violation.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { windowsExecutable } from '../support/files.js';
import { rsaList, windows1252 } from '../support/rsa-list.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

/** Any run of spaces (ordinary, no-break, narrow no-break) as one ordinary space. */
const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe.skipIf(!browserAvailable)('import of an RSA list, in Chromium', () => {
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
    app = await startTestApp({ jobs: true });
    browser = await launchBrowser();
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').where('departement_code', '=', '49').executeTakeFirstOrThrow()).id;
    const context = await browser.newContext(FRENCH_CONTEXT);
    page = await context.newPage();
    page.on('console', (m) => {
      // A form sent back with its errors is answered 422 on purpose; Chromium logs it.
      if (m.type() === 'error' && !m.text().includes('status of 422')) consoleErrors.push(m.text());
    });
    await signInWithDemo(page, app.baseUrl, 'Thomas Girard');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('upload, columns, dry run listing the 10 bad rows, import in the background, result', { timeout: 90_000 }, async () => {
    const list = rsaList({ rows: 1000, bad: 10, prefix: '88', separator: ',' });
    await page.goto(`${app.baseUrl}/spie/${spaceId}/imports`);
    expect(await page.locator('h1').textContent()).toBe('Importer une liste d’allocataires du RSA');
    expect(await page.locator('.fr-callout__title').textContent()).toBe('Aucun import pour l’instant');
    await accessible('upload page', 'import-rsa-depot');

    await page.getByLabel('Liste des allocataires (fichier CSV)').setInputFiles({ name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from(windowsExecutable()) });
    await page.getByRole('button', { name: 'Déposer le fichier' }).click();
    await page.waitForSelector('#fichier-erreur');
    expect(await page.locator('#fichier-erreur').textContent()).toContain('Ce fichier n’est pas un fichier texte CSV');
    expect(await page.locator('#fichier').getAttribute('aria-invalid')).toBe('true');
    await accessible('upload refused', 'import-rsa-depot-erreur');

    await page.getByLabel('Liste des allocataires (fichier CSV)').setInputFiles({ name: 'allocataires-mars.csv', mimeType: 'text/csv', buffer: Buffer.from(windows1252(list.text)) });
    await page.getByRole('button', { name: 'Déposer le fichier' }).click();
    await page.waitForURL(/\/imports\/\d+\/colonnes$/);
    const importPath = new URL(page.url()).pathname.replace(/\/colonnes$/, '');
    expect(spaces(await page.locator('main p').first().textContent())).toContain('1 000 lignes après l’en-tête, 9 colonnes, encodage Windows (Windows-1252), séparateur virgule.');
    expect(await page.locator('caption').textContent()).toBe('Aperçu : les 3 premières lignes du fichier');
    expect(await page.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('Élodie 0');
    expect(await page.getByLabel('Nom', { exact: true }).inputValue()).toBe('NOM');
    expect(await page.getByLabel('N° CAF/MSA').inputValue()).toBe('N° CAF/MSA');
    expect(await page.getByLabel('Date d’ouverture des droits RSA (facultatif)').inputValue()).toBe('Date d’ouverture des droits RSA');
    await accessible('columns', 'import-rsa-colonnes');

    await page.getByLabel('Prénom', { exact: true }).selectOption('NOM');
    await page.getByRole('button', { name: 'Vérifier le fichier (essai à blanc)' }).click();
    await page.waitForSelector('#colonne-givenName-erreur');
    expect(await page.locator('#colonne-givenName-erreur').textContent()).toBe('La colonne « NOM » est déjà choisie pour « Nom ».');
    expect(await page.getByLabel('Prénom', { exact: true }).inputValue()).toBe('NOM');
    await accessible('columns refused', 'import-rsa-colonnes-erreur');

    await page.getByLabel('Prénom', { exact: true }).selectOption('Prénom');
    await page.getByRole('button', { name: 'Vérifier le fichier (essai à blanc)' }).click();
    await page.waitForURL(/\/verification$/);
    expect(await page.locator('#essai-creees').textContent()).toBe('990 personnes seraient créées');
    const lines = await page.locator('table tbody tr td:first-child').allTextContents();
    expect(lines.map(Number)).toEqual(list.bad.map((b) => b.line));
    await accessible('dry run', 'import-rsa-essai');

    await page.getByRole('button', { name: 'Importer 990 lignes valides' }).click();
    await page.waitForURL(new RegExp(`${importPath}$`));
    // The page shows the end by itself (its script reloads it), whether the job had finished or not.
    await page.getByRole('heading', { name: 'L’import est terminé' }).waitFor({ timeout: 60_000 });
    expect(spaces(await page.locator('#bilan-import').textContent())).toContain('990 personnes créées');
    expect((await page.locator('table tbody tr td:first-child').allTextContents()).map(Number)).toEqual(list.bad.map((b) => b.line));
    await accessible('import done', 'import-rsa-termine');

    await page.getByRole('link', { name: 'Retour aux imports' }).click();
    expect(await page.getByRole('link', { name: 'allocataires-mars.csv' }).count()).toBe(1);
    await accessible('imports list', 'import-rsa-liste');
    expect(consoleErrors).toEqual([]);
  });

  it('a running import: the bar moves in place, then the page shows the end', { timeout: 60_000 }, async () => {
    // An import the job has not finished: its progress is moved by hand here, as the job would.
    const thomas = await userIdByEmail(app, 'thomas.girard@cd49.demo.test');
    const file = await app.deps.db.selectFrom('person_import').select('file_id').executeTakeFirstOrThrow();
    const running = await app.deps.db
      .insertInto('person_import')
      .values({ space_id: spaceId, created_by: thomas, created_at: new Date(), file_id: file.file_id, filename: 'en-cours.csv', mapping: '{}', status: 'running', total_rows: 1000, done_rows: 400 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await page.goto(`${app.baseUrl}/spie/${spaceId}/imports/${running.id}`);
    expect(spaces(await page.locator('#progression-import-texte').textContent())).toBe('400 sur 1 000 lignes traitées');
    expect(await page.getByRole('link', { name: 'Actualiser' }).getAttribute('href')).toBe(`/spie/${spaceId}/imports/${running.id}`);
    await accessible('import running', 'import-rsa-en-cours');

    await app.deps.db.updateTable('person_import').set({ done_rows: 700 }).where('id', '=', running.id).execute();
    await page.waitForFunction(() => document.getElementById('progression-import-texte')?.textContent?.startsWith('700'), undefined, { timeout: 10_000 });
    expect(await page.locator('#progression-import').evaluate((bar: HTMLProgressElement) => bar.value)).toBe(700);

    await app.deps.db.updateTable('person_import').set({ status: 'done', done_rows: 1000, created_count: 1000, finished_at: new Date() }).where('id', '=', running.id).execute();
    await page.getByRole('heading', { name: 'L’import est terminé' }).waitFor({ timeout: 10_000 });
    expect(consoleErrors).toEqual([]);
  });
});
