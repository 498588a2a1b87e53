/**
 * Applications through the real UI, in Chromium (issue 3, acceptance « Browser test »):
 * 1. Isabelle Roux (CD 49) builds a complete, admissible application section by section, submits it and
 *    downloads the receipt PDF (call title and SHA-256 digest checked with pdftotext, page 1 rendered with pdftoppm);
 * 2. Antoine Morel (CD 72) sees a failing checklist (AMI-13, AMI-14), each rule next to its field;
 * 3. a typing error (« 12 5OO,00 ») keeps the input and saves nothing;
 * 4. Isabelle and Karim Haddad (invited co-editor) save the same section: the stale save is refused, never lost.
 * axe finds no violation on any page visited; screenshots go to screenshots/ for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRENCH_CONTEXT, SCREENSHOT_DIR, axeViolations, browserAvailable, launchBrowser, screenshot, signInWithDemo } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const OPEN_CALL = 'AMI SPIE – appel de démonstration';
const PDFTOTEXT = '/usr/bin/pdftotext';
const PDFTOPPM = '/usr/bin/pdftoppm';

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
}

/** « Candidatures » in the main navigation → « Préparer une candidature » → call, département, whole département. */
async function createDraft(page: Page, departementCode: string): Promise<number> {
  await page.locator('#navigation').getByRole('link', { name: 'Candidatures', exact: true }).click();
  await page.getByRole('link', { name: 'Préparer une candidature' }).click();
  await page.waitForURL(/\/candidatures\/nouvelle/);
  const callOption = await page.locator('#cand-appel option', { hasText: OPEN_CALL }).getAttribute('value');
  await page.getByLabel('Appel', { exact: true }).selectOption(callOption!);
  await page.getByLabel('Département', { exact: true }).selectOption(departementCode);
  await page.getByLabel('Tout le département').check();
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await page.waitForURL(/\/candidatures\/\d+\?ok=cree$/);
  expect(await page.locator('.fr-alert--success').first().textContent()).toContain('Le brouillon de candidature a été créé');
  return Number(/\/candidatures\/(\d+)/.exec(page.url())![1]);
}

/** From the overview, the « Compléter « … » » link of a section; axe on the section page. */
async function openSection(page: Page, title: string): Promise<void> {
  await page.getByRole('link', { name: `Compléter « ${title} »` }).click();
  await page.waitForURL(/\/sections\/\w+/);
  expect(await page.locator('h1').textContent()).toBe(title);
  await expectNoAxeViolations(page, `section ${title}`);
}

async function saveSection(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.waitForURL(/\/candidatures\/\d+\?ok=section$/);
}

async function addRow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Enregistrer et ajouter une ligne' }).click();
  await page.waitForURL(/\/sections\/\w+\?lignes=1$/);
}

const group = (page: Page, name: string): Locator => page.getByRole('group', { name, exact: true });

async function fillMember(page: Page, n: number, m: { name: string; kind: string; fields: string[]; commitments: string }) {
  const g = group(page, `Membre ${n}`);
  await g.getByLabel('Organisation', { exact: true }).fill(m.name);
  await g.getByLabel('Type', { exact: true }).selectOption(m.kind);
  // DSFR checkboxes: the label is what one clicks (it covers the visually hidden input).
  for (const f of m.fields) {
    await g.locator('label').getByText(f, { exact: true }).click();
    expect(await g.getByLabel(f, { exact: true }).isChecked()).toBe(true);
  }
  await g.getByLabel('Engagements', { exact: true }).fill(m.commitments);
}

async function fillExpense(page: Page, n: number, e: { category: string; label: string; year: string; amount: string }) {
  const g = group(page, `Dépense ${n}`);
  await g.getByLabel('Catégorie', { exact: true }).selectOption({ label: e.category });
  await g.getByLabel('Libellé', { exact: true }).fill(e.label);
  await g.getByLabel('Année', { exact: true }).fill(e.year);
  await g.getByLabel('Montant (€)', { exact: true }).fill(e.amount);
}

async function sectionRow(app: TestApp, applicationId: number, section: string) {
  return app.deps.db
    .selectFrom('application_section')
    .select(['version', 'content'])
    .where('application_id', '=', applicationId)
    .where('section', '=', section)
    .executeTakeFirstOrThrow();
}

