/** The space's settings over HTTP (issue 5 §3, §12): the coordinator only; bad input keeps the typing and changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe('space settings', () => {
  let app: TestApp;
  let url: string;
  const thomas = () => sessions.thomas!;
  const sessions: Record<string, HttpSession> = {};
  const settings = async () => app.deps.db.selectFrom('territory_space').select(['retention_months', 'former_referent_days']).executeTakeFirstOrThrow();

  beforeAll(async () => {
    app = await startTestApp();
    url = `/spie/${(await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id}/reglages`;
    for (const [who, email] of [['thomas', 'thomas.girard@cd49.demo.test'], ['julie', 'julie.perrin@missionlocale49.demo.test']] as const) {
      sessions[who] = new HttpSession(app.baseUrl);
      await sessions[who].signInAsId(await userIdByEmail(app, email));
    }
  });
  afterAll(() => app.stop());

  it('shows the defaults to the coordinator, and hides the page from a professional (404, audited)', async () => {
    const page = await thomas().get(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/name="retentionMonths"[^>]*value="24"/);
    expect(html).toMatch(/name="formerReferentDays"[^>]*value="90"/);
    expect((await sessions.julie!.get(url)).status).toBe(404);
    expect((await sessions.julie!.postForm(url, { retentionMonths: '1', formerReferentDays: '0' }, '/spie')).status).toBe(404);
    const denied = await app.deps.db.selectFrom('audit_log').select('summary').where('action', '=', 'access.denied').execute();
    expect(denied.some((d) => JSON.stringify(d.summary).includes('space.manage'))).toBe(true);
    expect(await settings()).toEqual({ retention_months: 24, former_referent_days: 90 });
  });

  it('refuses values out of bounds next to their fields, keeps them, changes nothing; then records good ones, audited', async () => {
    const bad = await thomas().postForm(url, { retentionMonths: '0', formerReferentDays: 'quatre-vingt-dix' }, url);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Indiquez une durée de conservation entière, de 1 à 120 mois.');
    expect(html).toContain('Indiquez un nombre entier de jours, de 0 à 3 650.');
    expect(html).toMatch(/name="formerReferentDays"[^>]*value="quatre-vingt-dix"/);
    expect(await settings()).toEqual({ retention_months: 24, former_referent_days: 90 });

    // Shortening the retention is asked twice: a confirmation page first, nothing changed yet.
    const shorter = await thomas().postForm(url, { retentionMonths: '12', formerReferentDays: '30' }, url);
    expect(shorter.status).toBe(200);
    expect(await shorter.text()).toContain('Réduire la conservation de 24 à 12 mois ?');
    expect(await settings()).toEqual({ retention_months: 24, former_referent_days: 90 });
    const good = await thomas().postForm(url, { retentionMonths: '36', formerReferentDays: '30' }, url);
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`${url}?ok=enregistre`);
    expect(await settings()).toEqual({ retention_months: 36, former_referent_days: 30 });
    const audit = await app.deps.db.selectFrom('audit_log').select(['actor_label', 'summary']).where('action', '=', 'space.settings').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_label: 'Thomas Girard', summary: { before: { retention_months: 24, former_referent_days: 90 }, after: { retention_months: 36, former_referent_days: 30 } } });
    const confirmed = await thomas().postForm(url, { retentionMonths: '12', formerReferentDays: '30', confirm: '1' }, url);
    expect(confirmed.status).toBe(303);
    expect(await settings()).toEqual({ retention_months: 12, former_referent_days: 30 });
  });
});
