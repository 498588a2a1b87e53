import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES, isAction } from '../../src/domains/authorization/authorize.js';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { registerAuthorization } from '../../src/adapters/web/authorization-hook.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('authorization on every route', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('every registered route declares an action that the authorization module knows', () => {
    expect(app.routes.length).toBeGreaterThan(15);
    const missing = app.routes.filter((r) => !isAction(r.action));
    expect(missing).toEqual([]);
    // and every action used by a route has a rule
    for (const r of app.routes) expect(Object.hasOwn(RULES, r.action)).toBe(true);
  });

  it('refuses to register a route without a rule', async () => {
    const bare = Fastify();
    registerAuthorization(bare, []);
    expect(() => bare.get('/sans-regle', async () => 'x')).toThrow(/ne déclare pas d’action/);
    expect(() => bare.get('/regle-inconnue', { config: { authz: { action: 'nope' as never } } }, async () => 'x')).toThrow(
      /ne déclare pas d’action/,
    );
    await bare.close();
  });

  it('a visitor is sent to sign in for a protected page', async () => {
    const visitor = new HttpSession(app.baseUrl);
    const res = await visitor.get('/admin/journal');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/connexion?retour=%2Fadmin%2Fjournal');
  });

  it('a département prefect outside the perimeter gets 404 for an organisation, and the attempt is audited', async () => {
    const sarthe = new HttpSession(app.baseUrl);
    const marcId = await userIdByEmail(app, 'marc.dubois@prefecture72.demo.test');
    expect((await sarthe.signInAsId(marcId)).status).toBe(302);
    const cd49 = await app.deps.db.selectFrom('organisation').select('id').where('siret', '=', '22490001000014').executeTakeFirstOrThrow();
    const cd72 = await app.deps.db.selectFrom('organisation').select('id').where('siret', '=', '22720001000014').executeTakeFirstOrThrow();

    expect((await sarthe.get(`/organisations/${cd72.id}`)).status).toBe(200);
    const denied = await sarthe.get(`/organisations/${cd49.id}`);
    expect(denied.status).toBe(404);
    expect(await denied.text()).not.toContain('Maine-et-Loire');

    const audit = await listAudit(app.deps.db, { action: 'access.denied', actorUserId: marcId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ object_type: 'organisation', object_id: String(cd49.id) });
    expect(audit[0]!.summary).toMatchObject({ attemptedAction: 'organisation.view', status: 404 });
  });

  it('a professional asking for the audit trail gets 403, audited', async () => {
    const pro = new HttpSession(app.baseUrl);
    const julieId = await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test');
    await pro.signInAsId(julieId);
    const res = await pro.get('/admin/journal');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Accès refusé');
    const audit = await listAudit(app.deps.db, { action: 'access.denied', actorUserId: julieId });
    expect(audit[0]!.summary).toMatchObject({ attemptedAction: 'audit.read', route: '/admin/journal', status: 403 });
  });

  it('lists only the organisations of one’s perimeter', async () => {
    const sophie = new HttpSession(app.baseUrl);
    await sophie.signInAsId(await userIdByEmail(app, 'sophie.garnier@prefecture49.demo.test'));
    const html = await (await sophie.get('/organisations')).text();
    expect(html).toContain('Mission locale angevine');
    expect(html).not.toContain('Conseil départemental de la Sarthe');
    expect(html).not.toContain('Conseil départemental du Nord');
  });
});