describe.skipIf(!browserAvailable)('applications, from the first click to the receipt, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const newPage = async () => {
    const context = await browser.newContext(FRENCH_CONTEXT);
    contexts.push(context);
    return { context, page: await context.newPage() };
  };

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
  });

  it('Isabelle builds a complete admissible application, submits it and downloads the receipt', { timeout: 90_000 }, async () => {
    const { context, page } = await newPage();
    await signInWithDemo(page, app.baseUrl, 'Isabelle Roux');
    const id = await createDraft(page, '49');
    await expectNoAxeViolations(page, 'new draft overview');

    await openSection(page, 'Porteur du projet');
    await page.getByLabel('Nom et fonction de la personne à contacter').fill('Isabelle Roux, directrice de l’insertion');
    await page.getByLabel('Adresse électronique', { exact: true }).fill('isabelle.roux@cd49.demo.test');
    await page.getByLabel('Téléphone', { exact: true }).fill('02 41 81 49 49');
    await saveSection(page);

    // Consortium: two empty rows at first, then one more row each time.
    await openSection(page, 'Consortium');
    await fillMember(page, 1, { name: 'France Travail — Angers', kind: 'france_travail', fields: ['Emploi', 'Formation'], commitments: 'Référent unique pour les demandeurs d’emploi.' });
    await fillMember(page, 2, { name: 'CCAS d’Angers', kind: 'ccas', fields: ['Logement', 'Accès aux droits'], commitments: 'Accès au logement d’urgence.' });
    await addRow(page);
    expect(await group(page, 'Membre 3').getByLabel('Organisation', { exact: true }).inputValue()).toBe('');
    await fillMember(page, 3, { name: 'Association Tremplin Mobilité 49', kind: 'association', fields: ['Mobilité'], commitments: 'Location de véhicules à 1 € par jour.' });
    await addRow(page);
    await fillMember(page, 4, { name: 'ARS Pays de la Loire — délégation de Maine-et-Loire', kind: 'ars', fields: ['Santé'], commitments: 'Consultations de santé sans rendez-vous.' });
    await saveSection(page);
    // New rows (offered as indexes 1000 and above) are kept, not silently dropped.
    const consortium = (await sectionRow(app, id, 'consortium')).content as { members: { organisationName: string; fieldsOfAction: string[] }[] };
    expect(consortium.members.map((m) => [m.organisationName, m.fieldsOfAction])).toEqual([
      ['France Travail — Angers', ['employment', 'training']],
      ['CCAS d’Angers', ['housing', 'social_rights']],
      ['Association Tremplin Mobilité 49', ['mobility']],
      ['ARS Pays de la Loire — délégation de Maine-et-Loire', ['health']],
    ]);

    await openSection(page, 'Public cible');
    await page.getByLabel('Public cible', { exact: false }).fill('Allocataires du RSA et jeunes de moins de 26 ans sans emploi.');
    await page.getByLabel('Nombre estimé de personnes accompagnées').fill('2 500');
    await page.getByLabel('Participation des personnes à la construction de la stratégie').fill('Un comité de personnes accompagnées se réunit chaque trimestre.');
    await saveSection(page);

    await openSection(page, 'Objectifs et indicateurs');
    await page.getByLabel('Objectifs quantitatifs').fill('Accompagner 2 500 personnes en deux ans.');
    await page.getByLabel('Objectifs qualitatifs').fill('Un référent unique pour chaque personne.');
    await page.getByLabel('Changements attendus').fill('Un diagnostic partagé entre tous les partenaires.');
    await page.getByLabel('Impacts pour les personnes accompagnées').fill('Reprise d’activité plus rapide.');
    const indicator = group(page, 'Indicateur 1');
    await indicator.getByLabel('Nom', { exact: true }).fill('Personnes en emploi à six mois');
    await indicator.getByLabel('Unité', { exact: true }).fill('%');
    await indicator.getByLabel('Départ', { exact: true }).fill('22,5');
    await indicator.getByLabel('Cible', { exact: true }).fill('35');
    await indicator.getByLabel('Fréquence', { exact: true }).selectOption({ label: 'Trimestrielle' });
    await saveSection(page);

    await openSection(page, 'Mise en œuvre');
    await page.getByLabel('Reprise d’activité comme premier levier').fill('Mises en situation professionnelle dès le premier mois.');
    await page.getByLabel('Référent unique').fill('Un référent désigné par le comité de coordination.');
    await page.getByLabel('Diagnostic socio-professionnel partagé').fill('Outil de diagnostic commun aux partenaires.');
    await page.getByLabel('Forme de gouvernance').selectOption({ label: 'Consortium' });
    const milestone = group(page, 'Étape 1');
    await milestone.getByLabel('Date', { exact: true }).fill('2027-01-15');
    await milestone.getByLabel('Étape', { exact: true }).fill('Installation du comité de coordination');
    await saveSection(page);

    // Budget typed the French way: 500 000,00 € of expenses, 400 000,00 € from the State, exactly 20 % self-funding.
    await openSection(page, 'Budget');
    await fillExpense(page, 1, { category: 'Rémunération de l’équipe d’animation', label: 'Deux coordinateurs de parcours', year: '2027', amount: '300 000,00' });
    await fillExpense(page, 2, { category: 'Formation', label: 'Formation des référents', year: '2027', amount: '200 000,00' });
    await page.getByLabel('Subvention de l’État demandée (€)').fill('400 000,00');
    await page.getByLabel('Autofinancement (€)').fill('100 000,00');
    await saveSection(page);
    const budget = await sectionRow(app, id, 'budget');
    expect(budget.content).toMatchObject({
      stateGrantCents: 40_000_000,
      selfFundingCents: 10_000_000,
      expenses: [
        { category: 'animation_team', year: 2027, amountCents: 30_000_000 },
        { category: 'training', year: 2027, amountCents: 20_000_000 },
      ],
    });

    // The overview: admissible, quality signals all green.
    expect(await page.getByRole('heading', { name: 'La candidature est recevable' }).count()).toBe(1);
    expect(await page.locator('[data-rule]').count()).toBe(0);
    const signals = (await page.locator('[data-signal]').allTextContents()).map((t) => t.replace(/[\s\u202f\u00a0]+/g, ' ').trim());
    expect(signals).toContain('Satisfait : Le consortium couvre le logement, la santé et la mobilité.');
    expect(signals).toContain('Satisfait : Public estimé : 2 500 personnes accompagnées.');
    expect(await page.locator('[data-signal="warning"]').count()).toBe(0);
    await expectNoAxeViolations(page, 'complete overview');
    await screenshot(page, 'candidature-recevable');

    // The budget once saved, with its totals.
    await page.getByRole('link', { name: 'Compléter « Budget »' }).click();
    await page.waitForURL(/\/sections\/budget$/);
    expect(await page.locator('#budget').textContent()).toMatch(/Total des dépenses : 500\s000,00\s€ — total des ressources : 500\s000,00\s€/);
    expect(await page.getByLabel('Subvention de l’État demandée (€)').inputValue()).toBe('400 000,00');
    await screenshot(page, 'candidature-budget');
    await page.getByRole('link', { name: `n° ${id}`, exact: true }).click();
    await page.waitForURL(new RegExp(`/candidatures/${id}$`));

    // Submission: confirmation page, then the success notice and the digest.
    await page.getByRole('link', { name: 'Déposer la candidature…' }).click();
    await page.waitForURL(/\/deposer$/);
    await expectNoAxeViolations(page, 'submission confirmation');
    await page.getByRole('button', { name: 'Confirmer le dépôt' }).click();
    await page.waitForURL(/\?ok=deposee$/);
    expect(await page.locator('.fr-alert--success').first().textContent()).toContain('Votre candidature a été déposée.');
    const hashText = (await page.locator('.spie-hash').textContent()) ?? '';
    const digest = /Empreinte SHA-256 : ([0-9a-f]{64})/.exec(hashText)?.[1];
    expect(digest, hashText).toBeDefined();
    const stored = await app.deps.db.selectFrom('application').select(['status', 'submitted_digest']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'submitted', submitted_digest: digest });
    expect(await page.getByRole('link', { name: /^Compléter/ }).count()).toBe(0); // locked: sections are read-only
    await expectNoAxeViolations(page, 'submitted overview');
    await screenshot(page, 'candidature-deposee');

    // The receipt, downloaded by clicking its link.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger l’accusé de réception (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`accuse-de-reception-candidature-${id}.pdf`);
    const pdfPath = path.join(SCREENSHOT_DIR, 'recepisse.pdf');
    await download.saveAs(pdfPath);
    const pdf = readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (existsSync(PDFTOTEXT)) {
      const text = execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
      expect(text).toContain(OPEN_CALL);
      expect(text).toContain('Maine-et-Loire (49)');
      expect(text.replace(/\s+/g, '')).toContain(digest);
    } else if (process.env.CI === 'true') {
      throw new Error(`CI=true mais ${PDFTOTEXT} est absent (poppler-utils).`);
    } else {
      console.log(`${PDFTOTEXT} absent : contenu de l’accusé de réception non vérifié.`);
    }
    if (existsSync(PDFTOPPM)) {
      execFileSync(PDFTOPPM, ['-png', '-r', '70', '-f', '1', '-l', '1', pdfPath, path.join(SCREENSHOT_DIR, 'recepisse')]);
    }
    await context.close();
  });

  it('Antoine sees the failing rules next to their fields; a typing error keeps the input and saves nothing', async () => {
    const { context, page } = await newPage();
    await signInWithDemo(page, app.baseUrl, 'Antoine Morel');
    const id = await createDraft(page, '72');

    // An information-systems expense (AMI-13) and 150 000 € of expenses against 130 000 € of resources (AMI-14).
    await openSection(page, 'Budget');
    await fillExpense(page, 1, { category: 'Systèmes d’information', label: 'Logiciel de suivi des parcours', year: '2027', amount: '50 000,00' });
    await fillExpense(page, 2, { category: 'Rémunération de l’équipe d’animation', label: 'Coordinatrice', year: '2027', amount: '100 000,00' });
    await page.getByLabel('Subvention de l’État demandée (€)').fill('100 000,00');
    await page.getByLabel('Autofinancement (€)').fill('30 000,00');
    await saveSection(page);

    const rules = await page.locator('#recevabilite [data-rule]').evaluateAll((items) => items.map((li) => li.getAttribute('data-rule')));
    expect(rules).toEqual(['AMI-13', 'AMI-14']);
    expect(await page.locator('#recevabilite [data-rule="AMI-14"]').textContent()).toContain('Le budget n’est pas équilibré');
    expect(await page.getByRole('heading', { name: 'La candidature est recevable' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'overview with failures');
    await screenshot(page, 'candidature-non-recevable');

    // The AMI-13 entry leads to the budget, with the message under the category of line 1.
    await page.locator('#recevabilite [data-rule="AMI-13"] a').click();
    await page.waitForURL(/\/sections\/budget#budget-expenses-0-category$/);
    expect(await page.locator('#budget-expenses-0-category-erreur').textContent()).toContain('AMI-13');
    expect(await page.locator('#budget-expenses-0-category').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'budget with a failing rule');

    // « 12 5OO,00 » with the letter O: refused under the field, kept in the field, nothing saved.
    const before = await sectionRow(app, id, 'budget');
    const amount = group(page, 'Dépense 2').getByLabel('Montant (€)', { exact: true });
    await amount.fill('12 5OO,00');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – Budget/);
    expect(await page.locator('#budget-expenses-1-amountCents-erreur').textContent()).toBe('Saisissez un montant en chiffres, par exemple « 12 500,50 ».');
    expect(await amount.inputValue()).toBe('12 5OO,00');
    expect(await page.locator('.fr-alert--error').first().textContent()).toContain('rien n’a été enregistré');
    expect(await page.locator('#budget-expenses-0-category-erreur').textContent()).toContain('AMI-13'); // the rule is still shown
    const after = await sectionRow(app, id, 'budget');
    expect(after.version).toBe(before.version);
    expect(after.content).toEqual(before.content);
    await expectNoAxeViolations(page, 'budget with a typing error');
    await screenshot(page, 'candidature-budget-erreurs');

    // The submission page lists the failures and offers no way to confirm.
    await page.getByRole('link', { name: 'Revenir au dossier sans enregistrer' }).click();
    await page.waitForURL(new RegExp(`/candidatures/${id}$`));
    await page.getByRole('link', { name: 'Déposer la candidature…' }).click();
    await page.waitForURL(/\/deposer$/);
    const listed = await page.locator('.fr-alert--error li').allTextContents();
    expect(listed.map((l) => l.split(' — ')[0])).toEqual(['AMI-13', 'AMI-14']);
    expect(await page.getByRole('button', { name: 'Confirmer le dépôt' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'submission refused');
    await screenshot(page, 'candidature-depot-refuse');
    await context.close();
  });

  it('two co-editors save the same section: the stale save is refused and shows what changed, the input is kept', async () => {
    const isabelle = await newPage();
    const karim = await newPage();
    await signInWithDemo(isabelle.page, app.baseUrl, 'Isabelle Roux');
    await signInWithDemo(karim.page, app.baseUrl, 'Karim Haddad');
    const id = await createDraft(isabelle.page, '49');

    // Karim (France Travail, consortium member) may not open the CD 49 draft until he is invited.
    const denied = await karim.page.goto(`${app.baseUrl}/candidatures/${id}`);
    expect(denied?.status()).toBe(404);
    await isabelle.page.getByLabel('Inviter par adresse électronique').fill('karim.haddad@francetravail49.demo.test');
    await isabelle.page.getByRole('button', { name: 'Inviter', exact: true }).click();
    await isabelle.page.waitForURL(/\?ok=invite#co-redacteurs$/);
    expect(await isabelle.page.locator('#co-redacteurs li').allTextContents()).toEqual([expect.stringContaining('karim.haddad@francetravail49.demo.test')]);

    // Karim finds it in his list; both open « Public cible » at version 1.
    await karim.page.goto(`${app.baseUrl}/tableau-de-bord`);
    await karim.page.locator('#navigation').getByRole('link', { name: 'Candidatures', exact: true }).click();
    await karim.page.getByRole('link', { name: `n° ${id}`, exact: true }).click();
    await karim.page.waitForURL(new RegExp(`/candidatures/${id}$`));
    await openSection(karim.page, 'Public cible');
    await openSection(isabelle.page, 'Public cible');

    await karim.page.getByLabel('Public cible').fill('Demandeurs d’emploi de longue durée');
    await karim.page.getByLabel('Nombre estimé de personnes accompagnées').fill('1 200');
    await saveSection(karim.page);

    const typed = { target: 'Allocataires du RSA du département', count: '2 500', coConstruction: 'Comité de personnes accompagnées' };
    await isabelle.page.getByLabel('Public cible').fill(typed.target);
    await isabelle.page.getByLabel('Nombre estimé de personnes accompagnées').fill(typed.count);
    await isabelle.page.getByLabel('Participation des personnes à la construction de la stratégie').fill(typed.coConstruction);
    await isabelle.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect.poll(() => isabelle.page.title()).toMatch(/^Erreur – Public cible/);
    const box = isabelle.page.locator('.fr-alert--error[role="alert"]');
    expect(await box.locator('h2').textContent()).toMatch(/^Karim Haddad a modifié cette section le .+, pendant que vous la complétiez$/);
    expect((await box.locator('li').allTextContents()).sort()).toEqual([
      'Nombre de personnes accompagnées : « (vide) » → « 1200 »',
      'Public cible : « (vide) » → « Demandeurs d’emploi de longue durée »',
    ]);
    expect(await isabelle.page.getByLabel('Public cible').inputValue()).toBe(typed.target);
    expect(await isabelle.page.getByLabel('Nombre estimé de personnes accompagnées').inputValue()).toBe(typed.count);
    expect(await isabelle.page.getByLabel('Participation des personnes à la construction de la stratégie').inputValue()).toBe(typed.coConstruction);
    const current = await sectionRow(app, id, 'public');
    expect(current).toEqual({ version: 2, content: { targetPublic: 'Demandeurs d’emploi de longue durée', peopleCount: 1200, coConstruction: '' } });
    await expectNoAxeViolations(isabelle.page, 'stale save');
    await screenshot(isabelle.page, 'candidature-conflit');

    // Having read his changes, she saves again: applied on top of the current version.
    await saveSection(isabelle.page);
    expect(await sectionRow(app, id, 'public')).toEqual({ version: 3, content: { targetPublic: typed.target, peopleCount: 2500, coConstruction: typed.coConstruction } });
  });
});
