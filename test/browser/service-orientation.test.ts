/**
 * Issue 6 §5 in Chromium: from a catalogue service, Julie Perrin chooses Élodie's pathway, is stopped
 * without the person's consent, then orients her; the structure opens the link from its mail without
 * an account, is stopped when refusing without a reason, then refuses with one; the pathway's
 * timeline shows the answer. Then a member organisation (France Travail Angers) answers from its
 * account, through « Mes services » › « Orientations reçues ». axe on every page (errors shown
 * included), screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { orientToService } from '../../src/domains/catalogue/use-cases/service-orientation.js';
import { FRENCH_CONTEXT, asDemoUser, axeViolations, browserAvailable, launchBrowser, screenshot } from '../support/browser.js';
import { openElodiePathway } from '../support/elodie.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe.skipIf(!browserAvailable)('orientation to a service in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let spaceId: number;
  let pathwayId: number;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    const db = app.deps.db;
    ({ spaceId, pathwayId } = await openElodiePathway(app, new Date()));
    const now = new Date();
    const base = { space_id: spaceId, source: 'import', date_maj: '2026-01-10', created_at: now, updated_at: now };
    await db.insertInto('catalogue_structure').values({ ...base, id: 'st-1', nom: 'Association Tremplin', courriel: 'accueil@tremplin.test' }).execute();
    await db.insertInto('catalogue_service').values({ ...base, id: 'svc-atelier', structure_id: 'st-1', status: 'published', nom: 'Atelier entretien d’embauche', description: 'Ateliers pour préparer un entretien.', reviewed_at: now, courriel: null }).execute();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('orients, answers through the link, and shows the answer on the timeline', async () => {
    await asDemoUser(browser, app.baseUrl, 'Julie Perrin', async (page) => {
      await page.goto(`${app.baseUrl}/spie/${spaceId}/services/svc-atelier/orienter`);
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'service-orientation-choose');
      await page.getByLabel('Parcours de la personne').selectOption(String(pathwayId));
      await page.getByRole('button', { name: 'Continuer' }).click();
      await page.waitForURL(/orienter-vers/);
      await page.getByLabel('Message au service').fill('Élodie souhaite préparer ses entretiens dans la vente. Disponible le matin.');
      await page.getByRole('button', { name: 'Envoyer l’orientation' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('Accord de la personne');
      expect(await page.getByLabel('Message au service').inputValue()).toContain('Disponible le matin');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'service-orientation-form-error');
      await page.getByText('La personne a donné son accord').click();
      await page.getByRole('button', { name: 'Envoyer l’orientation' }).click();
      await page.waitForURL(new RegExp(`/parcours/${pathwayId}\\?ok=service-oriente`));
    });
    const mail = await app.deps.db.selectFrom('mail_outbox').select(['to_address', 'text_body']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(mail.to_address).toBe('accueil@tremplin.test');
    const link = /\/orientation-service\/[A-Za-z0-9_-]+/.exec(mail.text_body)![0];

    const context = await browser.newContext(FRENCH_CONTEXT);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}${link}`);
    expect(await page.locator('main').textContent()).toContain('Élodie L.');
    expect(await page.locator('main').textContent()).not.toContain('Lefèvre-Martin');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'service-orientation-answer');
    await page.getByText('Je refuse l’orientation').click();
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Indiquez le motif du refus');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'service-orientation-answer-error');
    await page.getByLabel('Motif').fill('Plus de place avant septembre');
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    expect(await page.getByRole('status').textContent()).toContain('Votre réponse est enregistrée : orientation refusée');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'service-orientation-answered');
    await context.close();

    await asDemoUser(browser, app.baseUrl, 'Julie Perrin', async (julie) => {
      await julie.goto(`${app.baseUrl}/parcours/${pathwayId}#historique`);
      expect(await julie.locator('#historique').textContent()).toContain('Atelier entretien d’embauche : orientation refusée — motif : Plus de place avant septembre');
      await julie.locator('#historique').screenshot({ path: 'screenshots/service-orientation-timeline.png' });
    });
  }, 120_000);

  it('lets the organisation that runs a service answer from its account', async () => {
    const db = app.deps.db;
    const julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    const lucas = (await loadActor(db, await userIdByEmail(app, 'lucas.bernard@francetravail49.demo.test')))!;
    const now = new Date();
    const base = { space_id: spaceId, source: 'spie', date_maj: '2026-01-10', created_at: now, updated_at: now };
    await db.insertInto('catalogue_structure').values({ ...base, id: 'ft-angers', nom: 'France Travail Angers', courriel: 'angers@francetravail.test', organisation_id: lucas.organisationId }).execute();
    await db.insertInto('catalogue_service').values({ ...base, id: 'ft-club', structure_id: 'ft-angers', status: 'published', nom: 'Club recherche d’emploi', description: 'Trois semaines en groupe.', reviewed_at: now, courriel: null }).execute();
    const sent = await orientToService(db, { pathwayId, serviceId: 'ft-club', message: 'Élodie cherche un emploi dans la vente, le matin.', consent: true, actor: julie, now }, async () => {}, app.baseUrl);
    expect(sent.ok).toBe(true);

    await asDemoUser(browser, app.baseUrl, 'Lucas Bernard', async (page) => {
      await page.goto(`${app.baseUrl}/spie/${spaceId}/mes-services`);
      await page.getByRole('link', { name: 'Orientations reçues (1 en attente de réponse)' }).click();
      await page.waitForURL(/mes-services\/orientations$/);
      expect(await page.locator('main').textContent()).toContain('Élodie L.');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'received-orientations');
      await page.getByRole('link', { name: /^Répondre/ }).click();
      await page.getByText('J’accepte l’orientation').click();
      await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
      expect(await page.getByRole('status').textContent()).toContain('Votre réponse est enregistrée : orientation acceptée');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'received-orientation-answered');
      await page.getByRole('link', { name: 'Toutes les orientations reçues' }).click();
      expect(await page.locator('main').textContent()).toContain('acceptée');
    });
    await asDemoUser(browser, app.baseUrl, 'Julie Perrin', async (page) => {
      await page.goto(`${app.baseUrl}/parcours/${pathwayId}#historique`);
      expect(await page.locator('#historique').textContent()).toContain('Club recherche d’emploi : orientation acceptée');
    });
  }, 120_000);
});
