/**
 * Large exports over HTTP (issue 4 §6): queued as a background job from a form, followed on a page
 * that reloads itself (progress, then the download link), downloaded by the one user who asked for it.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/domains/ami/adapters/applications.js';
import { EXPORT_HEADER } from '../../src/domains/ami/use-cases/export-applications.js';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { startJobRunner, type JobRunner } from '../../src/adapters/jobs/job-runner.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { DEMO_EMAILS, submittedApplication } from '../support/applications.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsxCodes(bytes: Buffer): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push(EXPORT_HEADER.map((_, i) => row.getCell(i + 1).value)));
  expect(rows[0]).toEqual(EXPORT_HEADER);
  return rows.slice(1).map((r) => r[2]);
}

describe('large exports as a background job, over HTTP', () => {
  let app: TestApp;
  let callId: number;
  const sessions: Record<'claire' | 'sophie', HttpSession> = {} as never;
  let claireJob: string;

  async function signedIn(email: string): Promise<HttpSession> {
    const session = new HttpSession(app.baseUrl);
    expect((await session.signInAsId(await userIdByEmail(app, email))).status).toBe(302);
    return session;
  }

  beforeAll(async () => {
    app = await startTestApp({ jobs: true });
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    const isabelle = (await loadActor(app.deps.db, await userIdByEmail(app, DEMO_EMAILS.isabelle)))!;
    const antoine = (await loadActor(app.deps.db, await userIdByEmail(app, DEMO_EMAILS.antoine)))!;
    await submittedApplication(app.deps.db, { actor: isabelle, callId, departementCode: '49' });
    await submittedApplication(app.deps.db, { actor: antoine, callId, departementCode: '72' });
    // A draft: not in the regional perimeter, so not in Claire's export.
    const draft = await createApplication(app.deps.db, { callId, leadOrganisationId: isabelle.organisationId!, territory: { kind: 'departement', departementCode: '53' }, actor: isabelle, now: new Date() });
    expect(draft.ok).toBe(true);
    sessions.claire = await signedIn(DEMO_EMAILS.claire);
    sessions.sophie = await signedIn(DEMO_EMAILS.sophie);
  });
  afterAll(() => app.stop());

  it('the commissaire queues an XLSX export, follows its page until done, and downloads exactly her perimeter', async () => {
    const claire = sessions.claire;
    const queued = await claire.postForm(`/appels/${callId}/exports`, { format: 'xlsx' }, `/appels/${callId}`);
    expect(queued.status).toBe(303);
    const location = queued.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/appels/${callId}/exports/[0-9a-f-]{36}$`));
    claireJob = location.split('/').pop()!;

    // The page's script asks the state until the export is done; the test follows the page itself.
    let html = '';
    const seen: string[] = [];
    for (let i = 0; i < 150; i++) {
      const page = await claire.get(location);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('private, no-store');
      html = await page.text();
      expect(html).toContain('<h1>Export des candidatures</h1>');
      const state = /État : (en attente|en cours|terminé|échec)/.exec(html)?.[1];
      expect(state, 'the state, in French').toBeDefined();
      if (seen.at(-1) !== state) seen.push(state!);
      if (state === 'terminé' || state === 'échec') break;
      expect(html).toContain(`data-export-etat="${location}/etat"`);
      expect(html).toContain('<script src="/static/export-progress.js" defer></script>');
      expect(html).not.toContain('http-equiv="refresh"'); // no timed reload (WCAG 2.2.1)
      const json = (await (await claire.get(`${location}/etat`)).json()) as { state: string; done: number; total: number | null };
      expect(['queued', 'running', 'done']).toContain(json.state);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen.at(-1)).toBe('terminé');
    expect(seen[0]).toMatch(/en attente|en cours|terminé/);
    expect(html).not.toContain('export-progress.js');
    expect(await (await claire.get(`${location}/etat`)).json()).toEqual({ state: 'done', done: 2, total: 2 });
    expect(html).toMatch(/<progress[^>]*max="2"[^>]*value="2"/);
    expect(html).toContain('2 sur 2 candidatures');
    expect(html).toContain('Télécharger le fichier (XLSX, 2 lignes)');
    expect(html).toContain(`href="/appels/${callId}/exports/${claireJob}/fichier"`);

    const file = await claire.get(`/appels/${callId}/exports/${claireJob}/fichier`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(XLSX);
    expect(file.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="candidatures-appel-${callId}-\\d{4}-\\d{2}-\\d{2}\\.xlsx"$`));
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    expect(await xlsxCodes(Buffer.from(await file.arrayBuffer()))).toEqual(['49', '72']);

    const audit = await listAudit(app.deps.db, { action: 'call.export' });
    expect(audit[0]).toMatchObject({ actor_label: 'Claire Fontaine', object_type: 'call', object_id: String(callId), summary: { format: 'xlsx', rows: 2, jobId: claireJob } });
  });

  it('the automatic updating can be stopped', async () => {
    const html = await (await sessions.claire.get(`/appels/${callId}/exports/${claireJob}?actualiser=non`)).text();
    expect(html).not.toContain('export-progress.js');
  });

  it('nobody else sees the export nor downloads it (404), and a visitor is sent to sign in', async () => {
    const sophie = sessions.sophie;
    for (const path of [`/appels/${callId}/exports/${claireJob}`, `/appels/${callId}/exports/${claireJob}/fichier`]) {
      const denied = await sophie.get(path);
      expect(denied.status, path).toBe(404);
      expect(await denied.text()).not.toContain('Télécharger le fichier');
      const visitor = await new HttpSession(app.baseUrl).get(path);
      expect(visitor.status, path).toBe(302);
      expect(visitor.headers.get('location')).toBe(`/connexion?retour=${encodeURIComponent(path)}`);
    }
    // Nor under another call's address, nor with a made-up id.
    const other = await app.deps.db.selectFrom('ami_call').select('id').where('id', '!=', callId).where('status', '!=', 'draft').executeTakeFirstOrThrow();
    expect((await sessions.claire.get(`/appels/${other.id}/exports/${claireJob}`)).status).toBe(404);
    expect((await sessions.claire.get(`/appels/${callId}/exports/pas-un-identifiant`)).status).toBe(404);
    expect((await sessions.claire.get(`/appels/${callId}/exports/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('refuses an unknown format and a form without its CSRF token', async () => {
    expect((await sessions.claire.postForm(`/appels/${callId}/exports`, { format: 'pdf' }, `/appels/${callId}`)).status).toBe(400);
    expect((await sessions.claire.postForm(`/appels/${callId}/exports`, { format: 'csv', _csrf: 'faux' })).status).toBe(403);
  });
});

describe('large exports when this instance runs no background jobs, then while one waits', () => {
  let app: TestApp;
  let runner: JobRunner | null = null;
  let callId: number;
  let claire: HttpSession;
  beforeAll(async () => {
    app = await startTestApp();
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    claire = new HttpSession(app.baseUrl);
    await claire.signInAsId(await userIdByEmail(app, DEMO_EMAILS.claire));
  });
  afterAll(async () => {
    await runner?.stop();
    await app?.stop();
  });

  it('answers a French page that offers the immediate download instead', async () => {
    const response = await claire.postForm(`/appels/${callId}/exports`, { format: 'xlsx' }, `/appels/${callId}`);
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain('Les exports en arrière-plan ne fonctionnent pas en ce moment');
    expect(html).toContain(`href="/appels/${callId}/export.xlsx"`);
    expect((await claire.get(`/appels/${callId}/exports/00000000-0000-4000-8000-000000000000`)).status).toBe(503);
  });

  it('a waiting export: « en attente », the page reloads itself (unless stopped), no file yet', async () => {
    // A job runner that queues but runs nothing: the export stays queued.
    runner = await startJobRunner(app.database.executor);
    app.deps.jobs = runner;
    const queued = await claire.postForm(`/appels/${callId}/exports`, { format: 'csv' }, `/appels/${callId}`);
    expect(queued.status).toBe(303);
    const path = queued.headers.get('location')!;
    const html = await (await claire.get(path)).text();
    expect(html).toContain('État : en attente');
    expect(html).toContain('au format CSV');
    expect(html).toMatch(/<progress class="spie-progress" id="progression-export"[^>]*\/?>/);
    expect(html).not.toMatch(/<progress[^>]*value=/); // indeterminate until the rows are counted
    expect(html).toContain('<script src="/static/export-progress.js" defer></script>');
    expect(await (await claire.get(`${path}/etat`)).json()).toEqual({ state: 'queued', done: 0, total: null });
    expect(html).toContain(`href="${path}?actualiser=non"`);
    expect(html).not.toContain('Télécharger le fichier');
    const stopped = await (await claire.get(`${path}?actualiser=non`)).text();
    expect(stopped).not.toContain('export-progress.js');
    expect(stopped).toContain('La mise à jour automatique est arrêtée.');
    expect((await claire.get(`${path}/fichier`)).status).toBe(409);
  });
});
