/**
 * The review of a submitted application over HTTP (issue 4, AMI-20…22): prefects' opinions, expert
 * invitation and a confidential contribution (AMI-21: never in the applicant's pages nor API), the
 * collegial opinion, the national decision within the call's slots (AMI-22).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.js';
import { createApplication, loadSections } from '../../src/domains/ami/adapters/applications.js';
import { saveSection } from '../../src/domains/ami/adapters/sections.js';
import type { BudgetSection } from '../../src/domains/ami/entities/application-content.js';
import { slotsMessage } from '../../src/domains/ami/entities/decision-slots.js';
import { submitApplication } from '../../src/domains/ami/use-cases/submit-application.js';
import { API_TOKEN_PATTERN } from '../../src/domains/identity/entities/api-token.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';
import { DEMO_EMAILS, submittedApplication } from '../support/applications.js';

const budget = (stateGrantCents: number): BudgetSection => ({
  expenses: [
    { category: 'animation_team', label: 'Équipe d’animation', year: 2026, amountCents: 30_000_000 },
    { category: 'training', label: 'Formations', year: 2026, amountCents: 20_000_000 },
  ],
  stateGrantCents,
  selfFundingCents: 50_000_000 - stateGrantCents,
  coFunders: [],
});

/** A unique string that only the confidential contribution contains. */
const SECRET = 'MARQUEUR-CONFIDENTIEL-4b7e91';
const EMAIL = DEMO_EMAILS;

