/**
 * The review in Chromium (issue 4): the prefect's opinion, the commissaire's invitation and collegial
 * opinion, the expert's confidential contribution, the national decision page. axe finds no violation
 * on any of these pages (errors shown included); screenshots go to screenshots/ for a person to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { axeViolations, browserAvailable, launchBrowser, screenshot, asDemoUser } from '../support/browser.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';
import { balancedBudget, submittedApplication } from '../support/applications.js';

const SECRET = 'MARQUEUR-CONFIDENTIEL-navigateur-51c2';

describe.skipIf(!browserAvailable)('the review of an application, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let callId: number;
  const ids: Record<string, number> = {};

  async function submitted(email: string, departementCode: string, stateGrantCents: number): Promise<number> {
    const actor = (await loadActor(app.deps.db, await userIdByEmail(app, email)))!;
    return submittedApplication(app.deps.db, { actor, callId, departementCode, budget: balancedBudget(stateGrantCents) });
  }

  const as = <T>(name: string, run: (page: Page) => Promise<T>): Promise<T> => asDemoUser(browser, app.baseUrl, name, run);

  async function accessible(page: Page, what: string) {
    expect(await page.title(), what).toMatch(/ — SPIE$/);
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
  }

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    await app.deps.db.updateTable('ami_call').set({ laureate_slots: 1 }).where('id', '=', callId).execute();
    ids.cd49 = await submitted('isabelle.roux@cd49.demo.test', '49', 40_000_000);
    ids.cd72 = await submitted('antoine.morel@cd72.demo.test', '72', 35_000_000);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('the département prefect gives an opinion (an error first, shown next to its field)', async () => {
    await as('Sophie Garnier', async (page) => {
      await page.goto(`${app.baseUrl}/candidatures/${ids.cd49}`);
      await accessible(page, 'overview as prefect');
      await screenshot(page, 'instruction-prefet-avant-avis');
      const form = page.locator('#form-avis-prefet');
      await form.locator('label[for="avis-prefet-sens-reserve"]').click();
      await form.getByRole('button', { name: 'Enregistrer l’avis' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#avis-prefet-motifs-erreur').textContent()).toBe('Motivez votre avis en quelques phrases.');
      expect(await page.locator('#avis-prefet-sens-reserve').isChecked()).toBe(true);
      await accessible(page, 'prefect opinion with an error');
      await screenshot(page, 'instruction-prefet-erreur');
      await page.locator('label[for="avis-prefet-sens-favourable"]').click();
      await page.locator('#avis-prefet-motifs').fill('Un consortium large, un diagnostic partagé avec les partenaires du territoire.');
      await page.getByRole('button', { name: 'Enregistrer l’avis' }).click();
      await page.waitForURL(/\?ok=avis/);
      expect(await page.locator('.fr-alert--success').textContent()).toContain('Votre avis a été enregistré.');
      expect(await page.locator('#instruction').textContent()).toContain('Avis du préfet de département : Favorable');
      await accessible(page, 'overview as prefect after the opinion');
      await screenshot(page, 'instruction-prefet-apres-avis');
    });
  });

  it('the commissaire invites the expert; the expert contributes confidentially; the commissaire gives the collegial opinion', async () => {
    await as('Claire Fontaine', async (page) => {
      await page.goto(`${app.baseUrl}/candidatures/${ids.cd49}`);
      await accessible(page, 'overview as commissaire');
      await page.locator('#expert-email').fill('hugo.marchand@dreets52.demo.test');
      await page.locator('#expert-echeance').fill('2099-03-31');
      await page.getByRole('button', { name: 'Inviter l’expert' }).click();
      await page.waitForURL(/\?ok=expert/);
      expect(await page.locator('#instruction').textContent()).toContain('contribution attendue le 31/03/2099');
    });
    await as('Hugo Marchand', async (page) => {
      await page.goto(`${app.baseUrl}/candidatures/${ids.cd49}`);
      await accessible(page, 'overview as expert');
      await page.locator('#contribution-texte').fill(`Pilotage encore flou. ${SECRET}`);
      await page.locator('label[for="contribution-confidentielle"]').click();
      await page.getByRole('button', { name: 'Enregistrer la contribution' }).click();
      await page.waitForURL(/\?ok=contribution/);
      expect(await page.locator('#instruction').textContent()).toContain('Confidentiel — jamais visible du porteur');
      await screenshot(page, 'instruction-expert-contribution');
    });
    await as('Claire Fontaine', async (page) => {
      await page.goto(`${app.baseUrl}/candidatures/${ids.cd49}`);
      expect(await page.locator('#instruction').textContent()).toContain(SECRET);
      await screenshot(page, 'instruction-commissaire');
      const form = page.locator('#form-avis-collegial');
      await form.locator('label[for="avis-collegial-sens-favourable"]').click();
      await form.locator('#avis-collegial-motifs').fill('Avis collégial favorable après consultation de la DREETS.');
      await form.getByRole('button', { name: 'Enregistrer l’avis collégial' }).click();
      await page.waitForURL(/\?ok=avis-collegial/);
      expect(await page.locator('h1 + p .fr-badge').textContent()).toBe('Avis rendus');
      await accessible(page, 'overview as commissaire after the collegial opinion');
    });
    await as('Isabelle Roux', async (page) => {
      await page.goto(`${app.baseUrl}/candidatures/${ids.cd49}`);
      expect(await page.content()).not.toContain(SECRET);
      expect(await page.locator('#instruction').count()).toBe(0);
    });
  });

  it('the national team compares and selects; one more than the slots is refused (AMI-22)', async () => {
    await app.deps.db.insertInto('application_opinion').values({ application_id: ids.cd72!, author_user_id: await userIdByEmail(app, 'claire.fontaine@prefecture52.demo.test'), kind: 'collegial', verdict: 'reserve', reasons: 'Réservé.', confidential: false, created_at: new Date() }).execute();
    await app.deps.db.updateTable('application').set({ status: 'opinions_given' }).where('id', '=', ids.cd72!).execute();
    await as('Nadia Benali', async (page) => {
      await page.goto(`${app.baseUrl}/appels/${callId}`);
      await page.getByRole('link', { name: 'Tableau comparatif et décision' }).click();
      await page.waitForURL(/\/decision$/);
      await accessible(page, 'decision page');
      await page.getByLabel('Trier par').selectOption('montant');
      await page.getByRole('button', { name: 'Appliquer' }).click();
      await page.waitForURL(/tri=montant/);
      expect(await page.locator('#comparatif tbody tr').first().textContent()).toContain('Maine-et-Loire (49)');
      await screenshot(page, 'decision-tableau');
      const first = page.locator(`#decider-${ids.cd49}`);
      await first.locator(`label[for="decision-${ids.cd49}-choix-selected"]`).click();
      await first.locator(`#decision-${ids.cd49}-motifs`).fill('Projet ambitieux et réaliste.');
      await first.getByRole('button').click();
      await page.waitForURL(/ok=decision/);
      expect(await page.locator('#enveloppe').textContent()).toContain('1 candidature retenue sur 1 place de lauréat');
      const second = page.locator(`#decider-${ids.cd72}`);
      await second.locator(`label[for="decision-${ids.cd72}-choix-selected"]`).click();
      await second.locator(`#decision-${ids.cd72}-motifs`).fill('Aussi.');
      await second.getByRole('button').click();
      await page.waitForLoadState();
      expect(await page.locator(`#decider-${ids.cd72} [role="alert"]`).textContent()).toContain('place de lauréat de cet appel est déjà attribuée');
      await accessible(page, 'decision page with the AMI-22 refusal');
      await screenshot(page, 'decision-refus-ami22');
    });
  });
});
