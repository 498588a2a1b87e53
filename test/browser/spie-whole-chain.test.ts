/**
 * The acceptance test of issue 5, entirely through the UI in Chromium, on the demo data only (nothing
 * prepared by calling adapters; the database is read only to check what the pages cannot show):
 * 1. Julie Perrin (Mission locale angevine) opens « Mon SPIE », the Maine-et-Loire space, and types
 *    « elodie lefevre martin » to create a person: duplicate detection shows the demo's Élodie
 *    Lefèvre-Martin (RSA list), nothing is created; she opens Élodie's pathway from that record; records
 *    a diagnosis in two areas; asks for a professional orientation towards her own organisation with
 *    herself as referent (an empty request refused first, errors shown).
 * 2. Thomas Girard (coordinator, CD 49) accepts it from the « À orienter » page.
 * 3. Julie, now the referent (pathway page and referent history), adds an objective, an immersion
 *    (SIRET, company, dates) and an appointment with an e-mail invitation (the mail to Élodie is queued);
 *    the timeline lists every step in order, each signed.
 * 4. Lucas Bernard (France Travail, in the space but not in the pathway) gets the 404 page on the
 *    pathway's address, and the attempt is audited under his name.
 * 5. Élodie signs in: « Mon espace » leads to « Mon parcours », where she sees her referent, the
 *    diagnosis, the immersion, the appointment, the timeline and who consulted her record (Julie and
 *    Thomas with their organisations; not Lucas, who was refused).
 * On every page: title « … — SPIE », no axe violation (errors shown included), no console error.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRENCH_CONTEXT, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const ELODIE_EMAIL = 'elodie.lefevre-martin@personne.demo.test';
const SIRET = '77500490000145';
const COMPANY = 'Boulangerie du Ralliement';

/** Any run of spaces (ordinary, no-break, narrow no-break) as one ordinary space. */
const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** The Paris day `days` from now, as a date field takes it (YYYY-MM-DD). */
const parisDay = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(Date.now() + days * 86_400_000));
/** « 12/05/2026 » for « 2026-05-12 ». */
const slashed = (isoDay: string) => isoDay.split('-').reverse().join('/');
/** « 12 mai 2026 », « mardi 12 mai » for a YYYY-MM-DD day. */
const inWords = (isoDay: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...options }).format(new Date(`${isoDay}T12:00:00Z`));

