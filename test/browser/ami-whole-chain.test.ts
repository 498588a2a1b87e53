/**
 * The whole chain of issue 4 in Chromium, mails really sent over SMTP (a local server captures them,
 * the job runner delivers what the app queues):
 * Isabelle Roux (CD 49) submits → Sophie Garnier (prefect 49) gives her opinion → Claire Fontaine
 * (commissaire 52) invites Hugo Marchand → Hugo contributes confidentially (AMI-21) → Claire gives the
 * collegial opinion → Nadia Benali selects the application in the national decision table → the grant
 * agreement: PDF, signature, two payments, the remaining amount, a third payment above it refused (AMI-23).
 * Then the applicant never meets the confidential contribution: not on any page of her application,
 * not in the decision letter, the receipt or the agreement PDF, not in the API, not in the CSV/XLSX
 * export, not in any mail addressed to her (and the decision mail did reach her).
 * axe finds no violation on any page visited; screenshots go to screenshots/ for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.js';
import { createApplication, loadSections } from '../../src/domains/ami/adapters/applications.js';
import { saveSection } from '../../src/domains/ami/adapters/sections.js';
import { API_TOKEN_PATTERN } from '../../src/domains/identity/entities/api-token.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { DEMO_EMAILS, balancedBudget } from '../support/applications.js';
import { SCREENSHOT_DIR, axeViolations, browserAvailable, launchBrowser, screenshot, asDemoUser } from '../support/browser.js';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from '../support/smtp-capture.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const SECRET = 'MARQUEUR-CONFIDENTIEL-chaine-complete-7e3a';
const PDFTOTEXT = '/usr/bin/pdftotext';

// 412 345,67 € requested from the State, on 600 000,00 € of expenses (31 % self-funding): the agreement's amount.
const STATE_GRANT_CENTS = 41_234_567;
const TOTAL_CENTS = 60_000_000;
/** French amounts as Intl fr-FR writes them: U+202F between thousands, U+00A0 before the euro sign. */
const AGREEMENT_TEXT = '412\u202f345,67\u00a0€';
const REMAINING_TEXT = '188\u202f888,89\u00a0€'; // 412 345,67 − 123 456,78 − 100 000,00

