/** Attachments through the web form: recognised by content, not by name; 20 MB; CSRF still required. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsExecutable } from '../support/files.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';


describe('attachments through the web form', () => {
  let app: TestApp;
  let isabelle: HttpSession;
  let url: string;

  const upload = async (s: HttpSession, file: Uint8Array, name: string, fields: Record<string, string>, csrf = true) => {
    const form = new FormData();
    if (csrf) form.set('_csrf', await s.csrfToken(url));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('file', new Blob([new Uint8Array(file)]), name);
    return s.request(`${url}/pieces`, { method: 'POST', body: form });
  };

  beforeAll(async () => {
    app = await startTestApp();
    isabelle = new HttpSession(app.baseUrl);
    await isabelle.signInAsId(await userIdByEmail(app, 'isabelle.roux@cd49.demo.test'));
    const call = await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
    const res = await isabelle.postForm('/candidatures', { callId: String(call.id), departementCode: '49', kind: 'departement' }, '/candidatures/nouvelle');
    url = res.headers.get('location')!.split('?')[0]!;
  });
  afterAll(() => app.stop());

  it('refuses a Windows executable renamed .pdf, with a French message, storing nothing', async () => {
    const res = await upload(isabelle, windowsExecutable(), 'lettre-engagement.pdf', { kind: 'commitment_letter', signer: 'france_travail' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Ce fichier n’est pas un PDF, ODT, DOCX, JPEG ou PNG');
    expect(await app.deps.db.selectFrom('application_attachment').select('id').execute()).toEqual([]);
  });

  it('accepts a real PNG, named after its content, and serves it back', async () => {
    const png = readFileSync('test/fixtures/attachments/tiny.png');
    const res = await upload(isabelle, png, 'scan.pdf', { kind: 'annex', signer: '' });
    expect(res.status).toBe(303);
    const row = await app.deps.db.selectFrom('application_attachment').select(['id', 'filename']).executeTakeFirstOrThrow();
    expect(row.filename).toBe('scan.png');
    const back = await isabelle.get(`${url}/pieces/${row.id}`);
    expect(back.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await back.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses an upload without the CSRF token', async () => {
    const res = await upload(isabelle, readFileSync('test/fixtures/attachments/tiny.png'), 'x.png', { kind: 'annex' }, false);
    expect(res.status).toBe(403);
  });

  it('refuses a file over 20 MB with a clear message', async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(Buffer.from('%PDF-1.4\n'));
    const res = await upload(isabelle, big, 'gros.pdf', { kind: 'annex' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Le fichier dépasse 20 Mo.');
  });

  it('hides the pieces of an application from a professional of another organisation', async () => {
    const pro = new HttpSession(app.baseUrl);
    await pro.signInAsId(await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test'));
    const row = await app.deps.db.selectFrom('application_attachment').select('id').executeTakeFirstOrThrow();
    expect((await pro.get(`${url}/pieces/${row.id}`)).status).toBe(404);
    expect((await isabelle.get(`${url.replace(/\d+$/, '0x1')}`)).status).toBe(404);
  });
});
