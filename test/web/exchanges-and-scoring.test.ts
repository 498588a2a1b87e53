/**
 * Over HTTP (issue 4 §1–3): the draft shared with the prefecture and its comments, the exchanges with
 * files, read marks and mail, the scoring grid of reviewers and of the call. Who is denied, and that
 * bad input keeps what was typed and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { DEFAULT_SCORING_CRITERIA } from '../../src/domains/ami/entities/scoring-grid.js';
import { DEMO_EMAILS, submittedApplication } from '../support/applications.js';
import { TINY_PNG, windowsExecutable } from '../support/files.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('exchanges, shared drafts and scoring, over HTTP', () => {
  let app: TestApp;
  let callId: number;
  const s: Record<string, HttpSession> = {};

  const mailsTo = (email: string, subject: string) =>
    app.deps.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', email).where('subject', 'like', `%${subject}%`).execute();

  async function sendMessage(who: string, appId: number, fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[] = []) {
    const form = new FormData();
    form.set('_csrf', await s[who]!.csrfToken(`/candidatures/${appId}/echanges`));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)]), f.name);
    return s[who]!.request(`/candidatures/${appId}/echanges`, { method: 'POST', body: form });
  }

  beforeAll(async () => {
    app = await startTestApp();
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    for (const [who, email] of Object.entries(DEMO_EMAILS)) {
      s[who] = new HttpSession(app.baseUrl);
      expect((await s[who]!.signInAsId(await userIdByEmail(app, email))).status).toBe(302);
    }
  });
  afterAll(() => app.stop());

  it('« aide à constituer le dossier »: the draft shared with the prefecture, commented part by part, answered; another prefect is denied', async () => {
    const created = await s.isabelle!.postForm('/candidatures', { callId: String(callId), departementCode: '49', kind: 'departement' }, '/candidatures/nouvelle');
    const appId = Number(/\/candidatures\/(\d+)/.exec(created.headers.get('location')!)![1]);
    expect((await s.sophie!.get(`/candidatures/${appId}`)).status).toBe(404);
    const page = await (await s.isabelle!.get(`/candidatures/${appId}`)).text();
    expect(page).toContain('Partager le brouillon avec la préfecture');

    // Only the lead applicant shares; the prefect cannot share it with themself.
    expect((await s.sophie!.postForm(`/candidatures/${appId}/partage`, { shared: '1' }, '/tableau-de-bord')).status).toBe(404);
    const shared = await s.isabelle!.postForm(`/candidatures/${appId}/partage`, { shared: '1' }, `/candidatures/${appId}`);
    expect(shared.status).toBe(303);
    expect(shared.headers.get('location')).toBe(`/candidatures/${appId}?ok=partage#echanges`);
    expect(await mailsTo(DEMO_EMAILS.sophie, 'brouillon')).toHaveLength(1);

    const prefectView = await s.sophie!.get(`/candidatures/${appId}`);
    expect(prefectView.status).toBe(200);
    const prefectHtml = await prefectView.text();
    expect(prefectHtml).toContain('Le brouillon est partagé avec la préfecture');
    expect(prefectHtml).not.toContain('Ne plus partager');
    expect(prefectHtml).not.toContain('Déposer la candidature');
    expect((await s.sophie!.get('/candidatures')).status).toBe(200);
    expect(await (await s.sophie!.get('/candidatures')).text()).toContain(`/candidatures/${appId}"`);
    // Still a draft: no opinion, no edit.
    expect((await s.sophie!.postForm(`/candidatures/${appId}/avis`, { verdict: 'favourable', reasons: 'Trop tôt' }, '/tableau-de-bord')).status).toBe(409);
    for (const who of ['marc', 'claire', 'hugo'] as const) expect((await s[who]!.get(`/candidatures/${appId}/echanges`)).status).toBe(404);
    expect((await sendMessage('marc', appId, { body: 'Intrusion' }).catch(() => null))?.status ?? 404).not.toBe(303);

    const comment = await sendMessage('sophie', appId, { section: 'budget', body: 'Le budget 2027 manque : détaillez les postes.' });
    expect(comment.status).toBe(303);
    const [mail] = await mailsTo(DEMO_EMAILS.isabelle, 'Nouveau message');
    expect(mail!.text_body).toContain('Sophie Garnier a écrit un message');
    expect(mail!.text_body).not.toContain('budget 2027'); // the message stays in SPIE

    const applicantPage = await (await s.isabelle!.get(`/candidatures/${appId}`)).text();
    expect(applicantPage).toContain('1 message, dont 1 non lu.');
    const thread = await (await s.isabelle!.get(`/candidatures/${appId}/echanges`)).text();
    expect(thread).toContain('Le budget 2027 manque : détaillez les postes.');
    expect(thread).toContain('à propos de « Budget »');
    expect(await (await s.isabelle!.get(`/candidatures/${appId}`)).text()).toContain('1 message, tous lus.');
    expect(await (await s.sophie!.get(`/candidatures/${appId}/echanges`)).text()).toContain('Lu par Isabelle Roux');

    // Unsharing closes the door again.
    await s.isabelle!.postForm(`/candidatures/${appId}/partage`, { shared: '0' }, `/candidatures/${appId}`);
    expect((await s.sophie!.get(`/candidatures/${appId}/echanges`)).status).toBe(404);
  });

  it('a message with files after submission: an executable is refused with the text kept and nothing stored; a PNG goes through and downloads', async () => {
    const actor = (await loadActor(app.deps.db, await userIdByEmail(app, DEMO_EMAILS.isabelle)))!;
    const appId = await submittedApplication(app.deps.db, { actor, callId, departementCode: '49' });
    const count = async () => (await app.deps.db.selectFrom('application_message').select('id').where('application_id', '=', appId).execute()).length;

    const refused = await sendMessage('isabelle', appId, { body: 'Voici notre délibération.' }, [{ name: 'deliberation.pdf', bytes: windowsExecutable() }]);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Le message n’a pas été envoyé');
    expect(html).toMatch(/id="message-fichiers-erreur"[^>]*>deliberation\.pdf : /);
    expect(html).toContain('>Voici notre délibération.</textarea>');
    expect(await count()).toBe(0);

    const empty = await sendMessage('isabelle', appId, { body: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Écrivez votre message.');

    const sent = await sendMessage('isabelle', appId, { body: 'Voici notre délibération.' }, [{ name: 'deliberation.png', bytes: TINY_PNG }]);
    expect(sent.status).toBe(303);
    expect(await count()).toBe(1);
    // The State's side is told: département prefect and the region's commissaire, not another département.
    expect(await mailsTo(DEMO_EMAILS.sophie, `n° ${appId}`)).toHaveLength(1);
    expect(await mailsTo(DEMO_EMAILS.claire, `n° ${appId}`)).toHaveLength(1);
    expect(await mailsTo(DEMO_EMAILS.marc, `n° ${appId}`)).toHaveLength(0);

    const thread = await (await s.claire!.get(`/candidatures/${appId}/echanges`)).text();
    const link = /href="(\/candidatures\/\d+\/echanges\/fichiers\/\d+)"/.exec(thread)![1]!;
    const file = await s.claire!.get(link);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(TINY_PNG)).toBe(true);
    expect((await s.marc!.get(link)).status).toBe(404);
    expect((await s.hugo!.get(link)).status).toBe(404); // expert not invited
  });

  it('scoring grid: a reviewer fills it (errors keep the input), others see it, the applicant never does, the decision table shows the mean', async () => {
    const actor = (await loadActor(app.deps.db, await userIdByEmail(app, DEMO_EMAILS.antoine)))!;
    const appId = await submittedApplication(app.deps.db, { actor, callId, departementCode: '72' });
    const keys = DEFAULT_SCORING_CRITERIA.map((c) => c.key);

    const incomplete = await s.marc!.postForm(`/candidatures/${appId}/grille`, { [keys[0]!]: '4', comment: 'Bon diagnostic.' }, `/candidatures/${appId}/grille`);
    expect(incomplete.status).toBe(422);
    const html = await incomplete.text();
    expect(html).toContain('Le formulaire contient 4 erreurs');
    expect(html).toContain('Choisissez une note de 0 à 5 pour « Qualité du budget ».');
    expect(html).toContain('>Bon diagnostic.</textarea>');
    expect(html).toMatch(new RegExp(`name="${keys[0]}" value="4"[^>]* checked`));
    expect(await app.deps.db.selectFrom('application_score').select('application_id').where('application_id', '=', appId).execute()).toEqual([]);

    const marks = { connaissance_public: '4', principes_spie: '3', consortium: '5', objectifs: '2', budget: '1' };
    const saved = await s.marc!.postForm(`/candidatures/${appId}/grille`, { ...marks, comment: 'Bon diagnostic.' }, `/candidatures/${appId}/grille`);
    expect(saved.status).toBe(303);
    expect(await (await s.marc!.get(`/candidatures/${appId}`)).text()).toContain('Note moyenne : 64,0 / 100, sur 1 grille.');
    expect(await (await s.nadia!.get(`/candidatures/${appId}/grille`)).text()).toContain('Marc Dubois');

    expect((await s.antoine!.get(`/candidatures/${appId}/grille`)).status).toBe(404);
    expect(await (await s.antoine!.get(`/candidatures/${appId}`)).text()).not.toContain('Note moyenne');
    expect((await s.sophie!.get(`/candidatures/${appId}/grille`)).status).toBe(404);
    expect((await s.sophie!.postForm(`/candidatures/${appId}/grille`, marks, '/tableau-de-bord')).status).toBe(404);
    expect((await s.nadia!.postForm(`/candidatures/${appId}/grille`, marks, '/tableau-de-bord')).status).toBe(404);

    const table = await (await s.nadia!.get(`/appels/${callId}/decision?tri=note`)).text();
    expect(table).toContain('64,0\u00a0/\u00a0100\u00a0(1\u00a0grille)');

    // The call's grid: weights must add up to 100; once marked, it is frozen.
    const grid = await s.nadia!.postForm(`/appels/${callId}/grille`, { 'label-0': 'Tout', 'weight-0': '90' }, `/appels/${callId}/grille`);
    expect(grid.status).toBe(422);
    expect(await grid.text()).toContain('Les poids doivent totaliser 100 ; ils totalisent 90.');
    const frozen = await s.nadia!.postForm(`/appels/${callId}/grille`, { 'label-0': 'Tout', 'weight-0': '100' }, `/appels/${callId}/grille`);
    expect(frozen.status).toBe(409); // the page shows the frozen grid, without a form
    expect(await frozen.text()).toContain('elle ne peut plus changer');
    expect((await app.deps.db.selectFrom('ami_call').select('scoring_criteria').where('id', '=', callId).executeTakeFirstOrThrow()).scoring_criteria).toEqual(DEFAULT_SCORING_CRITERIA);
    expect((await s.claire!.get(`/appels/${callId}/grille`)).status).toBe(403);
  });
});
