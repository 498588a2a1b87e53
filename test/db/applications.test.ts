import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, loadSections } from '../../src/domains/ami/adapters/applications.js';
import { saveSection } from '../../src/domains/ami/adapters/sections.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe.each(DATABASE_TARGETS)('applications on $name', (target) => {
  let app: TestApp;
  let isabelle: Actor;
  let karim: Actor;
  let openCallId: number;
  let cd49: number;
  const now = new Date();

  beforeAll(async () => {
    app = await startTestApp({ target });
    isabelle = (await loadActor(app.deps.db, await userIdByEmail(app, 'isabelle.roux@cd49.demo.test')))!;
    karim = (await loadActor(app.deps.db, await userIdByEmail(app, 'karim.haddad@francetravail49.demo.test')))!;
    openCallId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    cd49 = isabelle.organisationId!;
  });
  afterAll(() => app.stop());

  it('refuses an application for an experiment territory (AMI-3), pointing to the complementary track', async () => {
    const result = await createApplication(app.deps.db, {
      callId: openCallId,
      leadOrganisationId: cd49,
      territory: { kind: 'departement', departementCode: '44' },
      actor: isabelle,
      now,
    });
    expect(result).toMatchObject({ ok: false, rule: 'AMI-3', message: expect.stringContaining('crédits complémentaires') });
  });

  it('refuses a call whose deadline has passed (AMI-2)', async () => {
    const closed = await app.deps.db.selectFrom('ami_call').select('id').where('title', '=', 'AMI SPIE 2021 – vague 1').executeTakeFirstOrThrow();
    await app.deps.db.updateTable('ami_call').set({ status: 'published' }).where('id', '=', closed.id).execute();
    const result = await createApplication(app.deps.db, { callId: closed.id, leadOrganisationId: cd49, territory: { kind: 'departement', departementCode: '49' }, actor: isabelle, now });
    expect(result).toMatchObject({ ok: false, rule: 'AMI-2' });
    await app.deps.db.updateTable('ami_call').set({ status: 'decided' }).where('id', '=', closed.id).execute();
  });

  it('two concurrent saves of a section based on the same version: exactly one succeeds, the other is told what changed', async () => {
    const created = await createApplication(app.deps.db, { callId: openCallId, leadOrganisationId: cd49, territory: { kind: 'departement', departementCode: '49' }, actor: isabelle, now });
    expect(created.ok).toBe(true);
    const id = (created as { id: number }).id;
    const base = (await loadSections(app.deps.db, id)).budget;
    expect(base.version).toBe(1);
    const budget = (grant: number) => ({ ...base.content, stateGrantCents: grant });

    const results = await Promise.all([
      saveSection(app.deps.db, { applicationId: id, section: 'budget', content: budget(40_000_000), baseVersion: 1, actor: isabelle, now }),
      saveSection(app.deps.db, { applicationId: id, section: 'budget', content: budget(45_000_000), baseVersion: 1, actor: karim, now }),
    ]);
    const ok = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const winner = results[0]!.ok ? 40_000_000 : 45_000_000;
    const stale = refused[0] as Extract<(typeof results)[number], { reason: 'stale' }>;
    expect(stale.reason).toBe('stale');
    expect(stale.current.version).toBe(2);
    expect(stale.changes).toEqual([{ path: 'stateGrantCents', before: '0', after: String(winner) }]);
    // Nothing was silently overwritten: the stored value is the winner's.
    expect((await loadSections(app.deps.db, id)).budget.content.stateGrantCents).toBe(winner);
  });
});
