import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('calls (AMI-1)', () => {
  let app: TestApp;
  let admin: HttpSession;
  const form = {
    title: 'AMI SPIE 2027',
    description: 'Troisième vague.',
    opensOn: '2027-01-04',
    deadlineOn: '2027-03-29',
    laureateSlots: '20',
    maxGrant: '500 000,00',
    minSelfFundingRate: '20',
    eligibleExpenseCategories: 'animation_team',
    excludedTerritories: '44, 69M',
  };

  beforeAll(async () => {
    app = await startTestApp();
    admin = new HttpSession(app.baseUrl);
    await admin.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));
  });
  afterAll(() => app.stop());

  it('the demo holds the two calls of 2021 and one open call', async () => {
    const calls = await app.deps.db.selectFrom('ami_call').selectAll().orderBy('opens_at').execute();
    expect(calls.map((c) => [c.title, c.laureate_slots, c.max_grant_cents, c.min_self_funding_rate_bp, c.status])).toEqual([
      ['AMI SPIE 2021 – vague 1', 30, 50_000_000, 2_000, 'decided'],
      ['AMI SPIE 2021 – vague 2', 35, 50_000_000, 2_000, 'decided'],
      ['AMI SPIE – appel de démonstration', 10, 50_000_000, 2_000, 'published'],
    ]);
    expect(calls[0]!.deadline_at.toISOString()).toBe('2021-02-28T22:59:59.000Z'); // 23:59:59 Paris (winter)
    expect(calls[1]!.deadline_at.toISOString()).toBe('2021-10-11T21:59:59.000Z'); // 23:59:59 Paris (summer)
    expect(calls[0]!.excluded_territories).toHaveLength(17); // the 14 experiment territories (Bretagne = 4 départements)
  });

  it('refuses an incomplete call with each error next to its field, and creates nothing', async () => {
    const before = (await app.deps.db.selectFrom('ami_call').select('id').execute()).length;
    const res = await admin.postForm('/appels', { ...form, deadlineOn: '2026-12-01', maxGrant: '500 OOO', minSelfFundingRate: '120', excludedTerritories: '44, 99' }, '/appels/nouveau');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('La date limite doit suivre la date d’ouverture.');
    expect(html).toContain('Indiquez un taux entre 0 et 100 %');
    expect(html).toContain('Territoires inconnus : 99.');
    expect(html).toMatch(/id="appel-subvention-erreur"/);
    expect(html).toContain('value="500 OOO"');
    expect((await app.deps.db.selectFrom('ami_call').select('id').execute()).length).toBe(before);
  });

  it('creates, publishes and closes a call, each step audited; a lead applicant cannot', async () => {
    const res = await admin.postForm('/appels', form, '/appels/nouveau');
    expect(res.status).toBe(303);
    const id = Number(/\/appels\/(\d+)/.exec(res.headers.get('location')!)![1]);
    const call = await app.deps.db.selectFrom('ami_call').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(call).toMatchObject({ status: 'draft', max_grant_cents: 50_000_000, min_self_funding_rate_bp: 2_000, excluded_territories: ['44', '69M'] });
    expect(call.deadline_at.toISOString()).toBe('2027-03-29T21:59:59.000Z'); // summer time began on 28 March 2027

    const isabelle = new HttpSession(app.baseUrl);
    await isabelle.signInAsId(await userIdByEmail(app, 'isabelle.roux@cd49.demo.test'));
    expect((await isabelle.get(`/appels/${id}`)).status).toBe(404); // drafts are the national team's
    const token = await isabelle.csrfToken('/appels');
    const forbidden = await isabelle.request(`/appels/${id}/statut`, { method: 'POST', body: new URLSearchParams({ _csrf: token, to: 'published' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forbidden.status).toBe(403);

    expect((await admin.postForm(`/appels/${id}/statut`, { to: 'published' }, `/appels/${id}`)).status).toBe(303);
    expect((await isabelle.get(`/appels/${id}`)).status).toBe(200);
    expect((await admin.get(`/appels/${id}/cloturer`)).status).toBe(200);
    expect((await admin.postForm(`/appels/${id}/statut`, { to: 'closed' }, `/appels/${id}`)).status).toBe(303);
    expect((await admin.postForm(`/appels/${id}/statut`, { to: 'published' }, `/appels/${id}`)).status).toBe(409);

    const audit = await listAudit(app.deps.db, { objectType: 'call' });
    // Newest first: closed, published, Isabelle's refused look at the draft, created.
    expect(audit.filter((a) => a.object_id === String(id)).map((a) => a.action)).toEqual(['call.status', 'call.status', 'access.denied', 'call.create']);
  });

  it('refuses an edit based on a stale version, keeping the input', async () => {
    const call = await app.deps.db.selectFrom('ami_call').select(['id', 'version']).where('title', '=', 'AMI SPIE – appel de démonstration').executeTakeFirstOrThrow();
    const editForm = { ...form, title: 'Titre modifié', version: String(call.version) };
    expect((await admin.postForm(`/appels/${call.id}/modifier`, editForm, `/appels/${call.id}/modifier`)).status).toBe(303);
    const stale = await admin.postForm(`/appels/${call.id}/modifier`, { ...editForm, title: 'Autre titre' }, `/appels/${call.id}/modifier`);
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('L’appel a été modifié par quelqu’un d’autre');
    expect(html).toContain('value="Autre titre"');
  });
});
