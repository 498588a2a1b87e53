/**
 * The operating space in Chromium (issue 5 §1, §2, §5), by real clicks and keys:
 * 1. Julie Perrin (mission locale) finds « Mon SPIE » in the menu, searches « elodie lefevre martin »,
 *    sees Élodie Lefèvre-Martin found by « nom »; trying to create her again shows her record and asks
 *    for the explicit « none of these »; she opens Élodie's pathway from the search results.
 * 2. Thomas Girard (coordinator, CD 49) sees the « à orienter » queue with the days Élodie has waited,
 *    refuses a request without a reason (error next to the field), accepts it; compares two records
 *    before merging; invites a professional with errors shown; reaches the deactivation confirmation.
 * The HTTP-level rules (who is denied, what is stored) are test/web/space.test.ts's.
 * On every page: title « … — SPIE », no axe violation (errors shown included), no console error.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { requestOrientation } from '../../src/domains/pathway/adapters/record.js';
import { checkNewPerson, insertPerson } from '../../src/domains/pathway/adapters/people.js';
import { parisDayOf } from '../../src/domains/ami/entities/reminders.js';
import { daysWaiting } from '../../src/domains/pathway/entities/orientation.js';
import { axeViolations, browserAvailable, launchBrowser, screenshot, asDemoUser } from '../support/browser.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

/** Any run of spaces (ordinary, no-break, narrow no-break) as one ordinary space. */
const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe.skipIf(!browserAvailable)('the operating space of a territory, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let pathwayId = 0;

  const as = <T>(name: string, run: (page: Page) => Promise<T>): Promise<T> => asDemoUser(browser, app.baseUrl, name, run);

  async function accessible(page: Page, what: string, shot?: string): Promise<void> {
    expect(await page.title(), what).toMatch(/ — SPIE$/);
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
    if (shot) await screenshot(page, shot);
  }

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('Julie Perrin finds Élodie however typed, is stopped before creating her twice, and opens her pathway', { timeout: 40_000 }, async () => {
    pathwayId = await as('Julie Perrin', async (p) => {
      await p.locator('#navigation').getByRole('link', { name: 'Mon SPIE', exact: true }).click();
      await p.waitForURL(/\/spie$/);
      await accessible(p, 'list of spaces', 'space-list');
      await p.getByRole('link', { name: 'SPIE Maine-et-Loire (49)' }).click();
      await p.waitForURL(/\/spie\/\d+$/);
      await accessible(p, 'space home', 'space-home');

      await p.getByLabel('Nom et prénom').fill('elodie lefevre martin');
      await p.getByLabel('Nom et prénom').press('Enter');
      await p.waitForURL(/\/recherche$/);
      const row = p.locator('tr', { hasText: 'Élodie Lefèvre-Martin' });
      await expect.poll(() => row.count()).toBe(1);
      expect(spaces(await row.textContent())).toContain('12/04/1991');
      expect(await row.locator('.fr-badge').allTextContents()).toEqual(['nom']);
      expect(spaces(await p.locator('caption').textContent())).toBe('1 fiche trouvée');
      await accessible(p, 'search results', 'space-search-results');

      // Creating her again: her record is shown, and the explicit « none of these » is required.
      await p.getByRole('link', { name: 'Créer la personne et ouvrir son parcours' }).click();
      await p.getByLabel('Prénom').fill('elodie');
      await p.getByLabel('Nom', { exact: true }).fill('lefevre martin');
      await p.getByLabel('Date de naissance').fill('1991-04-12');
      await p.getByRole('button', { name: 'Créer la personne et ouvrir son parcours' }).click();
      await p.waitForURL(/\/personnes$/);
      expect(await p.getByRole('heading', { name: 'Cette personne est peut-être déjà connue du SPIE' }).count()).toBe(1);
      expect(await p.locator('tr', { hasText: 'Élodie Lefèvre-Martin' }).locator('.fr-badge').allTextContents()).toEqual(['nom et date de naissance']);
      expect(await p.getByLabel('Aucune de ces fiches n’est la bonne personne').isChecked()).toBe(false);
      expect(await p.getByLabel('Prénom').inputValue()).toBe('elodie');
      await accessible(p, 'creation with a close record', 'space-create-duplicate');

      // The right record is there: she opens Élodie's pathway from it.
      await p.getByRole('button', { name: 'Ouvrir son parcours : Élodie Lefèvre-Martin' }).click();
      await p.waitForURL(/\/parcours\/\d+\?ok=ouvert$/);
      expect(await p.title()).toMatch(/ — SPIE$/);
      return Number(/\/parcours\/(\d+)/.exec(p.url())![1]);
    });
    const pathway = await app.deps.db.selectFrom('pathway as w').innerJoin('person as p', 'p.id', 'w.person_id').select(['p.family_name', 'w.status']).where('w.id', '=', pathwayId).executeTakeFirstOrThrow();
    expect(pathway).toEqual({ family_name: 'Lefèvre-Martin', status: 'open' });
    expect(await app.deps.db.selectFrom('person').select('id').execute()).toHaveLength(1);
  });

  it('Thomas Girard decides orientations from the queue, compares two records, invites and deactivates professionals', { timeout: 40_000 }, async () => {
    const db = app.deps.db;
    const julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    const cd49 = (await db.selectFrom('organisation').select('id').where('siret', '=', '22490001000014').executeTakeFirstOrThrow()).id;
    const nathalie = await userIdByEmail(app, 'nathalie.blanc@cd49.demo.test');
    const asked = await requestOrientation(db, { pathwayId, kind: 'social', receivingOrganisationId: cd49, proposedReferentUserId: nathalie, actor: julie, now: new Date() });
    if (!asked.ok) throw new Error(asked.message);
    // A second record of Élodie, made at another door, to be merged.
    const spaceId = (await db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    const check = checkNewPerson({ givenName: 'Elodie', familyName: 'Lefevre', birthDate: '1991-04-12', cafNumber: '', franceTravailId: '', email: '', phone: '0611223344', rsaRightsOpenedOn: '' });
    if (!check.ok) throw new Error('invalid');
    await db.transaction().execute((trx) => insertPerson(trx, spaceId, check.values, julie, new Date()));
    const rsa = (await db.selectFrom('person').select('rsa_rights_opened_on').where('family_name', '=', 'Lefèvre-Martin').executeTakeFirstOrThrow()).rsa_rights_opened_on!;
    const days = daysWaiting(rsa, parisDayOf(new Date()))!;

    await as('Thomas Girard', async (p) => {
      await p.locator('#navigation').getByRole('link', { name: 'Mon SPIE', exact: true }).click();
      await p.getByRole('link', { name: 'SPIE Maine-et-Loire (49)' }).click();
      await p.getByRole('link', { name: 'À orienter' }).click();
      await p.waitForURL(/\/a-orienter$/);
      const card = p.locator('li.fr-card', { hasText: 'Élodie Lefèvre-Martin' });
      expect(spaces(await card.textContent())).toContain(`${days} jours`);
      expect(spaces(await card.textContent())).toContain('Orientation sociale vers Conseil départemental de Maine-et-Loire (Nathalie Blanc), demandée par Julie Perrin');
      expect(spaces(await p.locator('tr', { hasText: 'Élodie Lefèvre-Martin' }).textContent())).toContain(`${days} jours`);
      await accessible(p, 'orientation queue', 'space-queue');

      await card.getByRole('button', { name: /^Refuser/ }).click();
      await p.waitForURL(/\/orientations\/\d+$/);
      const reason = p.getByLabel('Motif du refus pour Élodie Lefèvre-Martin');
      expect(await reason.getAttribute('aria-invalid')).toBe('true');
      expect(spaces(await p.locator(`#refus-${asked.id}-erreur`).textContent())).toContain('Indiquez le motif du refus');
      await accessible(p, 'queue with a refusal error', 'space-queue-error');
      await p.locator('li.fr-card', { hasText: 'Élodie Lefèvre-Martin' }).getByRole('button', { name: /^Accepter/ }).click();
      await p.waitForURL(/\?ok=acceptee$/);
      expect(spaces(await p.getByRole('status').textContent())).toContain('La demande d’orientation est acceptée');
      expect(await p.locator('tr', { hasText: 'Élodie Lefèvre-Martin' }).count()).toBe(0);

      // Two records of Élodie: compared side by side before merging.
      await p.getByRole('link', { name: 'Rechercher une personne' }).click();
      await p.getByLabel('Date de naissance').fill('1991-04-12');
      await p.getByRole('button', { name: 'Rechercher' }).click();
      await p.waitForURL(/\/recherche$/);
      await p.locator('#fusion-conservee label', { hasText: /^Élodie Lefèvre-Martin/ }).click();
      await p.locator('#fusion-doublon label', { hasText: /^Elodie Lefevre/ }).click();
      expect(await p.locator('#fusion-conservee').getByLabel(/^Élodie Lefèvre-Martin/).isChecked()).toBe(true);
      await accessible(p, 'search results with the merge form', 'space-merge-choice');
      await p.getByRole('button', { name: 'Comparer et fusionner' }).click();
      await p.waitForURL(/\/fusion$/);
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Fusionner ces deux fiches ?');
      await accessible(p, 'merge confirmation', 'space-merge-confirm');
      await p.getByRole('button', { name: 'Fusionner ces deux fiches' }).click();
      await p.waitForURL(/\?ok=fusion$/);

      await p.getByRole('link', { name: 'Professionnels' }).click();
      await p.getByRole('button', { name: 'Inviter', exact: true }).click();
      await p.waitForURL(/\/professionnels$/);
      expect(await p.getByRole('alert').locator('li').count()).toBe(4);
      await accessible(p, 'professionals with invitation errors', 'space-professionals-errors');
      await p.getByRole('link', { name: 'Désactiver Lucas Bernard' }).click();
      expect(await p.getByRole('heading', { level: 1 }).textContent()).toBe('Désactiver Lucas Bernard ?');
      await accessible(p, 'deactivation confirmation', 'space-deactivate');
      await p.getByRole('button', { name: 'Désactiver', exact: true }).click();
      await p.waitForURL(/\?ok=desactive$/);
      expect(spaces(await p.locator('table', { hasText: 'désactivé' }).textContent())).toContain('Lucas Bernard');
      await accessible(p, 'professionals after deactivation', 'space-professionals');

      // The space's settings: a bad value refused next to its field, then saved.
      await p.getByRole('link', { name: 'Réglages' }).click();
      await p.waitForURL(/\/reglages$/);
      await p.getByLabel(/^Conservation des parcours clos/).fill('200');
      await p.getByRole('button', { name: 'Enregistrer les réglages' }).click();
      await expect.poll(() => p.title()).toMatch(/^Erreur : Réglages/);
      expect(await p.locator('#reglage-conservation-erreur').textContent()).toBe('Indiquez une durée de conservation entière, de 1 à 120 mois.');
      await accessible(p, 'settings with an error', 'space-settings-error');
      await p.getByLabel(/^Conservation des parcours clos/).fill('36');
      await p.getByRole('button', { name: 'Enregistrer les réglages' }).click();
      await p.waitForURL(/\?ok=enregistre$/);
      await accessible(p, 'settings saved', 'space-settings');
    });
    expect(await db.selectFrom('person').select('id').where('merged_into', 'is not', null).execute()).toHaveLength(1);
  });
});
