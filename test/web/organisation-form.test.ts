import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, verifyAuditTrail } from '../../src/domains/audit/adapters/audit-trail.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('adding an organisation', () => {
  let app: TestApp;
  let admin: HttpSession;
  const count = async () => (await app.deps.db.selectFrom('organisation').select('id').execute()).length;

  beforeAll(async () => {
    app = await startTestApp();
    admin = new HttpSession(app.baseUrl);
    await admin.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));
  });
  afterAll(() => app.stop());

  it('refuses a wrong SIRET with the message next to the field, keeps what was typed, and creates nothing', async () => {
    const before = await count();
    const res = await admin.postForm('/organisations', { name: 'CCAS de Saumur', siret: '130 025 265 00014', kind: 'ccas', departementCode: '49' }, '/organisations/nouvelle');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Ce SIRET n’est pas valide (clé de contrôle incorrecte).');
    expect(html).toMatch(/id="org-siret"[^>]*aria-describedby="org-siret-erreur"/);
    expect(html).toContain('value="CCAS de Saumur"');
    expect(html).toContain('value="130 025 265 00014"');
    expect(await count()).toBe(before);
  });

  it('creates a valid organisation, in the département’s region, and audits it', async () => {
    const res = await admin.postForm('/organisations', { name: 'CCAS de Saumur', siret: '130 025 265 00013', kind: 'ccas', departementCode: '49' }, '/organisations/nouvelle');
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/organisations\/\d+\?cree=1$/);
    const page = await (await admin.get(location)).text();
    expect(page).toContain('L’organisation a été enregistrée.');
    expect(page).toContain('CCAS de Saumur');
    const row = await app.deps.db.selectFrom('organisation').selectAll().where('siret', '=', '13002526500013').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'CCAS de Saumur', kind: 'ccas', departement_code: '49', region_code: '52' });
    const audit = await listAudit(app.deps.db, { action: 'organisation.create' });
    expect(audit[0]).toMatchObject({ object_id: String(row.id), actor_label: 'Nadia Benali' });
    expect((await verifyAuditTrail(app.deps.db)).intact).toBe(true);
  });

  it('refuses the same SIRET twice, naming the organisation that has it', async () => {
    const res = await admin.postForm('/organisations', { name: 'Autre', siret: '13002526500013', kind: 'association', departementCode: '72' }, '/organisations/nouvelle');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Ce SIRET est déjà celui de l’organisation « CCAS de Saumur ».');
  });

  it('is kept from anyone but the national team', async () => {
    const pro = new HttpSession(app.baseUrl);
    await pro.signInAsId(await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test'));
    expect((await pro.get('/organisations/nouvelle')).status).toBe(403);
    const token = await pro.csrfToken('/tableau-de-bord');
    const res = await pro.request('/organisations', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: token, name: 'Pirate', siret: '11000000100013', kind: 'company', departementCode: '49' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(403);
    expect(await app.deps.db.selectFrom('organisation').select('id').where('name', '=', 'Pirate').execute()).toEqual([]);
  });
});
