/**
 * A pathway in Chromium (issue 5 §3–8), by real clicks and keys. Julie Perrin (mission locale) has opened
 * Élodie Lefèvre-Martin's pathway (test setup, with openPathway); she records a diagnosis (a need
 * without its situation is refused first, what she typed kept), asks for an orientation towards her
 * own organisation with herself as referent; Thomas Girard (département) accepts it in the « à orienter »
 * queue; Julie, now referent, adds an objective and an immersion, and fixes an appointment with an SMS
 * invitation; the timeline shows it all; closing is offered with a confirmation (cancelled); she hands over
 * to Lucas Bernard and reads on without forms. HTTP-level rules are test/web/pathway.test.ts's.
 * On every page of the pathway: title « … — SPIE », no axe violation (errors shown included), no console error.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { axeViolations, browserAvailable, launchBrowser, screenshot, asDemoUser } from '../support/browser.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

/** Any run of spaces (ordinary, no-break, narrow no-break) as one ordinary space. */
const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe.skipIf(!browserAvailable)('a pathway followed by its professionals, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let pathwayId: number;
  let spaceId: number;

  const as = <T>(name: string, run: (page: Page) => Promise<T>): Promise<T> => asDemoUser(browser, app.baseUrl, name, run);

  async function accessible(page: Page, what: string): Promise<void> {
    expect(await page.title(), what).toMatch(/ — SPIE$/);
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
  }

  const notice = async (page: Page) => spaces(await page.locator('.fr-alert--success').textContent());

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    const db = app.deps.db;
    spaceId = (await db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    const elodie = await db.selectFrom('person').select('id').where('family_name', '=', 'Lefèvre-Martin').executeTakeFirstOrThrow();
    // Her mobile, as she gave it at the mission locale's desk (the demo list has none).
    await db.updateTable('person').set({ phone: '06 12 34 56 78' }).where('id', '=', elodie.id).execute();
    const julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    const opened = await openPathway(db, { spaceId, personId: elodie.id, actor: julie, now: app.deps.clock() });
    if (!opened.ok) throw new Error(opened.message);
    pathwayId = opened.pathwayId;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('diagnosis, orientation accepted by the département, referent, plan with an immersion, appointment with SMS, timeline', { timeout: 60_000 }, async () => {
    // 1. Julie records the diagnosis and asks for the orientation.
    await as('Julie Perrin', async (p) => {
      await p.goto(`${app.baseUrl}/parcours/${pathwayId}`);
      expect(spaces(await p.locator('h1').textContent())).toBe('Parcours de Élodie Lefèvre-Martin');
      expect(spaces(await p.locator('#personne').textContent())).toContain('jours d’attente depuis l’ouverture des droits RSA');
      await accessible(p, 'pathway just opened');
      await screenshot(p, 'parcours-ouvert');

      await p.getByRole('button', { name: 'Faire le diagnostic' }).click();
      await p.locator('#diag-housing-situation').fill('Hébergée chez sa sœur à Angers.');
      await p.locator('#diag-housing-besoins').fill('Un logement autonome.');
      await p.locator('#diag-mobility-besoins').fill('Financer le permis B.');
      await p.getByRole('button', { name: 'Enregistrer le diagnostic' }).click();
      await p.waitForLoadState();
      expect(await p.title()).toBe('Erreur : Parcours de Élodie Lefèvre-Martin — SPIE');
      expect(spaces(await p.locator('#diag-mobility-situation-erreur').textContent())).toBe('Décrivez la situation (mobilité) avant les besoins.');
      expect(await p.locator('#diag-housing-situation').inputValue()).toBe('Hébergée chez sa sœur à Angers.');
      await accessible(p, 'diagnosis with an error');
      await screenshot(p, 'parcours-diagnostic-erreur');
      // The summary at the top leads to the field.
      await p.getByRole('link', { name: /Mobilité — situation/ }).click();
      await p.keyboard.type('Pas de permis, pas de voiture ; bus pour Angers.');
      await p.getByRole('button', { name: 'Enregistrer le diagnostic' }).click();
      await p.waitForURL(/\?ok=diagnostic/);
      expect(await notice(p)).toContain('Le diagnostic est enregistré.');
      expect(spaces(await p.locator('#diagnostic caption').first().textContent())).toMatch(/^Diagnostic du .*, par Julie Perrin \(le plus récent\)$/);

      await p.getByRole('button', { name: 'Demander une orientation' }).click();
      // DSFR draws the radio on its label: the label is what one clicks.
      await p.locator('label[for="orientation-type-professional"]').click();
      await p.locator('#orientation-organisation').selectOption({ label: 'Mission locale angevine' });
      await p.locator('#orientation-referent').selectOption({ label: 'Julie Perrin' });
      await p.getByRole('button', { name: 'Demander l’orientation' }).click();
      await p.waitForURL(/\?ok=orientation/);
      expect(spaces(await p.locator('#orientation').textContent())).toContain('Une demande d’orientation attend la réponse du département.');
      expect(spaces(await p.locator('#orientation tbody').textContent())).toContain('En attente');
      await accessible(p, 'orientation requested');
    });

    // 2. Thomas Girard (département) accepts it in the territory's queue.
    await as('Thomas Girard', async (p) => {
      await p.goto(`${app.baseUrl}/spie/${spaceId}/a-orienter`);
      await p.getByRole('button', { name: 'Accepter l’orientation de Élodie Lefèvre-Martin' }).click();
      await p.waitForURL(/ok=acceptee/);
    });

    // 3. Julie, now the referent, builds the plan and fixes an appointment with an SMS invitation.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + 7 * 86_400_000));
    await as('Julie Perrin', async (p) => {
      await p.goto(`${app.baseUrl}/parcours/${pathwayId}`);
      expect(spaces(await p.locator('#referent .fr-text--lead').textContent())).toMatch(/^Julie Perrin \(Mission locale angevine\), référent depuis le /);
      expect(spaces(await p.locator('#orientation tbody').textContent())).toContain('Acceptée');
      expect(spaces(await p.locator('#personne').textContent())).toContain('Professionnelle, depuis le');

      await p.getByRole('button', { name: 'Ajouter un objectif' }).click();
      await p.getByLabel('Domaine', { exact: true }).selectOption({ label: 'Emploi' });
      await p.locator('#objectif-texte').fill('Travailler en boulangerie');
      await p.getByRole('button', { name: 'Ajouter l’objectif' }).click();
      await p.waitForURL(/\?ok=objectif/);

      await p.getByRole('button', { name: 'Ajouter une action' }).click();
      await p.locator('label[for="action-type-immersion"]').click();
      await p.getByLabel('Objectif (facultatif)').selectOption({ label: 'Emploi — Travailler en boulangerie' });
      await p.locator('#action-texte').fill('Découvrir le métier de boulanger');
      await p.getByLabel('SIRET de l’entreprise').fill('775 004 900 00145');
      await p.getByLabel('Entreprise', { exact: true }).fill('Boulangerie Martin');
      await p.getByLabel('Début de l’action').fill('2027-01-11');
      await p.getByLabel('Fin de l’action').fill('2027-01-15');
      await accessible(p, 'immersion form filled');
      await screenshot(p, 'parcours-formulaire-action');
      await p.getByRole('button', { name: 'Ajouter l’action' }).click();
      await p.waitForURL(/\?ok=action/);
      const action = spaces(await p.locator('#actions + .fr-table tbody').textContent());
      expect(action).toContain('Boulangerie Martin (SIRET 77500490000145)');
      expect(action).toContain('du 11/01/2027 au 15/01/2027');

      await p.getByRole('button', { name: 'Fixer un rendez-vous' }).click();
      await p.locator('#rdv-date').fill(day);
      await p.locator('#rdv-heure').fill('10:30');
      await p.locator('#rdv-lieu').fill('Mission locale, 12 rue Plantagenêt, Angers');
      await p.locator('#rdv-objet').fill('Préparer l’immersion');
      // With the keyboard: the box takes the focus, the space bar unticks it.
      await p.getByLabel('Inviter par courriel').press('Space');
      expect(await p.getByLabel('Inviter par courriel').isChecked()).toBe(false);
      expect(await p.getByLabel('Inviter par SMS').isChecked()).toBe(true);
      await accessible(p, 'plan and appointment form');
      await p.getByRole('button', { name: 'Fixer le rendez-vous' }).click();
      await p.waitForURL(/\?ok=rendez-vous-sms/);
      expect(await notice(p)).toBe('Le rendez-vous est fixé ; l’invitation a été envoyée par SMS.');

      const timeline = spaces(await p.locator('#historique tbody').textContent());
      const rows = await p.locator('#historique tbody tr td:nth-child(2)').allTextContents();
      expect(rows.map(spaces)).toEqual([
        'Rendez-vous fixé',
        'Action ajoutée',
        'Objectif ajouté',
        'Référent désigné',
        'Orientation acceptée',
        'Orientation demandée',
        'Diagnostic enregistré',
        'Parcours ouvert',
      ]);
      expect(timeline).toContain('Thomas Girard');
      expect(timeline).toContain('Préparer l’immersion (invitation par SMS)');
      expect(timeline).toContain('Découvrir le métier de boulanger — Boulangerie Martin');
      await accessible(p, 'pathway with its plan and timeline');
      await screenshot(p, 'parcours-complet');

      // Closing asks for a reason and a confirmation; cancelling changes nothing.
      await p.getByRole('link', { name: 'Clore le parcours' }).click();
      await p.waitForURL(/\/clore$/);
      await accessible(p, 'closing confirmation');
      await screenshot(p, 'parcours-cloture');
      await p.getByRole('link', { name: 'Annuler' }).click();
      await p.waitForURL(/#cloture$/);

      // Julie hands over to Lucas Bernard (France Travail): she reads on, without any form.
      await p.locator('#referent-choix').selectOption({ label: 'Lucas Bernard — France Travail — Angers' });
      await p.getByRole('button', { name: 'Désigner le référent' }).click();
      await p.waitForURL(/\?ok=referent/);
      expect(spaces(await p.locator('.fr-alert--info').first().textContent())).toMatch(/^Vous avez été le référent de ce parcours jusqu’au .*\. Vous le consultez en lecture seule jusqu’au /);
      expect(await p.locator('main form').count()).toBe(0);
      await accessible(p, 'former referent, read only');
      await screenshot(p, 'parcours-ancien-referent');
    });

    expect((await app.deps.db.selectFrom('pathway').select('status').where('id', '=', pathwayId).executeTakeFirstOrThrow()).status).toBe('open');
    const sms = await app.deps.db.selectFrom('sms_outbox').select(['to_number', 'body']).execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.to_number).toBe('+33612345678');
    expect(spaces(sms[0]!.body)).toContain('à 10:30 avec Julie Perrin (Mission locale angevine). Lieu : Mission locale, 12 rue Plantagenêt, Angers. Objet : Préparer l’immersion.');
    const appointmentMails = await app.deps.db.selectFrom('mail_outbox').select('subject').where('to_address', '=', 'elodie.lefevre-martin@personne.demo.test').execute();
    expect(appointmentMails).toEqual([]);
  });
});