/** Any run of spaces (ordinary, no-break, narrow no-break) as one ordinary space. */
const spaces = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe.skipIf(!browserAvailable)('the whole AMI chain, from the deposit to the payments, mails through SMTP, in Chromium', () => {
  let smtp: SmtpCapture;
  let app: TestApp;
  let browser: Browser;
  let callId: number;
  let id: number;
  const visited: string[] = [];

  const as = <T>(name: string, run: (page: Page) => Promise<T>): Promise<T> => asDemoUser(browser, app.baseUrl, name, run);

  async function accessible(page: Page, what: string): Promise<void> {
    visited.push(what);
    expect(await page.title(), what).toMatch(/ — SPIE$/);
    expect(await axeViolations(page), `axe on ${what}`).toEqual([]);
  }

  /** Clicks a download link; returns the file's bytes and suggested name. */
  async function download(page: Page, click: () => Promise<void>, saveAs: string): Promise<{ name: string; bytes: Buffer; file: string }> {
    const [file] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
    const target = path.join(SCREENSHOT_DIR, saveAs);
    await file.saveAs(target);
    return { name: file.suggestedFilename(), bytes: readFileSync(target), file: target };
  }

  function savePdf(bytes: Buffer, name: string): string {
    const file = path.join(SCREENSHOT_DIR, name);
    writeFileSync(file, bytes);
    return file;
  }

  function pdfText(file: string): string {
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (!existsSync(PDFTOTEXT)) throw new Error(`${PDFTOTEXT} est absent (paquet poppler-utils) : le contenu des PDF ne peut pas être vérifié.`);
    return execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  }

  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));
  const mailText = (m: CapturedMail) => `${m.raw}\n${m.subject}\n${m.text}`;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    app = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'SPIE <ne-pas-repondre@spie.test>' }, jobs: true });
    browser = await launchBrowser();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('title', '=', 'AMI SPIE – appel de démonstration').executeTakeFirstOrThrow()).id;
    // Isabelle's draft, complete and admissible (building it through the UI is application-flow.test.ts's job);
    // she deposits it herself, in the browser, below.
    const isabelle = (await loadActor(app.deps.db, await userIdByEmail(app, DEMO_EMAILS.isabelle)))!;
    const now = new Date();
    const created = await createApplication(app.deps.db, { callId, leadOrganisationId: isabelle.organisationId!, territory: { kind: 'departement', departementCode: '49' }, actor: isabelle, now });
    if (!created.ok) throw new Error(created.message);
    id = created.id;
    const version = (await loadSections(app.deps.db, id)).budget.version;
    const saved = await saveSection(app.deps.db, { applicationId: id, section: 'budget', content: balancedBudget(STATE_GRANT_CENTS, TOTAL_CENTS, 2027), baseVersion: version, actor: isabelle, now });
    if (!saved.ok) throw new Error(`budget not saved: ${saved.reason}`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await smtp?.close();
  });

  it('goes from the deposit to the payments; the applicant never sees the confidential contribution', { timeout: 90_000 }, async () => {
    const page = `${app.baseUrl}/candidatures/${id}`;

    // 1. Isabelle deposits her application; the confirmation mail reaches her through SMTP.
    await as('Isabelle Roux', async (p) => {
      await p.goto(page);
      await accessible(p, 'draft overview as applicant');
      await p.getByRole('link', { name: 'Déposer la candidature…' }).click();
      await p.waitForURL(/\/deposer$/);
      await accessible(p, 'submission confirmation');
      await p.getByRole('button', { name: 'Confirmer le dépôt' }).click();
      await p.waitForURL(/\?ok=deposee$/);
      expect(await p.locator('.fr-alert--success').first().textContent()).toContain('Votre candidature a été déposée.');
    });
    const receiptMail = await smtp.waitFor((m) => m.to.includes(DEMO_EMAILS.isabelle) && m.subject.startsWith('Candidature déposée : '));
    expect(receiptMail.from).toBe('ne-pas-repondre@spie.test');
    expect(receiptMail.text).toContain('du territoire Maine-et-Loire (49), portée par Conseil départemental de Maine-et-Loire, a été déposée');

    // 2. Sophie Garnier, prefect of Maine-et-Loire, gives her opinion.
    await as('Sophie Garnier', async (p) => {
      await p.goto(page);
      await accessible(p, 'overview as prefect');
      const form = p.locator('#form-avis-prefet');
      await form.locator('label[for="avis-prefet-sens-favourable"]').click();
      await form.locator('#avis-prefet-motifs').fill('Un consortium large, un diagnostic partagé avec les partenaires du territoire.');
      await form.getByRole('button', { name: 'Enregistrer l’avis' }).click();
      await p.waitForURL(/\?ok=avis#instruction$/);
      expect(await p.locator('.fr-alert--success').textContent()).toContain('Votre avis a été enregistré.');
      expect(await p.locator('#instruction').textContent()).toContain('Avis du préfet de département : Favorable');
      await accessible(p, 'overview as prefect after the opinion');
    });

    // 3. Claire Fontaine, commissaire of Pays de la Loire, invites Hugo Marchand; he is mailed through SMTP.
    await as('Claire Fontaine', async (p) => {
      await p.goto(page);
      await accessible(p, 'overview as commissaire');
      await p.locator('#expert-email').fill(DEMO_EMAILS.hugo);
      await p.locator('#expert-echeance').fill('2099-03-31');
      await p.getByRole('button', { name: 'Inviter l’expert' }).click();
      await p.waitForURL(/\?ok=expert#instruction$/);
      expect(await p.locator('#instruction').textContent()).toContain('Hugo Marchand (hugo.marchand@dreets52.demo.test) — contribution attendue le 31/03/2099');
      await accessible(p, 'overview as commissaire after the invitation');
    });
    const invitation = await smtp.waitFor((m) => m.to.includes(DEMO_EMAILS.hugo));
    expect(invitation.subject).toBe(`Contribution attendue sur la candidature SPIE n° ${id}`);
    expect(invitation.text).toContain('avant le 31/03/2099');

    // 4. Hugo contributes, confidentially.
    await as('Hugo Marchand', async (p) => {
      await p.goto(page);
      await accessible(p, 'overview as expert');
      await p.locator('#contribution-texte').fill(`Pilotage encore flou, opérateur fragile. ${SECRET}`);
      await p.locator('label[for="contribution-confidentielle"]').click();
      expect(await p.locator('#contribution-confidentielle').isChecked()).toBe(true);
      await p.getByRole('button', { name: 'Enregistrer la contribution' }).click();
      await p.waitForURL(/\?ok=contribution#instruction$/);
      expect(await p.locator('#instruction').textContent()).toContain('Confidentiel — jamais visible du porteur');
      await accessible(p, 'overview as expert after the contribution');
    });
    const stored = await app.deps.db.selectFrom('application_opinion').select(['reasons', 'confidential']).where('application_id', '=', id).where('kind', '=', 'expert').executeTakeFirstOrThrow();
    expect(stored).toEqual({ reasons: expect.stringContaining(SECRET), confidential: true });

    // 5. Claire reads it (reviewers do), and gives the collegial opinion: the review is closed.
    await as('Claire Fontaine', async (p) => {
      await p.goto(page);
      expect(await p.locator('#instruction').textContent()).toContain(SECRET);
      const form = p.locator('#form-avis-collegial');
      await form.locator('label[for="avis-collegial-sens-favourable"]').click();
      await form.locator('#avis-collegial-motifs').fill('Avis collégial favorable après consultation de la DREETS.');
      await form.getByRole('button', { name: 'Enregistrer l’avis collégial' }).click();
      await p.waitForURL(/\?ok=avis-collegial#instruction$/);
      expect(await p.locator('h1 + p .fr-badge').textContent()).toBe('Avis rendus');
      await accessible(p, 'overview as commissaire after the collegial opinion');
    });

    // 6. Nadia Benali selects it in the national decision table; 7. establishes, signs and pays the agreement.
    await as('Nadia Benali', async (p) => {
      await p.goto(`${app.baseUrl}/appels/${callId}`);
      await p.getByRole('link', { name: 'Tableau comparatif et décision' }).click();
      await p.waitForURL(/\/decision$/);
      await accessible(p, 'decision table');
      const row = p.locator(`#comparatif tr[data-application="${id}"]`);
      expect(spaces((await row.textContent()) ?? '')).toContain('Maine-et-Loire (49)');
      expect(spaces((await row.textContent()) ?? '')).toContain('Préfet de département : Favorable ; Avis collégial : Favorable');
      const form = p.locator(`#decider-${id}`);
      await form.locator(`label[for="decision-${id}-choix-selected"]`).click();
      await form.locator(`#decision-${id}-motifs`).fill('Projet ambitieux et réaliste, consortium solide.');
      await form.getByRole('button', { name: `Enregistrer la décision sur la candidature n° ${id}` }).click();
      await p.waitForURL(/\?ok=decision#comparatif$/);
      expect(await p.locator('.fr-alert--success').textContent()).toContain('La décision a été enregistrée.');
      expect(await row.locator('.fr-badge').textContent()).toBe('Lauréate');
      await accessible(p, 'decision table after the decision');

      // From the application page to its agreement.
      await row.getByRole('link', { name: 'Maine-et-Loire (49)' }).click();
      await p.waitForURL(new RegExp(`/candidatures/${id}$`));
      await accessible(p, 'selected overview as national team');
      await p.getByRole('link', { name: 'Convention financière et versements' }).click();
      await p.waitForURL(/\/convention$/);
      expect(await p.locator('h1').textContent()).toBe('Convention financière — Maine-et-Loire');
      await accessible(p, 'agreement page before the agreement');
      await p.getByRole('button', { name: 'Établir la convention' }).click();
      await p.waitForURL(/\/convention\?ok=convention$/);
      expect(await p.locator('dl').textContent()).toContain(AGREEMENT_TEXT);
      expect(await p.locator('#reste-a-verser').textContent()).toBe(AGREEMENT_TEXT);
      await accessible(p, 'agreement page, established');

      const agreement = await download(p, () => p.getByRole('link', { name: 'Télécharger la convention (PDF)' }).click(), `convention-${id}.pdf`);
      expect(agreement.name).toBe(`convention-candidature-${id}.pdf`);
      const agreementText = spaces(pdfText(agreement.file));
      expect(agreementText).toContain('Maine-et-Loire');
      expect(agreementText).toContain('412 345,67 €');
      expect(agreementText).not.toContain(SECRET);

      await p.getByLabel('Date de signature').fill('2027-01-10');
      await p.getByRole('button', { name: 'Enregistrer la signature' }).click();
      await p.waitForURL(/\/convention\?ok=signature$/);
      expect(spaces((await p.locator('dl').textContent()) ?? '')).toContain('Signée le 10/01/2027');
      expect(await p.getByRole('button', { name: 'Enregistrer la signature' }).count()).toBe(0);

      const pay = async (paidOn: string, amount: string, reference: string) => {
        await p.getByLabel('Date du versement').fill(paidOn);
        await p.getByLabel('Montant (€)').fill(amount);
        await p.getByLabel('Référence (mandat, engagement…)').fill(reference);
        await p.getByRole('button', { name: 'Enregistrer le versement' }).click();
      };
      await pay('2027-01-15', '123 456,78', 'Mandat 2027-0001');
      await p.waitForURL(/\/convention\?ok=versement$/);
      await pay('2027-06-15', '100 000,00', 'Mandat 2027-0002');
      await p.waitForURL(/\/convention\?ok=versement$/);
      expect(await p.locator('.fr-alert--success').textContent()).toBe('Le versement a été enregistré.');
      const rows = (await p.locator('table tbody tr').allTextContents()).map(spaces);
      expect(rows).toEqual([expect.stringMatching(/^15\/01\/2027 ?123 456,78 € ?Mandat 2027-0001/), expect.stringMatching(/^15\/06\/2027 ?100 000,00 € ?Mandat 2027-0002/)]);
      expect(await p.locator('#reste-a-verser').textContent()).toBe(REMAINING_TEXT);
      await accessible(p, 'agreement page with two payments');
      await screenshot(p, 'convention-deux-versements');

      // A third payment, one cent above what remains: refused next to the amount, the input kept, nothing recorded.
      await pay('2027-09-15', '188 888,90', 'Mandat 2027-0003');
      await expect.poll(() => p.title()).toMatch(/^Erreur – Convention/);
      expect(await p.locator('#versement-montant-erreur').textContent()).toBe(`Ce versement dépasse le montant restant dû au titre de la convention. Reste dû : ${REMAINING_TEXT}.`);
      expect(await p.locator('#versement-montant').getAttribute('aria-invalid')).toBe('true');
      expect(await p.locator('#versement-montant').getAttribute('aria-describedby')).toBe('versement-montant-erreur');
      expect(await p.locator('#versement-montant').inputValue()).toBe('188 888,90');
      // The error is also summed up at the top, with a link to the field.
      expect(await p.getByRole('link', { name: /^Montant : Ce versement dépasse/ }).getAttribute('href')).toBe('#versement-montant');
      expect(await p.locator('#versement-reference').inputValue()).toBe('Mandat 2027-0003');
      expect(await p.locator('#reste-a-verser').textContent()).toBe(REMAINING_TEXT);
      expect(await p.locator('table tbody tr').count()).toBe(2);
      await accessible(p, 'agreement page with the refused payment');
      await screenshot(p, 'convention-versement-refuse');
    });
    const payments = await app.deps.db
      .selectFrom('grant_payment as p')
      .innerJoin('grant_agreement as g', 'g.id', 'p.agreement_id')
      .select(['p.amount_cents', 'p.reference', 'g.amount_cents as agreement_cents'])
      .where('g.application_id', '=', id)
      .orderBy('p.id')
      .execute();
    expect(payments).toEqual([
      { amount_cents: 12_345_678, reference: 'Mandat 2027-0001', agreement_cents: STATE_GRANT_CENTS },
      { amount_cents: 10_000_000, reference: 'Mandat 2027-0002', agreement_cents: STATE_GRANT_CENTS },
    ]);

    // 8. The decision mail reaches Isabelle through SMTP.
    const decisionMail = await smtp.waitFor((m) => m.to.includes(DEMO_EMAILS.isabelle) && m.subject.startsWith('Décision sur la candidature '));
    expect(decisionMail.subject).toMatch(/ : retenue$/);
    expect(decisionMail.text).toContain('(Maine-et-Loire) a été prise : elle est retenue.');

    // 9. Everything the applicant can open about her application is free of the confidential contribution.
    await as('Isabelle Roux', async (p) => {
      await p.goto(page);
      await accessible(p, 'selected overview as applicant');
      expect(await p.locator('.fr-alert--success .fr-alert__title').textContent()).toBe('Candidature retenue');
      expect(await p.locator('#instruction').count()).toBe(0);
      expect(await p.content()).not.toContain(SECRET);

      expect(await p.getByRole('link', { name: /^Voir « / }).count()).toBeGreaterThanOrEqual(5);

      // Every page and file of this application that she can reach by following links from its page
      // (sections, agreement, exchanges, PDFs…), two links deep: the HTML pages checked and run through
      // axe, the PDFs through pdftotext.
      const prefix = `/candidatures/${id}`;
      const linksOf = async () =>
        (await p.locator('a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href)))
          .map((href) => new URL(href))
          .filter((u) => u.origin === new URL(app.baseUrl).origin && (u.pathname === prefix || u.pathname.startsWith(`${prefix}/`)))
          .map((u) => `${u.origin}${u.pathname}${u.search}`);
      const seen = new Set<string>([page]);
      let frontier = await linksOf();
      const crawled: string[] = [];
      for (let depth = 0; depth < 2; depth++) {
        const next: string[] = [];
        for (const url of frontier) {
          if (seen.has(url)) continue;
          seen.add(url);
          crawled.push(new URL(url).pathname);
          const res = await p.request.get(url);
          expect(res.status(), url).toBe(200);
          const type = res.headers()['content-type'] ?? '';
          if (type.startsWith('text/html')) {
            await p.goto(url);
            expect(await p.content(), url).not.toContain(SECRET);
            await accessible(p, `${new URL(url).pathname} as applicant`);
            next.push(...(await linksOf()));
          } else {
            const bytes = await res.body();
            const text = type === 'application/pdf' ? pdfText(savePdf(bytes, `crawl-${crawled.length}.pdf`)) : bytes.toString('utf8');
            expect(text, url).not.toContain(SECRET);
          }
        }
        frontier = next;
      }
      expect(crawled).toEqual(
        expect.arrayContaining([`${prefix}/sections/budget`, `${prefix}/convention`, `${prefix}/convention.pdf`, `${prefix}/lettre-de-decision.pdf`, `${prefix}/accuse-de-reception.pdf`]),
      );

      for (const listing of ['/tableau-de-bord', '/candidatures']) {
        await p.goto(`${app.baseUrl}${listing}`);
        if (listing === '/candidatures') expect(await p.getByRole('link', { name: `n° ${id}`, exact: true }).count()).toBe(1);
        expect(await p.content(), listing).not.toContain(SECRET);
        await accessible(p, `${listing} as applicant`);
      }

      await p.goto(page);
      const receipt = await download(p, () => p.getByRole('link', { name: 'Télécharger l’accusé de réception (PDF)' }).click(), `accuse-${id}.pdf`);
      const receiptText = pdfText(receipt.file);
      expect(receiptText).toContain('Maine-et-Loire (49)');
      expect(receiptText).not.toContain(SECRET);
      const letter = await download(p, () => p.getByRole('link', { name: 'Télécharger la lettre de décision (PDF)' }).click(), `lettre-de-decision-${id}.pdf`);
      expect(letter.name).toBe(`lettre-de-decision-candidature-${id}.pdf`);
      const letterText = spaces(pdfText(letter.file));
      expect(letterText).toContain('Maine-et-Loire');
      expect(letterText).not.toContain(SECRET);
      expect(letterText).not.toContain('Pilotage encore flou');

      await p.getByRole('link', { name: 'Convention financière et versements' }).click();
      await p.waitForURL(/\/convention$/);
      await accessible(p, 'agreement page as applicant');
      expect(await p.locator('#reste-a-verser').textContent()).toBe(REMAINING_TEXT);
      expect(await p.getByRole('button', { name: 'Enregistrer le versement' }).count()).toBe(0);
      expect(await p.content()).not.toContain(SECRET);
      const agreement = await download(p, () => p.getByRole('link', { name: 'Télécharger la convention (PDF)' }).click(), `convention-porteur-${id}.pdf`);
      expect(pdfText(agreement.file)).not.toContain(SECRET);

      // The export of the call, as she downloads it from the call's page.
      await p.goto(`${app.baseUrl}/appels/${callId}`);
      await accessible(p, 'call page as applicant');
      const csv = await download(p, () => p.getByRole('link', { name: 'CSV', exact: true }).click(), `export-${id}.csv`);
      expect(csv.name).toMatch(new RegExp(`^candidatures-appel-${callId}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      const csvText = csv.bytes.toString('utf8');
      expect(csvText).toContain('Maine-et-Loire');
      expect(csvText).toContain('Projet ambitieux et réaliste, consortium solide.');
      expect(csvText).not.toContain(SECRET);
      expect(csvText).not.toContain('Pilotage encore flou');
      // The reviewers' opinions are not the applicant's to read, in her export as on her pages.
      expect(csvText).not.toContain('Favorable');
      const xlsx = await download(p, () => p.getByRole('link', { name: 'tableur (XLSX)' }).click(), `export-${id}.xlsx`);
      expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
      expect(cells).toContain('Maine-et-Loire');
      expect(cells).toContain(String(id));
      expect(cells.join('\n')).not.toContain(SECRET);
      expect(cells.join('\n')).not.toContain('Pilotage encore flou');
      expect(cells).not.toContain('Favorable');
    });

    // The API, with a token of hers (exactly her rights).
    const created = await runCli(app.deps.db, ['token:create', DEMO_EMAILS.isabelle, 'chaîne complète']);
    const token = created.lines.find((l) => API_TOKEN_PATTERN.test(l))!;
    for (const apiPath of [`/api/v1/applications/${id}`, '/api/v1/applications', `/api/v1/applications/${id}/admissibility`, `/api/v1/calls/${callId}/export?format=csv`]) {
      const res = await fetch(`${app.baseUrl}${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      expect(res.status, `${apiPath} → ${text.slice(0, 200)}`).toBe(200);
      expect(text, apiPath).not.toContain(SECRET);
      expect(text, apiPath).not.toContain('Pilotage encore flou');
    }
    const json = (await (await fetch(`${app.baseUrl}/api/v1/applications/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { id: number; status: string };
    expect(json).toMatchObject({ id, status: 'selected' });

    // Her mails, as the SMTP server received them: the deposit and the decision, nothing confidential.
    const hers = mailsTo(DEMO_EMAILS.isabelle);
    expect(hers.map((m) => m.subject)).toEqual(expect.arrayContaining([receiptMail.subject, decisionMail.subject]));
    for (const m of hers) {
      expect(mailText(m), m.subject).not.toContain(SECRET);
      expect(mailText(m), m.subject).not.toContain('Pilotage encore flou');
    }
    // Every mail the application queued went through SMTP: the outbox keeps each with its transport.
    // (the outbox row is written just after the SMTP server has answered: polled, not read once)
    const outbox = () => app.deps.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'transport']).orderBy('id').execute();
    await expect
      .poll(async () => (await outbox()).map((o) => `${o.transport} ${o.to_address} ${o.subject}`).sort())
      .toEqual(smtp.messages.map((m) => `smtp ${m.to.join(',')} ${m.subject}`).sort());
    expect(smtp.messages.length).toBeGreaterThanOrEqual(3); // deposit, expert invitation, decision
    expect(visited.length).toBeGreaterThanOrEqual(15);
  });
});
