/** The agreement page (AMI-23): established by the national team, seen by the beneficiary, payments capped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, recordOpinion } from '../../src/domains/ami/adapters/review.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { balancedBudget, submittedApplication } from '../support/applications.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('grant agreement pages', () => {
  let app: TestApp;
  let id: number;
  let nadia: HttpSession;

  beforeAll(async () => {
    app = await startTestApp();
    const actor = async (email: string) => (await loadActor(app.deps.db, await userIdByEmail(app, email)))!;
    const isabelle = await actor('isabelle.roux@cd49.demo.test');
    const now = new Date();
    const call = await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
    id = await submittedApplication(app.deps.db, { actor: isabelle, callId: call.id, departementCode: '49', budget: balancedBudget(40_000_000, 50_000_000, 2027), now });
    await recordOpinion(app.deps.db, { applicationId: id, actor: await actor('claire.fontaine@prefecture52.demo.test'), kind: 'collegial', verdict: 'favourable', reasons: 'Favorable.', confidential: false, now });
    await decide(app.deps.db, { applicationId: id, decision: 'selected', reasons: 'Retenu.', actor: await actor('nadia.benali@dgefp.demo.test'), now });
    nadia = new HttpSession(app.baseUrl);
    await nadia.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));
  });
  afterAll(() => app.stop());

  it('establishes, signs and pays; a payment above the remaining amount is refused next to the field', async () => {
    const page = `/candidatures/${id}/convention`;
    expect((await nadia.postForm(page, {}, page)).status).toBe(303);
    expect((await nadia.postForm(`${page}/signature`, { signedOn: '2027-01-10' }, page)).status).toBe(303);
    expect((await nadia.postForm(`${page}/versements`, { paidOn: '2027-01-15', amount: '200 000,00', reference: 'Mandat 1' }, page)).status).toBe(303);
    expect((await nadia.postForm(`${page}/versements`, { paidOn: '2027-06-15', amount: '150 000,00', reference: 'Mandat 2' }, page)).status).toBe(303);
    const refused = await nadia.postForm(`${page}/versements`, { paidOn: '2027-09-15', amount: '50 000,01', reference: 'Mandat 3' }, page);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Ce versement dépasse le montant restant dû');
    expect(html).toContain('value="50 000,01"');
    const after = await (await nadia.get(page)).text();
    expect(after).toMatch(/id="reste-a-verser"[^>]*>\s*50\s000,00\s€/);
    const pdf = await nadia.get(`${page}.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is seen by the beneficiary but managed only by the national team; another département’s prefect gets 404', async () => {
    const isabelle = new HttpSession(app.baseUrl);
    await isabelle.signInAsId(await userIdByEmail(app, 'isabelle.roux@cd49.demo.test'));
    expect((await isabelle.get(`/candidatures/${id}/convention`)).status).toBe(200);
    // The decision letter is the applicant's to download (issue 4 §4).
    expect(await (await isabelle.get(`/candidatures/${id}`)).text()).toContain('Candidature retenue');
    const letter = await isabelle.get(`/candidatures/${id}/lettre-de-decision.pdf`);
    expect(letter.status).toBe(200);
    expect(Buffer.from(await letter.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const token = await isabelle.csrfToken(`/candidatures/${id}/convention`);
    const post = await isabelle.request(`/candidatures/${id}/convention/versements`, { method: 'POST', body: new URLSearchParams({ _csrf: token, paidOn: '2027-01-01', amount: '1', reference: 'x' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(post.status).toBe(403);
    const marc = new HttpSession(app.baseUrl);
    await marc.signInAsId(await userIdByEmail(app, 'marc.dubois@prefecture72.demo.test'));
    expect((await marc.get(`/candidatures/${id}/convention`)).status).toBe(404);
  });
});