describe('review of an application, over HTTP', () => {
  let app: TestApp;
  let callId: number;
  let cd49: number;
  let cd72: number;
  const sessions: Record<string, HttpSession> = {};

  async function submitted(email: string, departementCode: string, stateGrantCents: number): Promise<number> {
    const actor = (await loadActor(app.deps.db, await userIdByEmail(app, email)))!;
    return submittedApplication(app.deps.db, { actor, callId, departementCode, budget: budget(stateGrantCents) });
  }

  const status = async (id: number) => (await app.deps.db.selectFrom('application').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const page = (who: string, id: number) => sessions[who]!.get(`/candidatures/${id}`);
  const post = (who: string, path: string, fields: Record<string, string>) => sessions[who]!.postForm(path, fields, '/tableau-de-bord');

  beforeAll(async () => {
    app = await startTestApp();
    const call = await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
    callId = call.id;
    // One laureate slot only: the second selection must be refused (AMI-22).
    await app.deps.db.updateTable('ami_call').set({ laureate_slots: 1 }).where('id', '=', callId).execute();
    cd49 = await submitted(EMAIL.isabelle, '49', 40_000_000);
    cd72 = await submitted(EMAIL.antoine, '72', 35_000_000);
    for (const [who, email] of Object.entries(EMAIL)) {
      sessions[who] = new HttpSession(app.baseUrl);
      expect((await sessions[who]!.signInAsId(await userIdByEmail(app, email))).status).toBe(302);
    }
  });
  afterAll(() => app.stop());

  it('a prefect of another département is denied (404) the page and the opinion, and nothing is recorded', async () => {
    const denied = await page('marc', cd49);
    expect(denied.status).toBe(404);
    expect(await denied.text()).not.toContain('Maine-et-Loire');
    expect((await post('marc', `/candidatures/${cd49}/avis`, { verdict: 'defavorable', reasons: 'Intrusion' })).status).toBe(404);
    expect(await app.deps.db.selectFrom('application_opinion').select('id').where('application_id', '=', cd49).execute()).toEqual([]);
    expect(await status(cd49)).toBe('submitted');
  });

  it('the applicant sees no « Instruction » section and cannot post an opinion', async () => {
    const html = await (await page('isabelle', cd49)).text();
    expect(html).not.toContain('id="instruction"');
    expect((await post('isabelle', `/candidatures/${cd49}/avis`, { verdict: 'favourable', reasons: 'Moi-même' })).status).toBe(404);
    expect((await post('isabelle', `/candidatures/${cd49}/contribution`, { reasons: 'Moi-même' })).status).toBe(404);
  });

  it('the département prefect’s opinion: errors in French with the input kept, then under review with a transition', async () => {
    const html = await (await page('sophie', cd49)).text();
    expect(html).toContain('Donner l’avis du préfet');
    expect(html).not.toContain('Inviter un expert');

    const missing = await post('sophie', `/candidatures/${cd49}/avis`, { verdict: 'reserve', reasons: '   ' });
    expect(missing.status).toBe(422);
    const body = await missing.text();
    expect(body).toContain('Motivez votre avis en quelques phrases.');
    expect(body).toMatch(/id="avis-prefet-sens-reserve"[^>]*checked/);
    expect(await status(cd49)).toBe('submitted');

    const noVerdict = await post('sophie', `/candidatures/${cd49}/avis`, { reasons: 'Un dossier solide.' });
    expect(noVerdict.status).toBe(422);
    expect(await noVerdict.text()).toContain('Choisissez un avis : favorable, réservé ou défavorable.');

    const ok = await post('sophie', `/candidatures/${cd49}/avis`, { verdict: 'favourable', reasons: 'Un consortium large & engagé <b>depuis 2020</b>.' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/candidatures/${cd49}?ok=avis#instruction`);
    expect(await status(cd49)).toBe('under_review');
    const sophieId = await userIdByEmail(app, EMAIL.sophie);
    const transitions = await app.deps.db.selectFrom('application_transition').select(['from_status', 'to_status', 'actor_user_id']).where('application_id', '=', cd49).orderBy('id').execute();
    expect(transitions.at(-1)).toEqual({ from_status: 'submitted', to_status: 'under_review', actor_user_id: sophieId });
    const after = await (await sessions.sophie!.get(`/candidatures/${cd49}?ok=avis`)).text();
    expect(after).toContain('Votre avis a été enregistré.');
    expect(after).toContain('Avis du préfet de département : Favorable');
    expect(after).toContain('Un consortium large &amp; engagé &lt;b>depuis 2020&lt;/b>.');
  });

  it('an expert not invited gets 404 on the page and the contribution', async () => {
    expect((await page('hugo', cd49)).status).toBe(404);
    expect((await post('hugo', `/candidatures/${cd49}/contribution`, { reasons: 'Non invité' })).status).toBe(404);
  });

  it('the commissaire invites Hugo Marchand: errors next to the fields, then an invitation and a mail', async () => {
    const html = await (await page('claire', cd49)).text();
    expect(html).toContain('Inviter un expert');
    expect(html).toContain('Rendre l’avis collégial');

    const unknown = await post('claire', `/candidatures/${cd49}/experts`, { expertEmail: 'inconnu@dreets52.demo.test', dueOn: '2099-01-15' });
    expect(unknown.status).toBe(422);
    const unknownHtml = await unknown.text();
    expect(unknownHtml).toContain('Aucun expert n’a cette adresse électronique.');
    expect(unknownHtml).toContain('value="inconnu@dreets52.demo.test"');
    const badDate = await post('claire', `/candidatures/${cd49}/experts`, { expertEmail: EMAIL.hugo, dueOn: '2099-02-30' });
    expect(badDate.status).toBe(422);
    expect(await badDate.text()).toContain('Indiquez la date attendue de la contribution');
    const past = await post('claire', `/candidatures/${cd49}/experts`, { expertEmail: EMAIL.hugo, dueOn: '2000-01-01' });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('La date attendue ne peut pas être passée.');

    const ok = await post('claire', `/candidatures/${cd49}/experts`, { expertEmail: EMAIL.hugo.toUpperCase(), dueOn: '2099-01-15' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/candidatures/${cd49}?ok=expert#instruction`);
    const mail = await app.deps.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', EMAIL.hugo).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe(`Contribution attendue sur la candidature SPIE n° ${cd49}`);
    expect(mail[0]!.text_body).toContain('avant le 15/01/2099');
    expect(await (await page('claire', cd49)).text()).toContain('Hugo Marchand (hugo.marchand@dreets52.demo.test) — contribution attendue le 15/01/2099');
  });

  it('the invited expert sees the application and gives a confidential contribution, seen by the reviewers only', async () => {
    const html = await (await page('hugo', cd49)).text();
    expect(html).toContain('Votre contribution d’expert');
    expect(html).toContain('Contribution confidentielle (AMI-21)');
    expect(html).not.toContain('Donner l’avis du préfet');
    // Still no access to the application he is not invited on.
    expect((await page('hugo', cd72)).status).toBe(404);

    const empty = await post('hugo', `/candidatures/${cd49}/contribution`, { reasons: '', confidential: 'oui' });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Motivez votre contribution en quelques phrases.');
    expect(emptyHtml).toMatch(/id="contribution-confidentielle"[^>]*checked/);

    const ok = await post('hugo', `/candidatures/${cd49}/contribution`, { reasons: `Réserve sur le pilotage. ${SECRET}`, confidential: 'oui' });
    expect(ok.status).toBe(303);
    const row = await app.deps.db.selectFrom('application_opinion').select(['kind', 'confidential']).where('application_id', '=', cd49).where('kind', '=', 'expert').executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: 'expert', confidential: true });
    for (const who of ['hugo', 'claire', 'sophie', 'nadia']) {
      const seen = await (await page(who, cd49)).text();
      expect(seen, who).toContain(SECRET);
      expect(seen, who).toContain('Confidentiel — jamais visible du porteur');
    }
  });

  it('the applicant never sees the confidential contribution: neither the page nor the API', async () => {
    const html = await (await page('isabelle', cd49)).text();
    expect(html).toContain(`Candidature n° ${cd49}`);
    expect(html).not.toContain(SECRET);
    expect(html).not.toContain('Réserve sur le pilotage');
    expect(html).not.toContain('id="instruction"');

    const token = (await runCli(app.deps.db, ['token:create', EMAIL.isabelle])).lines.find((l) => API_TOKEN_PATTERN.test(l))!;
    const api = await fetch(`${app.baseUrl}/api/v1/applications/${cd49}`, { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    const json = await api.text();
    expect(JSON.parse(json)).toMatchObject({ id: cd49, status: 'under_review' });
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain('Réserve sur le pilotage');
    // Nor the mail outbox addressed to her.
    const mails = await app.deps.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', EMAIL.isabelle).execute();
    expect(mails.map((m) => m.text_body).join('\n')).not.toContain(SECRET);
  });

  it('the commissaire’s collegial opinion closes the review: opinions given', async () => {
    const ok = await post('claire', `/candidatures/${cd49}/avis-collegial`, { verdict: 'favourable', reasons: 'Avis collégial favorable, DREETS consultée.' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/candidatures/${cd49}?ok=avis-collegial#instruction`);
    expect(await status(cd49)).toBe('opinions_given');
    // The Sarthe application goes straight to « opinions given » for the decision test below.
    expect((await post('claire', `/candidatures/${cd72}/avis-collegial`, { verdict: 'reserve', reasons: 'Avis réservé.' })).status).toBe(303);
    expect(await status(cd72)).toBe('opinions_given');
  });

  it('the national decision page: comparative table, sorted and filtered; others are refused', async () => {
    const call = await (await sessions.nadia!.get(`/appels/${callId}`)).text();
    expect(call).toContain(`href="/appels/${callId}/decision"`);
    expect(await (await sessions.claire!.get(`/appels/${callId}`)).text()).not.toContain(`/appels/${callId}/decision`);
    expect((await sessions.claire!.get(`/appels/${callId}/decision`)).status).toBe(403);
    expect((await sessions.isabelle!.get(`/appels/${callId}/decision`)).status).toBe(403);

    const res = await sessions.nadia!.get(`/appels/${callId}/decision?tri=montant`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('0 candidature retenue sur 1 place de lauréat');
    expect(html).toContain('sur une enveloppe de 500\u202f000,00\u00a0€');
    // Sorted by requested grant, descending: Maine-et-Loire (400 000 €) before Sarthe (350 000 €).
    expect(html.indexOf('Maine-et-Loire (49)')).toBeLessThan(html.indexOf('Sarthe (72)'));
    expect(html).toContain('400\u202f000,00\u00a0€');
    expect(html).toContain('Préfet de département : Favorable ; Avis collégial : Favorable');
    // The comparative table never shows the expert's contribution.
    expect(html).not.toContain(SECRET);
    const byTerritory = await (await sessions.nadia!.get(`/appels/${callId}/decision?tri=territoire`)).text();
    expect(byTerritory.indexOf('Sarthe (72)')).toBeGreaterThan(byTerritory.indexOf('Maine-et-Loire (49)'));
    const otherRegion = await (await sessions.nadia!.get(`/appels/${callId}/decision?region=32`)).text();
    expect(otherRegion).toContain('Maine-et-Loire (49)'); // unknown region in the list: no filter
    const inRegion = await (await sessions.nadia!.get(`/appels/${callId}/decision?region=52`)).text();
    expect(inRegion).toContain('Sarthe (72)');
  });

  it('the national team selects one application; a second is refused for the slots (AMI-22) and nothing changes', async () => {
    const missing = await post('nadia', `/candidatures/${cd49}/decision`, { decision: 'selected', reasons: '' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Motivez la décision.');
    expect(await status(cd49)).toBe('opinions_given');
    expect((await post('claire', `/candidatures/${cd49}/decision`, { decision: 'selected', reasons: 'Intrusion' })).status).toBe(403);

    const ok = await post('nadia', `/candidatures/${cd49}/decision`, { decision: 'selected', reasons: 'Projet ambitieux et réaliste.' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/appels/${callId}/decision?ok=decision#comparatif`);
    expect(await status(cd49)).toBe('selected');

    const refused = await post('nadia', `/candidatures/${cd72}/decision`, { decision: 'selected', reasons: 'Aussi.' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(slotsMessage(1, 1));
    expect(html).toContain('value="selected" checked');
    expect(await status(cd72)).toBe('opinions_given');
    expect(await app.deps.db.selectFrom('application_decision').select('application_id').where('call_id', '=', callId).execute()).toEqual([{ application_id: cd49 }]);

    const table = await (await sessions.nadia!.get(`/appels/${callId}/decision`)).text();
    expect(table).toContain('1 candidature retenue sur 1 place de lauréat');
    expect(table).toContain('Subventions de l’État retenues : 400\u202f000,00\u00a0€');

    // Not selecting is still possible when the slots are full.
    expect((await post('nadia', `/candidatures/${cd72}/decision`, { decision: 'not_selected', reasons: 'Places épuisées.' })).status).toBe(303);
    expect(await status(cd72)).toBe('not_selected');
  });
});

describe('export of a call’s applications through the web', () => {
  it('gives each viewer a file with the rows of their perimeter only; a professional may not export', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const app = await startTestApp();
    try {
      const call = await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
      const nadia = new HttpSession(app.baseUrl);
      await nadia.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));
      const res = await nadia.get(`/appels/${call.id}/export.xlsx`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      expect(workbook.worksheets[0]!.getRow(1).getCell(2).value).toBe('Territoire');
      const csv = await nadia.get(`/appels/${call.id}/export.csv`);
      expect([...new Uint8Array(await csv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for French Excel
      const pro = new HttpSession(app.baseUrl);
      await pro.signInAsId(await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test'));
      expect((await pro.get(`/appels/${call.id}/export.xlsx`)).status).toBe(404); // role without export: existence not disclosed
      expect((await nadia.get(`/appels/${call.id}/export.pdf`)).status).toBe(404);
    } finally {
      await app.stop();
    }
  });
});

describe('return for completion through the web (AMI-20)', () => {
  it('the prefect returns the application with a reason; the applicant is told and can edit it again', async () => {
    const app = await startTestApp();
    try {
      const isabelle = (await loadActor(app.deps.db, await userIdByEmail(app, 'isabelle.roux@cd49.demo.test')))!;
      const call = await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
      const now = new Date();
      const created = await createApplication(app.deps.db, { callId: call.id, leadOrganisationId: isabelle.organisationId!, territory: { kind: 'departement', departementCode: '49' }, actor: isabelle, now });
      if (!created.ok) throw new Error(created.message);
      const version = (await loadSections(app.deps.db, created.id)).budget.version;
      await saveSection(app.deps.db, { applicationId: created.id, section: 'budget', content: { expenses: [{ category: 'animation_team', label: 'Équipe', year: 2027, amountCents: 50_000_000 }], stateGrantCents: 40_000_000, selfFundingCents: 10_000_000, coFunders: [] }, baseVersion: version, actor: isabelle, now });
      expect((await submitApplication(app.deps.db, { applicationId: created.id, actor: isabelle, now })).ok).toBe(true);
      const url = `/candidatures/${created.id}`;

      const sophie = new HttpSession(app.baseUrl);
      await sophie.signInAsId(await userIdByEmail(app, 'sophie.garnier@prefecture49.demo.test'));
      const empty = await sophie.postForm(`${url}/renvoi`, { reason: '' }, url);
      expect(empty.status).toBe(422);
      const done = await sophie.postForm(`${url}/renvoi`, { reason: 'Précisez les engagements de la CAF.' }, url);
      expect(done.status).toBe(303);
      expect((await app.deps.db.selectFrom('application').select('status').where('id', '=', created.id).executeTakeFirstOrThrow()).status).toBe('returned');
      const mail = await app.deps.db.selectFrom('mail_outbox').select(['to_address', 'text_body']).where('subject', 'like', '%complément demandé%').executeTakeFirstOrThrow();
      expect(mail.to_address).toBe('isabelle.roux@cd49.demo.test');
      expect(mail.text_body).toContain('Précisez les engagements de la CAF.');

      const applicant = new HttpSession(app.baseUrl);
      await applicant.signInAsId(isabelle.userId);
      const page = await (await applicant.get(url)).text();
      expect(page).toContain('À compléter');
      expect(page).toContain('Précisez les engagements de la CAF.'); // the reason, in the history
      expect(page).toContain('Déposer la candidature…');
    } finally {
      await app.stop();
    }
  });
});
