/**
 * Exchanges and scoring in Chromium (issue 4 §1–3), by real clicks and keys:
 * 1. Isabelle Roux (CD 49) creates a draft and shares it with the prefecture; Sophie Garnier (prefect 49)
 *    finds it in her list, reads it (no edit, no deposit), comments on « Budget » with a PNG; an executable
 *    renamed .pdf is refused next to the file field, the text kept; Isabelle sees the unread message and
 *    answers; Sophie sees « Lu par Isabelle Roux ».
 * 2. Marc Dubois (prefect 72) fills the grid of Antoine Morel's submitted application: one criterion
 *    missing is refused, the choices kept; completed (one mark chosen with the keyboard), the application
 *    shows the mean; Nadia Benali sees the call's grid frozen and the score in the decision table.
 * The HTTP-level rules (who is denied, mails, stored rows) are test/web/exchanges-and-scoring.test.ts's.
 * On every page: title « … — SPIE », no axe violation (errors shown included), no console error.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { DEMO_EMAILS, balancedBudget, submittedApplication } from '../support/applications.js';
import { axeViolations, browserAvailable, launchBrowser, screenshot, asDemoUser } from '../support/browser.js';
import { TINY_PNG, windowsExecutable } from '../support/files.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const OPEN_CALL = 'AMI SPIE – appel de démonstration';

/** Any run of spaces (ordinary, no-break, narrow no-break) as one ordinary space. */
const spaces = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe.skipIf(!browserAvailable)('exchanges on an application and the scoring grid, in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let callId: number;

  const as = <T>(name: string, run: (page: Page) => Promise<T>): Promise<T> => asDemoUser(browser, app.baseUrl, name, run);

  async function accessible(page: Page, what: string): Promise<void> {
    expect(await page.title(), what).toMatch(/ — SPIE$/);
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
  }

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('title', '=', OPEN_CALL).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('a draft shared with the prefecture: commented part by part with a file, a bad file refused, answered, read', { timeout: 60_000 }, async () => {
    const comment = 'Le budget 2027 manque.\nDétaillez les postes de l’équipe d’animation.';

    // Isabelle prepares a draft through the UI and shares it.
    const id = await as('Isabelle Roux', async (p) => {
      await p.locator('#navigation').getByRole('link', { name: 'Candidatures', exact: true }).click();
      await p.getByRole('link', { name: 'Préparer une candidature' }).click();
      await p.waitForURL(/\/candidatures\/nouvelle/);
      const callOption = await p.locator('#cand-appel option', { hasText: OPEN_CALL }).getAttribute('value');
      await p.getByLabel('Appel', { exact: true }).selectOption(callOption!);
      await p.getByLabel('Département', { exact: true }).selectOption('49');
      await p.getByLabel('Tout le département').check();
      await p.getByRole('button', { name: 'Créer le brouillon' }).click();
      await p.waitForURL(/\/candidatures\/\d+\?ok=cree$/);
      const draftId = Number(/\/candidatures\/(\d+)/.exec(p.url())![1]);
      expect(spaces(await p.locator('#aide-prefecture').textContent())).toContain('Vous pouvez partager ce brouillon avec la préfecture du département');
      await accessible(p, 'draft overview before sharing');
      await p.getByRole('button', { name: 'Partager le brouillon avec la préfecture' }).click();
      await p.waitForURL(/\?ok=partage#echanges$/);
      expect(await p.locator('.fr-alert--success').textContent()).toContain('Le brouillon est partagé avec la préfecture ; ses agents en ont été avertis par courriel.');
      expect(await p.locator('#aide-prefecture').textContent()).toContain('Le brouillon est partagé avec la préfecture du département depuis le ');
      expect(await p.getByRole('button', { name: 'Ne plus partager avec la préfecture' }).count()).toBe(1);
      await accessible(p, 'draft overview, shared');
      return draftId;
    });

    // Sophie finds it in her list, reads it, comments on the budget with a PNG; an executable is refused.
    await as('Sophie Garnier', async (p) => {
      await p.locator('#navigation').getByRole('link', { name: 'Candidatures', exact: true }).click();
      await p.waitForURL(/\/candidatures$/);
      await accessible(p, 'applications list as prefect');
      await p.getByRole('link', { name: `n° ${id}`, exact: true }).click();
      await p.waitForURL(new RegExp(`/candidatures/${id}$`));
      await accessible(p, 'shared draft as prefect');
      expect(await p.locator('#aide-prefecture').textContent()).toContain('Le brouillon est partagé avec la préfecture du département depuis le ');
      // Read-only: sections can be seen, not completed; no deposit, no sharing switch, no invitation.
      expect(await p.getByRole('link', { name: 'Voir « Budget »' }).count()).toBe(1);
      expect(await p.getByRole('link', { name: /^Compléter/ }).count()).toBe(0);
      expect(await p.getByRole('link', { name: /^Déposer/ }).count()).toBe(0);
      expect(await p.getByRole('button', { name: /partager/i }).count()).toBe(0);
      expect(await p.getByRole('button', { name: 'Inviter', exact: true }).count()).toBe(0);

      await p.getByRole('link', { name: 'Ouvrir les échanges' }).click();
      await p.waitForURL(/\/echanges$/);
      expect(await p.locator('.fr-callout__title').textContent()).toBe('Aucun message pour l’instant');
      await accessible(p, 'empty thread');

      await p.getByLabel('Partie concernée').selectOption({ label: 'Budget' });
      await p.getByLabel('Message', { exact: true }).fill(comment);
      await p.getByLabel('Fichiers joints').setInputFiles({ name: 'releve-budget.png', mimeType: 'image/png', buffer: TINY_PNG });
      await p.getByRole('button', { name: 'Envoyer le message' }).click();
      await p.waitForURL(/\/echanges\?ok=envoye#message-\d+$/);
      expect(await p.locator('.fr-alert--success').textContent()).toContain('Votre message a été envoyé');
      const first = p.locator('ol.spie-thread > li').first();
      expect(await first.locator('h2').textContent()).toContain('Sophie Garnier');
      expect(await first.locator('.fr-card__start .fr-card__detail').textContent()).toMatch(/^le \d{2}\/\d{2}\/\d{4} à \d{2}:\d{2} — à propos de « Budget »$/);
      // The line break is kept, and shown (white-space: pre-wrap).
      expect(await first.locator('.spie-message').textContent()).toBe(comment);
      expect(await first.locator('.spie-message').innerText()).toBe(comment);
      expect(await first.getByRole('link', { name: /^releve-budget\.png \(\d+ ko\)$/ }).getAttribute('href')).toMatch(new RegExp(`^/candidatures/${id}/echanges/fichiers/\\d+$`));
      expect(await first.locator('.fr-card__end > p').textContent()).toBe('Pas encore lu par les autres participants');
      await accessible(p, 'thread with a message');

      // An executable renamed .pdf: refused next to the file field, the text and the part kept.
      await p.getByLabel('Partie concernée').selectOption({ label: 'Budget' });
      await p.getByLabel('Message', { exact: true }).fill('Voici aussi la délibération.');
      await p.getByLabel('Fichiers joints').setInputFiles({ name: 'deliberation.pdf', mimeType: 'application/pdf', buffer: Buffer.from(windowsExecutable()) });
      await p.getByRole('button', { name: 'Envoyer le message' }).click();
      await expect.poll(() => p.title()).toMatch(/^Erreur : Échanges/);
      expect(await p.locator('.fr-alert--error[role="alert"]').textContent()).toContain('Le message n’a pas été envoyé');
      const fileError = p.locator('#message-fichiers-erreur');
      expect(await fileError.textContent()).toMatch(/^deliberation\.pdf : ./);
      expect(await p.locator('#message-fichiers').getAttribute('aria-describedby')).toBe('message-fichiers-erreur');
      expect(await p.locator('.fr-upload-group').getAttribute('class')).toContain('fr-upload-group--error');
      expect(await p.getByLabel('Message', { exact: true }).inputValue()).toBe('Voici aussi la délibération.');
      expect(await p.getByLabel('Partie concernée').inputValue()).toBe('budget');
      expect(await p.locator('ol.spie-thread > li').count()).toBe(1);
      // The alert's link leads to the field in error, not to the message.
      await p.getByRole('link', { name: 'Corrigez le formulaire ci-dessous' }).click();
      expect(new URL(p.url()).hash).toBe('#message-fichiers');
      await accessible(p, 'thread with a refused file');
      await screenshot(p, 'echanges-erreur-fichier');
    });

    // Isabelle sees the unread message, reads it and answers.
    await as('Isabelle Roux', async (p) => {
      await p.goto(`${app.baseUrl}/candidatures/${id}`);
      expect(await p.locator('#echanges').textContent()).toContain('1 message, dont 1 non lu.');
      await p.getByRole('link', { name: 'Lire les nouveaux messages et répondre' }).click();
      await p.waitForURL(/\/echanges$/);
      await accessible(p, 'thread as applicant');
      expect(await p.locator('ol.spie-thread > li .spie-message').allTextContents()).toEqual([comment]);
      await p.getByLabel('Message', { exact: true }).fill('Merci, nous ajoutons les lignes 2027 cette semaine.');
      await p.getByRole('button', { name: 'Envoyer le message' }).click();
      await p.waitForURL(/\/echanges\?ok=envoye#message-\d+$/);
      expect(await p.locator('ol.spie-thread > li').count()).toBe(2);
      expect(await p.locator('ol.spie-thread > li').nth(1).locator('.fr-card__start .fr-card__detail').textContent()).not.toContain('à propos de');
      await p.getByRole('link', { name: `n° ${id}`, exact: true }).click();
      await p.waitForURL(new RegExp(`/candidatures/${id}$`));
      expect(await p.locator('#echanges').textContent()).toContain('2 messages, tous lus.');
    });

    // Sophie sees that Isabelle has read her message.
    await as('Sophie Garnier', async (p) => {
      await p.goto(`${app.baseUrl}/candidatures/${id}`);
      expect(await p.locator('#echanges').textContent()).toContain('2 messages, dont 1 non lu.');
      await p.getByRole('link', { name: 'Lire les nouveaux messages et répondre' }).click();
      await p.waitForURL(/\/echanges$/);
      const messages = p.locator('ol.spie-thread > li');
      expect(await messages.nth(0).locator('.fr-card__end > p').textContent()).toBe('Lu par Isabelle Roux');
      // Her own read mark on Isabelle's answer, as soon as she opens the thread.
      expect(await messages.nth(1).locator('.fr-card__end > p').textContent()).toBe('Lu par vous');
      expect(await messages.nth(1).locator('h2').textContent()).toContain('Isabelle Roux');
      await accessible(p, 'thread read by the applicant');
      await screenshot(p, 'echanges-fil');
    });
  });

  it('a reviewer fills the grid (a missing mark refused, choices kept; a mark chosen with the keyboard); the national team sees the mean', async () => {
    const antoine = (await loadActor(app.deps.db, await userIdByEmail(app, DEMO_EMAILS.antoine)))!;
    const id = await submittedApplication(app.deps.db, { actor: antoine, callId, departementCode: '72', budget: balancedBudget(35_000_000) });
    // Criteria of the default grid, in order: connaissance_public, principes_spie, consortium, objectifs, budget.
    const radio = (criterion: number, mark: number) => `#note-${criterion}-${mark}`;
    const pick = (p: Page, criterion: number, mark: number) => p.locator(`label[for="note-${criterion}-${mark}"]`).click();

    await as('Marc Dubois', async (p) => {
      await p.goto(`${app.baseUrl}/candidatures/${id}`);
      expect(await p.locator('#grille').textContent()).toContain('Aucune grille remplie.');
      await p.locator('#grille').getByRole('link', { name: 'Remplir ou modifier ma grille' }).click();
      await p.waitForURL(/\/grille$/);
      await accessible(p, 'empty reviewer grid');

      // Four marks of five, and a comment: refused, the four kept.
      await pick(p, 0, 4);
      await pick(p, 1, 3);
      await pick(p, 2, 5);
      await pick(p, 3, 2);
      await p.getByLabel('Commentaire').fill('Bon diagnostic, budget à préciser.');
      await p.getByRole('button', { name: 'Enregistrer ma grille' }).click();
      await expect.poll(() => p.title()).toMatch(/^Erreur : Grille d’évaluation/);
      expect(await p.locator('.fr-alert--error[role="alert"] li').allTextContents()).toEqual(['Qualité du budget : Choisissez une note de 0 à 5 pour « Qualité du budget ».']);
      expect(await p.locator('.fr-alert--error[role="alert"] li a').getAttribute('href')).toBe('#note-4-0');
      expect(await p.locator('#note-4 .fr-message--error').textContent()).toBe('Choisissez une note de 0 à 5 pour « Qualité du budget ».');
      expect(await p.locator('#note-4').getAttribute('class')).toContain('fr-fieldset--error');
      for (const [criterion, mark] of [[0, 4], [1, 3], [2, 5], [3, 2]] as const) expect(await p.locator(radio(criterion, mark)).isChecked()).toBe(true);
      expect(await p.locator('#note-4 input:checked').count()).toBe(0);
      expect(await p.getByLabel('Commentaire').inputValue()).toBe('Bon diagnostic, budget à préciser.');
      await accessible(p, 'reviewer grid with an error');
      await screenshot(p, 'grille-evaluateur-erreur');

      // With the keyboard: focus « 0 — absent » of the budget, Space checks it, → moves to « 1 ».
      await p.locator(radio(4, 0)).focus();
      await p.keyboard.press('Space');
      expect(await p.locator(radio(4, 0)).isChecked()).toBe(true);
      await p.keyboard.press('ArrowRight');
      expect(await p.locator(radio(4, 1)).isChecked()).toBe(true);
      expect(await p.evaluate(() => document.activeElement?.id)).toBe('note-4-1');
      await p.getByRole('button', { name: 'Enregistrer ma grille' }).click();
      await p.waitForURL(/\?ok=grille#instruction$/);
      expect(await p.locator('.fr-alert--success').textContent()).toContain('Votre grille d’évaluation a été enregistrée.');
      // 25 × 4 + 25 × 3 + 20 × 5 + 15 × 2 + 15 × 1 = 320, out of 500: 64,0 / 100.
      expect(spaces(await p.locator('#grille').textContent())).toContain('Note moyenne : 64,0 / 100, sur 1 grille.');
      await accessible(p, 'application after the grid');
    });

    await as('Nadia Benali', async (p) => {
      await p.goto(`${app.baseUrl}/appels/${callId}`);
      await accessible(p, 'call page as national team');
      await p.getByRole('link', { name: 'Grille d’évaluation' }).click();
      await p.waitForURL(/\/appels\/\d+\/grille$/);
      expect(await p.locator('.fr-alert--info').textContent()).toContain('Des candidatures ont déjà été notées avec cette grille : elle ne peut plus changer');
      expect(await p.locator('form[action$="/grille"]').count()).toBe(0);
      expect(await p.locator('table tbody tr').count()).toBe(5);
      await accessible(p, 'call grid, frozen');
      await screenshot(p, 'grille-appel-figee');

      await p.goto(`${app.baseUrl}/appels/${callId}/decision?tri=note`);
      await accessible(p, 'decision table sorted by score');
      expect(spaces(await p.locator('#comparatif caption').textContent())).toBe('Tableau comparatif des candidatures, trié par note moyenne (décroissante)');
      expect(await p.locator('#comparatif thead th').allTextContents()).toContain('Note moyenne');
      const row = p.locator(`#comparatif tr[data-application="${id}"]`);
      expect(spaces(await row.textContent())).toContain('64,0 / 100 (1 grille)');
      await screenshot(p, 'decision-tableau-notes');
    });
  });
});
