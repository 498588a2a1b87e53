/**
 * The review over the JSON API (issue 4 §8): listApplications, recordOpinion, returnForCompletion,
 * decide, recordPayment, exportApplications — each operation's success and a refusal, and the
 * confidential contribution (AMI-21) absent from everything the applicant gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationListSchema, OpinionResultSchema, PaymentResultSchema, StatusResultSchema } from '../../src/adapters/web/api/schemas.js';
import { runCli } from '../../src/cli/commands.js';
import { agreementOf, generateAgreement, recordSignature } from '../../src/domains/ami/adapters/grant-agreements.js';
import { inviteExpert } from '../../src/domains/ami/adapters/review.js';
import { submitApplication } from '../../src/domains/ami/use-cases/submit-application.js';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { API_TOKEN_PATTERN } from '../../src/domains/identity/entities/api-token.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';
import { DEMO_EMAILS, balancedBudget, submittedApplication } from '../support/applications.js';

const SECRET = 'MARQUEUR-CONFIDENTIEL-API-5c1d';
const EMAIL = DEMO_EMAILS;
type Who = keyof typeof EMAIL;

interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown> & { error?: string; details?: { rule?: string; field?: string; message: string }[] };
}

describe('review over the JSON API', () => {
  let app: TestApp;
  let callId: number;
  let cd49: number;
  let cd72: number;
  const tokens = {} as Record<Who, string>;

  const actor = async (who: Who) => (await loadActor(app.deps.db, await userIdByEmail(app, EMAIL[who])))!;

  async function api(who: Who | null, method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const headers: Record<string, string> = who ? { authorization: `Bearer ${tokens[who]}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${app.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    const text = await res.text();
    expect(res.headers.get('content-type') ?? '', `${method} ${path} → ${res.status} ${text.slice(0, 200)}`).toMatch(/application\/json/);
    return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
  }

  async function submitted(who: Who, departementCode: string, stateGrantCents: number): Promise<number> {
    return submittedApplication(app.deps.db, { actor: await actor(who), callId, departementCode, budget: balancedBudget(stateGrantCents) });
  }

  const denials = async (who: Who, attemptedAction: string) =>
    (await listAudit(app.deps.db, { action: 'access.denied', actorUserId: await userIdByEmail(app, EMAIL[who]) })).filter((a) => (a.summary as { attemptedAction?: string }).attemptedAction === attemptedAction);

  beforeAll(async () => {
    app = await startTestApp();
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    // One laureate slot only: the second selection is refused (AMI-22).
    await app.deps.db.updateTable('ami_call').set({ laureate_slots: 1 }).where('id', '=', callId).execute();
    cd49 = await submitted('isabelle', '49', 40_000_000);
    cd72 = await submitted('antoine', '72', 35_000_000);
    for (const who of Object.keys(EMAIL) as Who[]) {
      const out = await runCli(app.deps.db, ['token:create', EMAIL[who], 'tests']);
      tokens[who] = out.lines.find((l) => API_TOKEN_PATTERN.test(l))!;
    }
  });
  afterAll(() => app.stop());

  describe('listApplications', () => {
    it('lists the applications of the token’s perimeter, optionally of one call', async () => {
      const all = ApplicationListSchema.parse((await api('nadia', 'GET', `/api/v1/applications?callId=${callId}`)).body);
      expect(all.applications.map((a) => a.id)).toEqual([cd72, cd49]);
      expect(all.applications[1]).toMatchObject({
        status: 'submitted',
        call: { id: callId },
        territory: { kind: 'departement', departementCode: '49', departementName: 'Maine-et-Loire' },
        leadOrganisation: { name: 'Conseil départemental de Maine-et-Loire' },
      });
      expect(all.applications[1]!.submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      // Maine-et-Loire's applications: this one, and the demo's laureate of 2021 (wave 2) which runs the SPIE.
      const demoLaureate = (await app.deps.db.selectFrom('territory_space').select('application_id').executeTakeFirstOrThrow()).application_id;
      expect(ApplicationListSchema.parse((await api('sophie', 'GET', '/api/v1/applications')).body).applications.map((a) => a.id)).toEqual([cd49, demoLaureate]);
      expect(ApplicationListSchema.parse((await api('isabelle', 'GET', '/api/v1/applications')).body).applications.map((a) => a.id)).toEqual([cd49, demoLaureate]);
      expect(ApplicationListSchema.parse((await api('nadia', 'GET', '/api/v1/applications?callId=999999')).body).applications).toEqual([]);
    });

    it('refuses a person (403) and a malformed callId (400)', async () => {
      expect((await api('elodie', 'GET', '/api/v1/applications')).status).toBe(403);
      const bad = await api('nadia', 'GET', '/api/v1/applications?callId=abc');
      expect(bad.status).toBe(400);
      expect(bad.body.details![0]!.field).toBe('callId');
    });
  });

  describe('recordOpinion', () => {
    it('a prefect of another département is denied (404), audited; nothing is recorded', async () => {
      const res = await api('marc', 'POST', `/api/v1/applications/${cd49}/opinions`, { kind: 'prefect', verdict: 'favourable', reasons: 'Hors périmètre.' });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: expect.any(String), details: expect.any(Array) });
      expect(await app.deps.db.selectFrom('application_opinion').select('id').where('application_id', '=', cd49).execute()).toEqual([]);
    });

    it('the département’s prefect opines as such; the application goes under review', async () => {
      const res = await api('sophie', 'POST', `/api/v1/applications/${cd49}/opinions`, { kind: 'prefect', verdict: 'favourable', reasons: 'Projet solide.' });
      expect(res.status).toBe(201);
      expect(OpinionResultSchema.parse(res.body)).toEqual({ applicationId: cd49, kind: 'departement_prefect', status: 'under_review' });
      const marc = await api('marc', 'POST', `/api/v1/applications/${cd72}/opinions`, { kind: 'prefect', verdict: 'reserve', reasons: 'À préciser.' });
      expect(marc.status).toBe(201);
    });

    it('checks the action of the opinion’s kind: a prefect cannot give the collegial opinion (404, audited)', async () => {
      const res = await api('sophie', 'POST', `/api/v1/applications/${cd49}/opinions`, { kind: 'collegial', verdict: 'favourable', reasons: 'Usurpation.' });
      expect(res.status).toBe(404);
      const denied = (await denials('sophie', 'application.collegialOpinion'))[0]!;
      expect([denied.object_type, denied.object_id]).toEqual(['application', String(cd49)]);
      expect(await app.deps.db.selectFrom('application_opinion').select('kind').where('application_id', '=', cd49).execute()).toEqual([{ kind: 'departement_prefect' }]);
    });

    it('refuses an opinion without verdict (400, field by field)', async () => {
      const res = await api('sophie', 'POST', `/api/v1/applications/${cd49}/opinions`, { kind: 'prefect', reasons: ' ' });
      expect(res.status).toBe(400);
      expect(res.body.details!.map((d) => d.field).sort()).toEqual(['reasons', 'verdict']);
    });

    it('an expert not invited is denied (404); once invited, contributes confidentially and gets no text back', async () => {
      const refused = await api('hugo', 'POST', `/api/v1/applications/${cd49}/opinions`, { kind: 'expert', reasons: 'Non invité.' });
      expect(refused.status).toBe(404);
      const invited = await inviteExpert(app.deps.db, { applicationId: cd49, expertEmail: EMAIL.hugo, dueOn: '2099-01-31', actor: await actor('claire'), now: new Date() });
      expect(invited.ok).toBe(true);
      const res = await api('hugo', 'POST', `/api/v1/applications/${cd49}/opinions`, { kind: 'expert', reasons: `Réserve sur l’opérateur : ${SECRET}`, confidential: true });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ applicationId: cd49, kind: 'expert', status: 'under_review' });
      expect(res.text).not.toContain(SECRET);
      const stored = await app.deps.db.selectFrom('application_opinion').select(['kind', 'confidential']).where('application_id', '=', cd49).where('kind', '=', 'expert').executeTakeFirstOrThrow();
      expect(stored.confidential).toBe(true);
    });

    it('the commissaire gives the collegial opinion: opinions given', async () => {
      const res = await api('claire', 'POST', `/api/v1/applications/${cd49}/opinions`, { kind: 'collegial', verdict: 'favourable', reasons: 'Avis collégial favorable.' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ applicationId: cd49, kind: 'collegial', status: 'opinions_given' });
    });
  });

  describe('returnForCompletion', () => {
    it('the lead applicant cannot return an application (404)', async () => {
      expect((await api('isabelle', 'POST', `/api/v1/applications/${cd49}/return`, { reason: 'Moi-même.' })).status).toBe(404);
    });

    it('the commissaire returns one under review; the lead applicant is mailed; a second return is a conflict', async () => {
      const res = await api('claire', 'POST', `/api/v1/applications/${cd72}/return`, { reason: 'Joignez la délibération.' });
      expect(res.status).toBe(200);
      expect(StatusResultSchema.parse(res.body)).toEqual({ applicationId: cd72, status: 'returned' });
      const mail = await app.deps.db.selectFrom('mail_outbox').select(['to_address', 'text_body']).where('subject', '=', `Candidature n° ${cd72} : complément demandé`).executeTakeFirstOrThrow();
      expect(mail.to_address).toBe(EMAIL.antoine);
      expect((await api('claire', 'POST', `/api/v1/applications/${cd72}/return`, { reason: 'Encore.' })).status).toBe(409);
      expect((await api('claire', 'POST', `/api/v1/applications/${cd72}/return`, {})).status).toBe(400);
    });
  });

  describe('decide', () => {
    it('only the national team decides (403)', async () => {
      const res = await api('claire', 'POST', `/api/v1/applications/${cd49}/decision`, { decision: 'selected', reasons: 'Non.' });
      expect(res.status).toBe(403);
    });

    it('selects within the slots, then refuses one more with rule AMI-22 (422)', async () => {
      const ok = await api('nadia', 'POST', `/api/v1/applications/${cd49}/decision`, { decision: 'selected', reasons: 'Projet retenu.' });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ applicationId: cd49, status: 'selected' });
      // cd72, completed and submitted again, receives the collegial opinion; no slot is left for it.
      const antoine = await actor('antoine');
      expect((await submitApplication(app.deps.db, { applicationId: cd72, actor: antoine, now: new Date() })).ok).toBe(true);
      expect((await api('claire', 'POST', `/api/v1/applications/${cd72}/opinions`, { kind: 'collegial', verdict: 'favourable', reasons: 'Favorable.' })).status).toBe(201);
      const refused = await api('nadia', 'POST', `/api/v1/applications/${cd72}/decision`, { decision: 'selected', reasons: 'Aussi.' });
      expect(refused.status).toBe(422);
      expect(refused.body.details).toEqual([{ rule: 'AMI-22', field: 'decision', message: expect.stringContaining('déjà attribuée') }]);
      expect((await api('nadia', 'POST', `/api/v1/applications/${cd72}/decision`, { decision: 'maybe', reasons: 'x' })).status).toBe(400);
    });
  });

  describe('recordPayment', () => {
    beforeAll(async () => {
      const nadia = await actor('nadia');
      const generated = await generateAgreement(app.deps.db, { applicationId: cd49, actor: nadia, now: new Date() });
      if (!generated.ok) throw new Error(generated.message);
      expect((await recordSignature(app.deps.db, { agreementId: generated.agreementId, signedOn: '2027-01-10', actor: nadia, now: new Date() })).ok).toBe(true);
    });

    it('the beneficiary cannot record a payment (403)', async () => {
      expect((await api('isabelle', 'POST', `/api/v1/applications/${cd49}/payments`, { paidOn: '2027-01-15', amountCents: 100, reference: 'x' })).status).toBe(403);
    });

    it('records payments up to the agreement, and refuses one beyond the remaining amount (422)', async () => {
      const first = await api('nadia', 'POST', `/api/v1/applications/${cd49}/payments`, { paidOn: '2027-01-15', amountCents: 30_000_000, reference: 'Mandat 1' });
      expect(first.status).toBe(201);
      const paid = PaymentResultSchema.parse(first.body);
      expect(paid).toMatchObject({ applicationId: cd49, paidOn: '2027-01-15', amountCents: 30_000_000, remainingCents: 10_000_000 });
      const beyond = await api('nadia', 'POST', `/api/v1/applications/${cd49}/payments`, { paidOn: '2027-06-15', amountCents: 10_000_001, reference: 'Mandat 2' });
      expect(beyond.status).toBe(422);
      expect(beyond.body.details).toEqual([{ rule: 'AMI-23', field: 'amountCents', message: expect.stringContaining('Reste dû') }]);
      expect((await agreementOf(app.deps.db, cd49))!.remainingCents).toBe(10_000_000);
      expect((await api('nadia', 'POST', `/api/v1/applications/${cd49}/payments`, { paidOn: '2027-02-30x', amountCents: -1, reference: '' })).body.details!.map((d) => d.field)).toEqual(expect.arrayContaining(['amountCents', 'paidOn', 'reference']));
      // No agreement: a conflict with the application's state.
      expect((await api('nadia', 'POST', `/api/v1/applications/${cd72}/payments`, { paidOn: '2027-01-15', amountCents: 1, reference: 'x' })).status).toBe(409);
    });
  });

  describe('exportApplications', () => {
    async function download(who: Who, path: string) {
      const res = await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
      return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', bytes: Buffer.from(await res.arrayBuffer()) };
    }

    it('exports the call in CSV and XLSX, limited to the perimeter, without the confidential contribution', async () => {
      const csv = await download('nadia', `/api/v1/calls/${callId}/export?format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.type).toMatch(/^text\/csv/);
      expect(csv.disposition).toMatch(/^attachment; filename=".+\.csv"$/);
      const text = csv.bytes.toString('utf8');
      expect(text).toContain('Maine-et-Loire');
      expect(text).toContain('Sarthe');
      expect(text).not.toContain(SECRET);
      const own = (await download('isabelle', `/api/v1/calls/${callId}/export`)).bytes.toString('utf8');
      expect(own).toContain('Maine-et-Loire');
      expect(own).not.toContain('Sarthe');
      const xlsx = await download('nadia', `/api/v1/calls/${callId}/export?format=xlsx`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
      expect((await listAudit(app.deps.db, { action: 'call.export' })).length).toBeGreaterThanOrEqual(3);
    });

    it('refuses a person (404) and an unknown format (400)', async () => {
      expect((await api('elodie', 'GET', `/api/v1/calls/${callId}/export?format=csv`)).status).toBe(404);
      expect((await api('nadia', 'GET', `/api/v1/calls/${callId}/export?format=pdf`)).status).toBe(400);
    });
  });

  it('the applicant’s API answers never contain the confidential contribution (AMI-21)', async () => {
    for (const path of [`/api/v1/applications/${cd49}`, '/api/v1/applications', `/api/v1/applications/${cd49}/admissibility`]) {
      const res = await api('isabelle', 'GET', path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).not.toContain(SECRET);
    }
  });
});