describe.skipIf(!browserAvailable)('the whole chain of the territory’s SPIE (issue 5), in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let pathwayId = 0;
  const appointmentDay = parisDay(7);
  const immersion = { from: parisDay(14), to: parisDay(18) };

  /** Signs in `name` in a fresh browser; console errors fail the step, save the expected `allowed` ones. */
  async function as<T>(name: string, run: (page: Page) => Promise<T>, allowed = /status of 422/): Promise<T> {
    const context = await browser.newContext(FRENCH_CONTEXT);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      // A form sent back with its errors is answered 422 on purpose; Chromium logs it.
      if (m.type() === 'error' && !allowed.test(m.text())) consoleErrors.push(m.text());
    });
    try {
      await signInWithDemo(page, app.baseUrl, name);
      await accessible(page, `dashboard of ${name}`);
      const result = await run(page);
      expect(consoleErrors, `console errors as ${name}`).toEqual([]);
      return result;
    } finally {
      await context.close();
    }
  }

  async function accessible(page: Page, what: string, shot?: string): Promise<void> {
    expect(await page.title(), what).toMatch(/ — SPIE$/);
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
    if (shot) await screenshot(page, shot);
  }

  /** « Mon SPIE » in the main menu, then the Maine-et-Loire space. */
  async function openSpace(page: Page): Promise<void> {
    await page.locator('#navigation').getByRole('link', { name: 'Mon SPIE', exact: true }).click();
    await page.waitForURL(/\/spie$/);
    await accessible(page, 'list of spaces');
    await page.getByRole('link', { name: 'SPIE Maine-et-Loire (49)' }).click();
    await page.waitForURL(/\/spie\/\d+$/);
    await accessible(page, 'space home');
  }

  const notice = async (page: Page) => spaces(await page.locator('.fr-alert--success').textContent());
  const cells = async (page: Page, row: string) => (await page.locator(row).locator('td').allTextContents()).map(spaces);

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('Julie Perrin is shown the RSA list’s Élodie when creating « elodie lefevre martin », opens her pathway, diagnoses and asks for an orientation', { timeout: 30_000 }, async () => {
    const db = app.deps.db;
    const demoElodie = await db.selectFrom('person').select('id').where('email', '=', ELODIE_EMAIL).executeTakeFirstOrThrow();

    pathwayId = await as('Julie Perrin', async (p) => {
      await openSpace(p);
      await p.getByRole('navigation', { name: /^Pages de l’espace/ }).getByRole('link', { name: 'Créer une personne', exact: true }).click();
      await p.waitForURL(/\/personnes\/nouvelle$/);
      await accessible(p, 'person creation form');

      await p.getByLabel('Prénom').fill('elodie');
      await p.getByLabel('Nom', { exact: true }).fill('lefevre martin');
      await p.getByLabel('Date de naissance').fill('1991-04-12');
      await p.getByRole('button', { name: 'Créer la personne et ouvrir son parcours' }).click();
      await p.waitForURL(/\/personnes$/);
      expect(await p.title()).toBe('Fiches proches – Créer une personne — SPIE');
      expect(await p.getByRole('heading', { name: 'Cette personne est peut-être déjà connue du SPIE' }).count()).toBe(1);
      const table = p.getByRole('table', { name: '1 fiche proche de la personne saisie' });
      expect(await table.locator('tbody tr').count()).toBe(1);
      expect((await table.locator('tbody tr td').allTextContents()).map(spaces).slice(0, 5)).toEqual(['Élodie Lefèvre-Martin', '12/04/1991', '4923456', '—', 'nom et date de naissance']);
      expect(await p.getByLabel('Prénom').inputValue()).toBe('elodie');
      await accessible(p, 'creation stopped on a close record (422)', 'spie-chaine-doublon');
      // Nothing was created: the check comes before any insert.
      expect(await db.selectFrom('person').select('id').execute()).toEqual([demoElodie]);
      expect(await db.selectFrom('pathway').select('id').execute()).toEqual([]);

      // The right record is there: her pathway is opened from it, not from a new person.
      await table.getByRole('button', { name: 'Ouvrir son parcours : Élodie Lefèvre-Martin' }).click();
      await p.waitForURL(/\/parcours\/\d+\?ok=ouvert$/);
      expect(spaces(await p.locator('h1').textContent())).toBe('Parcours de Élodie Lefèvre-Martin');
      expect(await notice(p)).toContain('Le parcours est ouvert');
      expect(spaces(await p.locator('#personne').innerText())).toContain('N° allocataire CAF ou MSA 4923456');
      await accessible(p, 'pathway just opened');
      const id = Number(/\/parcours\/(\d+)/.exec(p.url())![1]);

      // Diagnosis in two areas.
      await p.getByRole('button', { name: 'Faire le diagnostic' }).click();
      await p.locator('#diag-employment-situation').fill('Trois ans de vente en boulangerie ; sans emploi depuis un an.');
      await p.locator('#diag-employment-besoins').fill('Retrouver un emploi dans la vente.');
      await p.locator('#diag-mobility-situation').fill('Pas de permis ; habite à Trélazé.');
      await p.locator('#diag-mobility-besoins').fill('Un abonnement de bus.');
      await p.getByRole('button', { name: 'Enregistrer le diagnostic' }).click();
      await p.waitForURL(/\?ok=diagnostic/);
      expect(await notice(p)).toContain('Le diagnostic est enregistré.');
      const diagnosis = p.locator('#diagnostic .fr-table').first();
      expect(spaces(await diagnosis.locator('caption').textContent())).toMatch(/^Diagnostic du .*, par Julie Perrin \(le plus récent\)$/);
      const diagnosisText = spaces(await diagnosis.textContent());
      for (const text of ['Emploi', 'Trois ans de vente en boulangerie', 'Retrouver un emploi dans la vente.', 'Mobilité', 'Pas de permis ; habite à Trélazé.', 'Un abonnement de bus.']) expect(diagnosisText).toContain(text);
      await accessible(p, 'pathway with its diagnosis');

      // Orientation: an empty request is refused next to its fields, then a professional one.
      await p.getByRole('button', { name: 'Demander une orientation' }).click();
      await p.getByRole('button', { name: 'Demander l’orientation' }).click();
      await p.waitForURL(/\/orientations$/);
      expect(await p.title()).toBe('Erreur : Parcours de Élodie Lefèvre-Martin — SPIE');
      expect(spaces(await p.locator('#form-orientation').textContent())).toContain('Choisissez le type d’orientation.');
      expect(spaces(await p.locator('#form-orientation').textContent())).toContain('Choisissez l’organisation d’accueil.');
      await accessible(p, 'orientation request with its errors (422)');
      // DSFR draws the radio on its label: the label is what one clicks.
      await p.locator('label[for="orientation-type-professional"]').click();
      await p.locator('#orientation-organisation').selectOption({ label: 'Mission locale angevine' });
      await p.locator('#orientation-referent').selectOption({ label: 'Julie Perrin' });
      await p.getByRole('button', { name: 'Demander l’orientation' }).click();
      await p.waitForURL(/\?ok=orientation/);
      expect(spaces(await p.locator('#orientation').textContent())).toContain('Une demande d’orientation attend la réponse du département.');
      expect(await cells(p, '#orientation tbody tr')).toEqual([expect.any(String), 'Professionnelle', 'Mission locale angevine', 'Julie Perrin', 'En attente', '—']);
      await accessible(p, 'pathway with its orientation requested');
      return id;
    });

    // One person, the demo's, with one pathway.
    expect(await db.selectFrom('person').select('id').execute()).toEqual([demoElodie]);
    expect(await db.selectFrom('pathway').select(['id', 'person_id']).execute()).toEqual([{ id: pathwayId, person_id: demoElodie.id }]);
  });

  it('Thomas Girard (CD 49) accepts the orientation from the « À orienter » page', { timeout: 20_000 }, async () => {
    await as('Thomas Girard', async (p) => {
      await openSpace(p);
      await p.getByRole('link', { name: 'À orienter' }).click();
      await p.waitForURL(/\/a-orienter$/);
      const card = p.locator('li.fr-card', { hasText: 'Élodie Lefèvre-Martin' });
      expect(await card.count()).toBe(1);
      expect(spaces(await card.textContent())).toContain('Orientation professionnelle vers Mission locale angevine (Julie Perrin), demandée par Julie Perrin le');
      await accessible(p, 'orientation queue', 'spie-chaine-a-orienter');
      await card.getByRole('button', { name: 'Accepter l’orientation de Élodie Lefèvre-Martin' }).click();
      await p.waitForURL(/\?ok=acceptee$/);
      expect(spaces(await p.getByRole('status').textContent())).toContain('La demande d’orientation est acceptée');
      expect(await p.locator('li.fr-card', { hasText: 'Élodie Lefèvre-Martin' }).count()).toBe(0);
      expect(await p.locator('tr', { hasText: 'Élodie Lefèvre-Martin' }).count()).toBe(0);
      await accessible(p, 'orientation queue after the acceptance');
    });
  });

  it('Julie, now the referent, builds the plan with an immersion and fixes an appointment with an e-mail invitation; the timeline tells it all', { timeout: 30_000 }, async () => {
    await as('Julie Perrin', async (p) => {
      // Back to the pathway the way a professional finds it: by looking the person up.
      await openSpace(p);
      await p.getByLabel('Nom et prénom').fill('Lefèvre-Martin');
      await p.getByLabel('Nom et prénom').press('Enter');
      await p.waitForURL(/\/recherche$/);
      await accessible(p, 'search results');
      await p.getByRole('link', { name: 'Voir le parcours de Élodie Lefèvre-Martin' }).click();
      await p.waitForURL(new RegExp(`/parcours/${pathwayId}$`));

      expect(spaces(await p.locator('#referent .fr-text--lead').textContent())).toMatch(/^Julie Perrin \(Mission locale angevine\), référent depuis le /);
      const history = p.getByRole('table', { name: 'Historique des référents' });
      expect(await history.locator('tbody tr').count()).toBe(1);
      expect((await history.locator('tbody tr td').allTextContents()).map(spaces)).toEqual(['Julie Perrin', 'Mission locale angevine', expect.stringMatching(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/), 'en cours']);
      expect(await cells(p, '#orientation tbody tr')).toEqual([expect.any(String), 'Professionnelle', 'Mission locale angevine', 'Julie Perrin', expect.stringMatching(/^Acceptée le /), '—']);
      const person = spaces(await p.locator('#personne').innerText());
      expect(person).toContain('Référent Julie Perrin');
      expect(person).toContain('Orientation Professionnelle, depuis le');
      await accessible(p, 'pathway with its referent');

      await p.getByRole('button', { name: 'Ajouter un objectif' }).click();
      await p.getByLabel('Domaine', { exact: true }).selectOption({ label: 'Emploi' });
      await p.locator('#objectif-texte').fill('Travailler comme vendeuse en boulangerie');
      await p.getByRole('button', { name: 'Ajouter l’objectif' }).click();
      await p.waitForURL(/\?ok=objectif/);
      expect(await cells(p, '#objectifs + .fr-table tbody tr')).toEqual(['Emploi', 'Travailler comme vendeuse en boulangerie', 'un professionnel']);
      await accessible(p, 'pathway with its objective');

      await p.getByRole('button', { name: 'Ajouter une action' }).click();
      await p.locator('label[for="action-type-immersion"]').click();
      await p.getByLabel('Objectif (facultatif)').selectOption({ label: 'Emploi — Travailler comme vendeuse en boulangerie' });
      await p.locator('#action-texte').fill('Découvrir la vente en boulangerie');
      await p.getByLabel('SIRET de l’entreprise').fill(SIRET);
      await p.getByLabel('Entreprise', { exact: true }).fill(COMPANY);
      await p.getByLabel('Début de l’action').fill(immersion.from);
      await p.getByLabel('Fin de l’action').fill(immersion.to);
      await p.getByRole('button', { name: 'Ajouter l’action' }).click();
      await p.waitForURL(/\?ok=action/);
      const action = await cells(p, '#actions + .fr-table tbody tr');
      expect(spaces(await p.locator('#actions + .fr-table tbody tr td .fr-text--bold').textContent())).toBe('Découvrir la vente en boulangerie');
      expect(action.slice(1, 4)).toEqual([
        'Travailler comme vendeuse en boulangerie',
        `${COMPANY} (SIRET ${SIRET})`,
        `du ${slashed(immersion.from)} au ${slashed(immersion.to)}`,
      ]);
      await accessible(p, 'pathway with its plan');

      await p.getByRole('button', { name: 'Fixer un rendez-vous' }).click();
      await p.locator('#rdv-date').fill(appointmentDay);
      await p.locator('#rdv-heure').fill('14:30');
      await p.locator('#rdv-lieu').fill('Mission locale, 12 place Imbach, Angers');
      await p.locator('#rdv-objet').fill('Préparer l’immersion');
      // Her e-mail is known, her mobile is not: the e-mail invitation is offered (ticked), the SMS is not.
      expect(await p.getByLabel(/^Inviter par courriel/).isChecked()).toBe(true);
      expect(spaces(await p.locator('label[for="rdv-courriel"]').textContent())).toContain(`À ${ELODIE_EMAIL}.`);
      expect(await p.getByLabel(/^Inviter par SMS/).isDisabled()).toBe(true);
      await p.getByRole('button', { name: 'Fixer le rendez-vous' }).click();
      await p.waitForURL(/\?ok=rendez-vous-courriel(#|$)/);
      expect(await notice(p)).toBe('Le rendez-vous est fixé ; l’invitation a été envoyée par courriel.');

      const steps = (await p.locator('#historique tbody tr').all()).map(async (row) => {
        const [, what, detail, by] = (await row.locator('td').allTextContents()).map(spaces);
        return { what, detail, by };
      });
      const timeline = await Promise.all(steps);
      expect(timeline.map((t) => [t.what, t.by])).toEqual([
        ['Rendez-vous fixé', 'Julie Perrin'],
        ['Action ajoutée', 'Julie Perrin'],
        ['Objectif ajouté', 'Julie Perrin'],
        ['Référent désigné', 'Thomas Girard'],
        ['Orientation acceptée', 'Thomas Girard'],
        ['Orientation demandée', 'Julie Perrin'],
        ['Diagnostic enregistré', 'Julie Perrin'],
        ['Parcours ouvert', 'Julie Perrin'],
      ]);
      expect(timeline[0]!.detail).toMatch(/ — Mission locale, 12 place Imbach, Angers — Préparer l’immersion \(invitation par courriel\)$/);
      expect(timeline[1]!.detail).toBe(`Découvrir la vente en boulangerie — ${COMPANY}`);
      expect(timeline[2]!.detail).toBe('Travailler comme vendeuse en boulangerie');
      expect(timeline[3]!.detail).toContain('Julie Perrin');
      expect(timeline[6]!.detail).toBe('Domaines : Emploi, Mobilité');
      expect(timeline[7]!.detail).toBe('Par Mission locale angevine');
      await accessible(p, 'pathway with its appointment and timeline', 'spie-chaine-parcours');
    });

    const mails = await app.deps.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', ELODIE_EMAIL).execute();
    expect(mails).toHaveLength(1);
    expect(spaces(mails[0]!.subject)).toBe(`Votre rendez-vous du ${inWords(appointmentDay, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })} à 14:30`);
    expect(spaces(mails[0]!.text_body)).toContain('avec Julie Perrin');
    expect(spaces(mails[0]!.text_body)).toContain('Lieu : Mission locale, 12 place Imbach, Angers');
    expect(await app.deps.db.selectFrom('sms_outbox').select('id').execute()).toEqual([]);
  });

  it('Lucas Bernard (France Travail), in the space but not in the pathway, gets the 404 page, and the attempt is audited under his name', { timeout: 20_000 }, async () => {
    await as(
      'Lucas Bernard',
      async (p) => {
        const response = await p.goto(`${app.baseUrl}/parcours/${pathwayId}`);
        expect(response?.status()).toBe(404);
        expect(spaces(await p.locator('h1').textContent())).toBe('Page non trouvée');
        expect(spaces(await p.locator('main').textContent())).not.toContain('Lefèvre-Martin');
        await accessible(p, '404 page of a pathway he is not in');
      },
      /status of (422|404)/,
    );
    const lucas = await userIdByEmail(app, 'lucas.bernard@francetravail49.demo.test');
    const denied = await app.deps.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'actor_label', 'summary'])
      .where('action', '=', 'access.denied')
      .where('object_type', '=', 'pathway')
      .where('object_id', '=', String(pathwayId))
      .execute();
    expect(denied).toEqual([{ actor_user_id: lucas, actor_label: 'Lucas Bernard', summary: expect.objectContaining({ attemptedAction: 'pathway.view', method: 'GET', status: 404 }) }]);
  });

  it('Élodie signs in and finds her pathway: referent, diagnosis, immersion, appointment, timeline and who consulted her record', { timeout: 20_000 }, async () => {
    await as('Élodie Lefèvre-Martin', async (p) => {
      await p.locator('#navigation').getByRole('link', { name: 'Mon espace', exact: true }).click();
      await p.waitForURL(/\/mon-parcours$/);
      expect(spaces(await p.locator('h1').textContent())).toBe('Mon parcours');
      const main = spaces(await p.locator('main').innerText());
      expect(main).toContain('Votre référent : Julie Perrin');
      expect(main).toContain('Julie Perrin travaille à Mission locale angevine.');
      expect(main).toContain('Vous êtes accompagné(e) vers l’emploi');
      expect(main).toMatch(/Ce point a été fait avec Julie Perrin le /);
      expect(main).toContain('Votre situation : Trois ans de vente en boulangerie ; sans emploi depuis un an.');
      expect(main).toContain('Ce qui peut vous aider : Un abonnement de bus.');
      expect(main).toContain('Emploi : Travailler comme vendeuse en boulangerie');
      const longDay = { day: 'numeric', month: 'long', year: 'numeric' } as const;
      expect(main).toContain(`Découvrir la vente en boulangerie (immersion chez ${COMPANY}) — du ${inWords(immersion.from, longDay)} au ${inWords(immersion.to, longDay)}`);
      const appointments = spaces(await p.locator('section[aria-labelledby="rendez-vous-titre"] ul').innerText());
      expect(appointments).toBe(`Le ${inWords(appointmentDay, { weekday: 'long', day: 'numeric', month: 'long' })} à 14:30 — Mission locale, 12 place Imbach, Angers, avec Julie Perrin : Préparer l’immersion`);
      const story = (await p.locator('section[aria-labelledby="historique-titre"] li strong').allTextContents()).map(spaces);
      expect(story).toEqual(['Rendez-vous fixé', 'Action ajoutée', 'Objectif ajouté', 'Référent désigné', 'Orientation acceptée', 'Orientation demandée', 'Diagnostic enregistré', 'Parcours ouvert']);

      const access = p.getByRole('table', { name: 'Consultations de votre dossier par les professionnels' });
      const rows = await Promise.all((await access.locator('tbody tr').all()).map(async (r) => (await r.locator('td').allTextContents()).map(spaces).slice(1)));
      const seen = new Set(rows.map((r) => r.join(' | ')));
      expect(seen).toContain('Julie Perrin | Mission locale angevine | a trouvé la fiche en recherchant une personne');
      expect(seen).toContain('Julie Perrin | Mission locale angevine | a consulté le parcours');
      expect(seen).toContain('Thomas Girard | Conseil départemental de Maine-et-Loire | a vu la fiche dans la liste des personnes à orienter');
      // Only those who read her record: Lucas was refused, and her own views are not listed.
      expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['Julie Perrin', 'Thomas Girard']));
      await accessible(p, 'Mon parcours', 'spie-chaine-mon-parcours');
    });
  });
});
