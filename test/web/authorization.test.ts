import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES, isAction } from '../../src/domains/authorization/authorize.js';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { registerAuthorization } from '../../src/adapters/web/authorization-hook.js';
import { runCli } from '../../src/cli/commands.js';
import { API_TOKEN_PATTERN } from '../../src/domains/identity/entities/api-token.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('authorization on every route', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('every registered route is listed with an action the authorization module has a rule for', () => {
    const urls = app.routes.map((r) => `${r.method} ${r.url}`);
    // The list is built from Fastify's own onRoute hook: every route, static assets and HEAD variants included.
    expect(urls).toEqual(expect.arrayContaining(['GET /healthz', 'HEAD /admin/journal', 'GET /dsfr/*', 'POST /deconnexion']));
    for (const r of app.routes) expect(isAction(r.action) && Object.hasOwn(RULES, r.action), `${r.method} ${r.url}`).toBe(true);
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

  /** Replaces route parameters with real values, so that a request reaches the handler's checks. */
  async function concrete(url: string): Promise<string> {
    const cd49 = await app.deps.db.selectFrom('organisation').select('id').where('siret', '=', '22490001000014').executeTakeFirstOrThrow();
    return url.replace(':id', String(cd49.id)).replace(':code', '49').replace('*', 'dsfr.min.css');
  }

  const PERSON_MAY = new Set(['public.view', 'session.signOut', 'account.view', 'dashboard.view', 'person.space']);

  it('every protected route, GET or POST, refuses a visitor and a person accompanied', async () => {
    const visitor = new HttpSession(app.baseUrl);
    const visitorToken = await visitor.csrfToken('/connexion/demo');
    const person = new HttpSession(app.baseUrl);
    await person.signInAsId(await userIdByEmail(app, 'elodie.lefevre-martin@personne.demo.test'));
    const personToken = await person.csrfToken('/tableau-de-bord');
    // The API ignores cookies: the person is checked there with an API token of their own.
    const personApiToken = (await runCli(app.deps.db, ['token:create', 'elodie.lefevre-martin@personne.demo.test'])).lines.find((l) => API_TOKEN_PATTERN.test(l))!;
    const checked: string[] = [];
    for (const route of app.routes) {
      if (route.action === 'public.view' || route.action === 'session.signOut') continue;
      const url = await concrete(route.url);
      const api = route.url.startsWith('/api/');
      const send = (s: HttpSession, token: string, bearer?: string) => {
        const auth: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
        return route.method === 'GET' || route.method === 'HEAD'
          ? s.request(url, { method: route.method, headers: auth })
          : s.request(url, { method: route.method, body: new URLSearchParams({ _csrf: token }), headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' } });
      };
      const asVisitor = await send(visitor, visitorToken);
      if ((route.method === 'GET' || route.method === 'HEAD') && !api) {
        expect(asVisitor.status, `${route.method} ${url} as visitor`).toBe(302);
        expect(asVisitor.headers.get('location'), url).toMatch(/^\/connexion\?retour=/);
      } else {
        // POSTs, and every API request (GET included: an API answers 401 JSON, it does not redirect).
        expect(asVisitor.status, `${route.method} ${url} as visitor`).toBe(401);
        if (api && route.method !== 'HEAD') expect(asVisitor.headers.get('content-type'), url).toMatch(/^application\/json/);
      }
      if (api) expect((await send(person, personToken)).status, `${route.method} ${url} with a session cookie only`).toBe(401);
      if (!PERSON_MAY.has(route.action)) {
        const asPerson = await send(person, personToken, api ? personApiToken : undefined);
        expect([403, 404], `${route.method} ${url} as person`).toContain(asPerson.status);
      }
      checked.push(`${route.method} ${route.url}`);
    }
    expect(checked).toEqual(
      expect.arrayContaining(['GET /admin/journal', 'HEAD /admin/journal', 'POST /organisations', 'GET /organisations/:id', 'POST /api/v1/calls', 'PATCH /api/v1/applications/:id', 'HEAD /api/v1/calls']),
    );
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
