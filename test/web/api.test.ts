import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationSchema, CallSchema, SubmissionSchema } from '../../src/adapters/web/api/schemas.js';
import { runCli } from '../../src/cli/commands.js';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { API_TOKEN_PATTERN, hashApiToken } from '../../src/domains/identity/entities/api-token.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const ISABELLE = 'isabelle.roux@cd49.demo.test';
const THOMAS = 'thomas.girard@cd49.demo.test';
const NADIA = 'nadia.benali@dgefp.demo.test';
const JULIE = 'julie.perrin@missionlocale49.demo.test';
const ANTOINE = 'antoine.morel@cd72.demo.test';
const ELODIE = 'elodie.lefevre-martin@personne.demo.test';

interface ApiResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: string; details?: { rule?: string; field?: string; message: string }[] };
}

describe('JSON API /api/v1', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};

  async function createToken(email: string): Promise<string> {
    const out = await runCli(app.deps.db, ['token:create', email, 'tests', 'API']);
    expect(out.exitCode).toBe(0);
    const token = out.lines.find((l) => API_TOKEN_PATTERN.test(l));
    expect(token).toBeDefined();
    return token!;
  }

  async function call(token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const init: RequestInit = { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } };
    if (body instanceof FormData) init.body = body;
    else if (typeof body === 'string') init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(`${app.baseUrl}${path}`, { ...init, redirect: 'manual' });
    const text = await res.text();
    expect(res.headers.get('content-type') ?? '', `${method} ${path} → ${res.status} ${text.slice(0, 200)}`).toMatch(/application\/json/);
    return { status: res.status, headers: res.headers, body: JSON.parse(text) };
  }

  beforeAll(async () => {
    app = await startTestApp();
    for (const email of [ISABELLE, THOMAS, NADIA, JULIE, ANTOINE, ELODIE]) tokens[email] = await createToken(email);
  });
  afterAll(() => app.stop());

  const openCallId = async () =>
    (await app.deps.db.selectFrom('ami_call').select('id').where('title', '=', 'AMI SPIE – appel de démonstration').executeTakeFirstOrThrow()).id;

  describe('tokens', () => {
    it('token:create prints the token once and stores only its SHA-256', async () => {
      const out = await runCli(app.deps.db, ['token:create', 'ISABELLE.ROUX@cd49.demo.test', 'Logiciel', 'métier']);
      expect(out.exitCode).toBe(0);
      const token = out.lines.find((l) => API_TOKEN_PATTERN.test(l))!;
      expect(out.lines.join('\n')).toContain('ne sera plus jamais affiché');
      const row = await app.deps.db.selectFrom('api_token').selectAll().where('token_hash', '=', hashApiToken(token)).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ user_id: await userIdByEmail(app, ISABELLE), label: 'Logiciel métier', revoked_at: null, last_used_at: null });
      const everything = JSON.stringify(await app.deps.db.selectFrom('api_token').selectAll().execute());
      expect(everything).not.toContain(token);
      expect((await listAudit(app.deps.db, { action: 'apiToken.create' })).length).toBeGreaterThan(0);

      const unknown = await runCli(app.deps.db, ['token:create', 'personne@nulle.part']);
      expect(unknown.exitCode).toBe(1);
      expect(unknown.lines[0]).toContain('Aucun utilisateur actif');
      expect((await runCli(app.deps.db, ['token:create'])).exitCode).toBe(2);
    });

    it('a token lists the calls with its user’s rights, and its use is noted', async () => {
      const res = await call(tokens[ISABELLE]!, 'GET', '/api/v1/calls');
      expect(res.status).toBe(200);
      const calls = res.body.calls as unknown[];
      expect(calls.map((c) => CallSchema.parse(c).title)).toContain('AMI SPIE – appel de démonstration');
      const open = calls.map((c) => CallSchema.parse(c)).find((c) => c.status === 'published')!;
      expect(open).toMatchObject({ maxGrantCents: 50_000_000, minSelfFundingRateBp: 2000 });
      expect(open.excludedTerritories).toContain('44');
      const used = await app.deps.db.selectFrom('api_token').select('last_used_at').where('token_hash', '=', hashApiToken(tokens[ISABELLE]!)).executeTakeFirstOrThrow();
      expect(used.last_used_at).toBeInstanceOf(Date);
    });

    it('refuses a missing, malformed, unknown or revoked token with 401 JSON, GET included (no redirect)', async () => {
      for (const path of ['/api/v1/calls', '/api/v1/applications/1', '/api/v1/calls/1']) {
        const anonymous = await call(null, 'GET', path);
        expect(anonymous.status, path).toBe(401);
        expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(anonymous.body.error).toBeTruthy();
      }
      expect((await call(null, 'GET', '/api/v1/calls', undefined, { authorization: 'Bearer pas-un-jeton' })).status).toBe(401);
      expect((await call(null, 'GET', '/api/v1/calls', undefined, { authorization: `Basic ${tokens[NADIA]}` })).status).toBe(401);
      const unknown = await call('A'.repeat(43), 'GET', '/api/v1/calls');
      expect(unknown.status).toBe(401);
      expect(unknown.body.details).toEqual([{ field: 'authorization', message: 'Jeton d’API inconnu ou révoqué.' }]);

      const token = await createToken(JULIE);
      const id = (await app.deps.db.selectFrom('api_token').select('id').where('token_hash', '=', hashApiToken(token)).executeTakeFirstOrThrow()).id;
      expect((await runCli(app.deps.db, ['token:revoke', String(id)])).exitCode).toBe(0);
      expect((await call(token, 'GET', '/api/v1/calls')).status).toBe(401);
      expect((await runCli(app.deps.db, ['token:revoke', String(id)])).exitCode).toBe(1);
      expect((await runCli(app.deps.db, ['token:list'])).lines.some((l) => l.startsWith(`${id}\t`) && l.includes('révoqué'))).toBe(true);
    });

    it('never lets a cookie session in: a signed-in browser is anonymous on the API, CSRF token or not', async () => {
      const browser = new HttpSession(app.baseUrl);
      await browser.signInAsId(await userIdByEmail(app, ISABELLE));
      const csrf = await browser.csrfToken('/tableau-de-bord');
      const body = JSON.stringify({ callId: await openCallId(), departementCode: '49', territoryKind: 'departement' });
      const before = await app.deps.db.selectFrom('application').select('id').execute();
      for (const path of ['/api/v1/applications', '/%61pi/v1/applications']) {
        const res = await browser.request(path, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf } });
        expect(res.status, path).toBe(401);
        expect(await res.json()).toMatchObject({ error: expect.any(String) });
      }
      const get = await browser.get('/api/v1/calls');
      expect(get.status).toBe(401);
      expect(await app.deps.db.selectFrom('application').select('id').execute()).toEqual(before);
      // A bearer token does not need (nor use) the CSRF token; cookies sent along change nothing.
      const withBoth = await browser.request('/api/v1/calls', { headers: { authorization: `Bearer ${tokens[ELODIE]}` } });
      expect(withBoth.status).toBe(403); // Élodie's rights (a person: no calls), not Isabelle's
    });
  });

  describe('calls', () => {
    it('a professional’s token cannot create a call: 403 JSON, audited', async () => {
      const res = await call(tokens[JULIE]!, 'POST', '/api/v1/calls', { title: 'Pirate' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: 'Accès refusé.', details: [{ message: 'Votre rôle ne permet pas cette action.' }] });
      const audit = await listAudit(app.deps.db, { action: 'access.denied', actorUserId: await userIdByEmail(app, JULIE) });
      expect(audit[0]!.summary).toMatchObject({ attemptedAction: 'call.manage', route: '/api/v1/calls' });
      expect((await call(tokens[JULIE]!, 'GET', '/api/v1/calls')).status).toBe(200);
    });

    const valid = {
      title: 'AMI SPIE 2027',
      opensOn: '2027-01-04',
      deadlineOn: '2027-03-28',
      laureateSlots: 25,
      maxGrantCents: 45_000_050,
      minSelfFundingRateBp: 2050,
      eligibleExpenseCategories: ['animation_team', 'training'],
    };

    it('the national team creates a draft call: cents, Paris days, default excluded territories', async () => {
      const res = await call(tokens[NADIA]!, 'POST', '/api/v1/calls', valid);
      expect(res.status).toBe(201);
      const created = CallSchema.parse(res.body);
      expect(created).toMatchObject({ title: 'AMI SPIE 2027', status: 'draft', maxGrantCents: 45_000_050, minSelfFundingRateBp: 2050, opensOn: '2027-01-04', deadlineOn: '2027-03-28', laureateSlots: 25 });
      expect(created.deadlineAt).toBe('2027-03-28T21:59:59.000Z'); // 23:59:59 Paris, summer time since that very day
      expect(created.excludedTerritories).toHaveLength(17);
      expect(res.headers.get('location')).toBe(`/api/v1/calls/${created.id}`);
      expect((await call(tokens[NADIA]!, 'GET', `/api/v1/calls/${created.id}`)).body).toEqual(res.body);
      // A draft is the national team's only.
      expect((await call(tokens[ISABELLE]!, 'GET', `/api/v1/calls/${created.id}`)).status).toBe(404);
    });

    it('refuses an incoherent call with the form’s rules (422), and wrong types with 400, field by field', async () => {
      const incoherent = await call(tokens[NADIA]!, 'POST', '/api/v1/calls', { ...valid, deadlineOn: '2026-12-31', opensOn: '2027-02-30', excludedTerritories: ['99'] });
      expect(incoherent.status).toBe(422);
      expect(incoherent.body.details).toEqual(
        expect.arrayContaining([
          { field: 'opensOn', message: 'Indiquez une date d’ouverture valide.' },
          { field: 'excludedTerritories', message: 'Territoires inconnus : 99.' },
        ]),
      );
      const wrong = await call(tokens[NADIA]!, 'POST', '/api/v1/calls', { ...valid, maxGrantCents: '500 000,00', laureateSlots: 2.5, extra: 1 });
      expect(wrong.status).toBe(400);
      const fields = wrong.body.details!.map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['maxGrantCents', 'laureateSlots']));
      expect(wrong.body.details!.find((d) => d.field === 'maxGrantCents')!.message).toMatch(/nombre attendu/);
      expect(wrong.body.details!.some((d) => /non reconnue/.test(d.message))).toBe(true);
    });

    it('answers an unknown or malformed call id with 404', async () => {
      for (const id of ['999999', 'abc', '0', '99999999999999999999']) expect((await call(tokens[NADIA]!, 'GET', `/api/v1/calls/${id}`)).status).toBe(404);
    });
  });

  describe('an application from creation to submission', () => {
    let id = 0;
    let budgetVersion = 0;

    it('refuses Loire-Atlantique (44) with rule AMI-3, and a professional altogether', async () => {
      const res = await call(tokens[ISABELLE]!, 'POST', '/api/v1/applications', { callId: await openCallId(), departementCode: '44', territoryKind: 'departement' });
      expect(res.status).toBe(422);
      expect(res.body.details![0]).toMatchObject({ rule: 'AMI-3', field: 'departementCode' });
      const pro = await call(tokens[JULIE]!, 'POST', '/api/v1/applications', { callId: await openCallId(), departementCode: '49', territoryKind: 'departement' });
      expect(pro.status).toBe(403);
    });

    it('refuses bad bodies with 400 and the fields in error, never a 500', async () => {
      const bad = await call(tokens[ISABELLE]!, 'POST', '/api/v1/applications', '{"callId": 1,', { 'content-type': 'application/json' });
      expect(bad.status).toBe(400);
      expect(bad.body.details![0]!.message).toBe('Le corps de la requête n’est pas du JSON valide.');
      const empty = await call(tokens[ISABELLE]!, 'POST', '/api/v1/applications', '', { 'content-type': 'application/json' });
      expect(empty.status).toBe(400);
      const types = await call(tokens[ISABELLE]!, 'POST', '/api/v1/applications', { callId: '1', departementCode: 49, territoryKind: 'region' });
      expect(types.status).toBe(400);
      expect(types.body.details!.map((d) => d.field).sort()).toEqual(['callId', 'departementCode', 'territoryKind']);
      expect((await call(tokens[ISABELLE]!, 'POST', '/api/v1/applications', [1, 2])).status).toBe(400);
      expect((await call(tokens[ISABELLE]!, 'POST', '/api/v1/applications', 'null', { 'content-type': 'application/json' })).status).toBe(400);
      expect((await call(tokens[ISABELLE]!, 'POST', '/api/v1/applications', '<a/>', { 'content-type': 'application/xml' })).status).toBe(415);
    });

    it('Isabelle Roux creates the application of Maine-et-Loire for the open call', async () => {
      const res = await call(tokens[ISABELLE]!, 'POST', '/api/v1/applications', { callId: await openCallId(), departementCode: '49', territoryKind: 'departement' });
      expect(res.status).toBe(201);
      const created = ApplicationSchema.parse(res.body);
      id = created.id;
      expect(res.headers.get('location')).toBe(`/api/v1/applications/${id}`);
      expect(created).toMatchObject({
        status: 'draft',
        leadOrganisation: { name: 'Conseil départemental de Maine-et-Loire', kind: 'conseil_departemental' },
        territory: { kind: 'departement', departementCode: '49', departementName: 'Maine-et-Loire' },
        digest: null,
        receiptUrl: null,
      });
      expect(created.sections.budget.version).toBe(1);
      budgetVersion = 1;
      expect(created.admissibility.admissible).toBe(false);
    });

    it('a token of another département’s lead applicant, or of a person, does not see it (404)', async () => {
      expect((await call(tokens[ANTOINE]!, 'GET', `/api/v1/applications/${id}`)).status).toBe(404);
      expect((await call(tokens[ELODIE]!, 'GET', `/api/v1/applications/${id}`)).status).toBe(404);
      expect((await call(tokens[ANTOINE]!, 'PATCH', `/api/v1/applications/${id}`, { sections: {} })).status).toBe(404);
      // The territory coordinator of the same organisation may edit it, not submit it.
      expect((await call(tokens[THOMAS]!, 'GET', `/api/v1/applications/${id}`)).status).toBe(200);
      expect((await call(tokens[THOMAS]!, 'POST', `/api/v1/applications/${id}/submit`)).status).toBe(404);
    });

    it('lists the failing rules: AMI-12 asks for a budget', async () => {
      const res = await call(tokens[ISABELLE]!, 'GET', `/api/v1/applications/${id}/admissibility`);
      expect(res.status).toBe(200);
      expect(res.body.admissible).toBe(false);
      expect(res.body.failures).toEqual([{ rule: 'AMI-12', field: 'budget.expenses', message: expect.stringContaining('Renseignez le budget') }]);
      expect((res.body.qualitySignals as { key: string }[]).map((s) => s.key)).toEqual(['consortiumBreadth', 'wholeDepartement', 'publicSize', 'measurableIndicators']);
    });

    const budget = (grant: number, own: number) => ({
      expenses: [
        { category: 'animation_team', label: 'Équipe d’animation', year: 2026, amountCents: 60_000_000 },
        { category: 'information_systems', label: 'Logiciel', year: 2026, amountCents: 2_000_000 },
      ],
      stateGrantCents: grant,
      selfFundingCents: own,
      coFunders: [],
    });

    it('saves a section on the version read, and refuses a stale version with what the other person changed (409)', async () => {
      const first = await call(tokens[ISABELLE]!, 'PATCH', `/api/v1/applications/${id}`, { sections: { budget: { version: budgetVersion, content: budget(50_000_001, 10_000_000) } } });
      expect(first.status).toBe(200);
      const saved = ApplicationSchema.parse(first.body);
      expect(saved.sections.budget).toMatchObject({ version: 2, updatedBy: 'Isabelle Roux' });
      expect(saved.admissibility.failures.map((f) => f.rule)).toEqual(['AMI-11', 'AMI-12', 'AMI-13', 'AMI-14']);

      // Thomas Girard saves the budget on version 2; Isabelle, still on version 2, is refused.
      const thomas = await call(tokens[THOMAS]!, 'PATCH', `/api/v1/applications/${id}`, { sections: { budget: { version: 2, content: { ...budget(50_000_001, 10_000_000), selfFundingCents: 12_400_000 } } } });
      expect(thomas.status).toBe(200);
      const stale = await call(tokens[ISABELLE]!, 'PATCH', `/api/v1/applications/${id}`, {
        sections: { public: { version: 1, content: { targetPublic: 'Allocataires du RSA', peopleCount: 12_000, coConstruction: '' } }, budget: { version: 2, content: budget(1, 1) } },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.details).toEqual([
        { field: 'sections.budget', message: 'La section « Budget » a été modifiée par Thomas Girard (version 3) depuis la version 2 que vous avez lue.' },
        { field: 'sections.budget.selfFundingCents', message: 'selfFundingCents : « 10000000 » → « 12400000 »' },
      ]);
      expect(stale.body.conflicts).toMatchObject({ budget: { yourVersion: 2, currentVersion: 3, updatedBy: 'Thomas Girard', content: { selfFundingCents: 12_400_000 } } });
      // Nothing was saved, not even the fresh section sent along.
      const after = ApplicationSchema.parse((await call(tokens[ISABELLE]!, 'GET', `/api/v1/applications/${id}`)).body);
      expect(after.sections.public.version).toBe(1);
      expect(after.sections.budget.content.selfFundingCents).toBe(12_400_000);
      budgetVersion = 3;

      const future = await call(tokens[ISABELLE]!, 'PATCH', `/api/v1/applications/${id}`, { sections: { budget: { version: 9, content: budget(1, 1) } } });
      expect(future.status).toBe(409);
      expect(future.body.details![0]!.field).toBe('sections.budget.version');
    });

    it('refuses wrong section contents with 400 and their paths', async () => {
      const res = await call(tokens[ISABELLE]!, 'PATCH', `/api/v1/applications/${id}`, {
        sections: { budget: { version: '3', content: { ...budget(1, 1), expenses: [{ category: 'information_systems', label: '', year: 2026, amountCents: '12,50' }] } }, nope: {} },
      });
      expect(res.status).toBe(400);
      expect(res.body.details!.map((d) => d.field)).toEqual(expect.arrayContaining(['sections.budget.version', 'sections.budget.content.expenses.0.amountCents', 'sections']));
      const none = await call(tokens[ISABELLE]!, 'PATCH', `/api/v1/applications/${id}`, { sections: {} });
      expect(none.status).toBe(400);
      expect(none.body.details).toEqual([{ field: 'sections', message: 'Indiquez au moins une section à enregistrer.' }]);
    });

    it('refuses a Windows executable renamed .pdf, with the French message, and accepts a real PDF', async () => {
      const exe = new Uint8Array(512);
      exe.set([0x4d, 0x5a], 0); // 'MZ'
      new DataView(exe.buffer).setUint32(0x3c, 0x80, true); // offset of the PE header
      exe.set([0x50, 0x45, 0, 0, 0x4c, 0x01], 0x80); // 'PE\0\0', i386
      const form = new FormData();
      form.set('kind', 'annex');
      form.set('file', new Blob([exe], { type: 'application/pdf' }), 'budget.pdf');
      const refused = await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/attachments`, form);
      expect(refused.status).toBe(422);
      expect(refused.body.details).toEqual([{ field: 'file', message: 'Ce fichier n’est pas un PDF, ODT, DOCX, JPEG ou PNG (type reconnu : EXE).' }]);

      const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const ok = new FormData();
      ok.set('kind', 'deliberation');
      ok.set('file', new Blob([pdf]), 'deliberation.pdf');
      const added = await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/attachments`, ok);
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ kind: 'deliberation', signer: null, filename: 'deliberation.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length });
      const listed = ApplicationSchema.parse((await call(tokens[ISABELLE]!, 'GET', `/api/v1/applications/${id}`)).body).attachments;
      expect(listed.map((a) => a.filename)).toEqual(['deliberation.pdf']);
    });

    it('answers bad uploads with a French 4xx: too big, no file, wrong kind, not multipart', async () => {
      const big = new FormData();
      big.set('kind', 'annex');
      big.set('file', new Blob([new Uint8Array(20 * 1024 * 1024 + 10)]), 'gros.pdf');
      const tooBig = await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/attachments`, big);
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.details![0]!.message).toBe('Le fichier dépasse 20 Mo.');

      const noFile = new FormData();
      noFile.set('kind', 'annex');
      expect((await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/attachments`, noFile)).body.details).toEqual([
        { field: 'file', message: 'Joignez un fichier non vide dans le champ « file ».' },
      ]);
      const wrongKind = new FormData();
      wrongKind.set('kind', 'virus');
      wrongKind.set('file', new Blob(['%PDF-1.4']), 'a.pdf');
      const kind = await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/attachments`, wrongKind);
      expect(kind.status).toBe(400);
      expect(kind.body.details![0]!.field).toBe('kind');
      expect((await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/attachments`, { kind: 'annex' })).status).toBe(415);
      const broken = await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/attachments`, '--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nannex', {
        'content-type': 'multipart/form-data; boundary=x',
      });
      expect(broken.status).toBe(400);
    });

    it('refuses to submit while inadmissible (422 with the rules), then submits once admissible (no letters: the lead is the conseil départemental)', async () => {
      const refused = await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/submit`);
      expect(refused.status).toBe(422);
      expect(refused.body.details!.map((d) => d.rule)).toEqual(['AMI-11', 'AMI-13', 'AMI-14']);

      const complete = await call(tokens[ISABELLE]!, 'PATCH', `/api/v1/applications/${id}`, {
        sections: {
          leadApplicant: { version: 1, content: { contactName: 'Isabelle Roux', contactEmail: 'insertion@cd49.demo.test', contactPhone: '02 41 00 00 00' } },
          budget: {
            version: budgetVersion,
            content: {
              expenses: [
                { category: 'animation_team', label: 'Équipe d’animation', year: 2026, amountCents: 60_000_000 },
                { category: 'training', label: 'Formation des référents', year: 2027, amountCents: 2_500_050 },
              ],
              stateGrantCents: 50_000_000, // exactly the ceiling (AMI-11)
              selfFundingCents: 12_500_010, // exactly 20 % of 625 000,50 € (AMI-12)
              coFunders: [{ name: 'CAF de Maine-et-Loire', amountCents: 40 }],
            },
          },
        },
      });
      expect(complete.status).toBe(200);
      const admissibility = await call(tokens[ISABELLE]!, 'GET', `/api/v1/applications/${id}/admissibility`);
      expect(admissibility.body).toMatchObject({ admissible: true, failures: [] });

      const submitted = await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/submit`);
      expect(submitted.status).toBe(200);
      const s = SubmissionSchema.parse(submitted.body);
      expect(s.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(s.receiptUrl).toBe(`/candidatures/${id}/accuse-de-reception.pdf`);
      expect(s.reference).toMatch(/^SPIE-\d{4}-\d{6}$/);
      const mails = await app.deps.db.selectFrom('mail_outbox').select(['to_address', 'subject']).where('subject', 'like', 'Candidature déposée%').execute();
      expect(mails.map((m) => m.to_address).sort()).toEqual(['insertion@cd49.demo.test', ISABELLE]);

      const shown = ApplicationSchema.parse((await call(tokens[ISABELLE]!, 'GET', `/api/v1/applications/${id}`)).body);
      expect(shown).toMatchObject({ status: 'submitted', digest: s.digest, receiptUrl: s.receiptUrl });
    });

    it('refuses a second submission and any change once submitted (409)', async () => {
      const again = await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/submit`);
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('Cette candidature a déjà été déposée.');
      const patch = await call(tokens[ISABELLE]!, 'PATCH', `/api/v1/applications/${id}`, { sections: { public: { version: 1, content: { targetPublic: 'x', peopleCount: null, coConstruction: '' } } } });
      expect(patch.status).toBe(409);
      const form = new FormData();
      form.set('kind', 'annex');
      form.set('file', new Blob(['%PDF-1.4\n%%EOF']), 'tard.pdf');
      expect((await call(tokens[ISABELLE]!, 'POST', `/api/v1/applications/${id}/attachments`, form)).status).toBe(409);
      // Once submitted, the département's prefect sees it too.
      const sophie = await createToken('sophie.garnier@prefecture49.demo.test');
      expect((await call(sophie, 'GET', `/api/v1/applications/${id}`)).status).toBe(200);
    });
  });

  describe('OpenAPI document', () => {
    it('is public, OpenAPI 3.1, with exactly the twenty-eight operations (issues 3, 4, 5 and 6)', async () => {
      const res = await call(null, 'GET', '/api/v1/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toBe('3.1.0');
      const paths = res.body.paths as Record<string, Record<string, { operationId?: string }>>;
      const ids = Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((op) => (op.operationId ? [op.operationId] : [])));
      expect(ids.sort()).toEqual(
        [
          'listCalls',
          'createCall',
          'getCall',
          'createApplication',
          'getApplication',
          'updateApplication',
          'getAdmissibility',
          'submitApplication',
          'uploadAttachment',
          'listApplications',
          'recordOpinion',
          'returnForCompletion',
          'decide',
          'recordPayment',
          'exportApplications',
          'findPeople',
          'openPathway',
          'getPathway',
          'recordDiagnosis',
          'requestOrientation',
          'decideOrientation',
          'assignReferent',
          'addPlanItem',
          'scheduleAppointment',
          'importPeople',
          'searchServices',
          'getService',
          'exportCatalogue',
        ].sort(),
      );
    });

    it('describes every API route, and only those', async () => {
      const doc = (await call(null, 'GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
      const registered = app.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`);
      expect(registered.sort()).toEqual(documented.sort());
    });

    it('has every $ref resolvable', async () => {
      const doc = (await call(null, 'GET', '/api/v1/openapi.json')).body as { components: { schemas: Record<string, unknown> } };
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(10);
      for (const name of refs) expect(doc.components.schemas, name).toHaveProperty(name);
    });
  });
});
