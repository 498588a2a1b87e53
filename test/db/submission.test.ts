/** Submission (issue 3 §4): rules re-checked at the instant of submission, deadline in Paris time, one per territory. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, loadSections } from '../../src/domains/ami/adapters/applications.js';
import { readFile } from '../../src/domains/ami/adapters/files.js';
import { saveSection } from '../../src/domains/ami/adapters/sections.js';
import type { BudgetSection } from '../../src/domains/ami/entities/application-content.js';
import { parisDeadline } from '../../src/domains/ami/entities/deadline.js';
import { submitApplication } from '../../src/domains/ami/use-cases/submit-application.js';
import { verifyAuditTrail } from '../../src/domains/audit/adapters/audit-trail.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const ADMISSIBLE_BUDGET: BudgetSection = {
  expenses: [
    { category: 'animation_team', label: 'Équipe d’animation', year: 2026, amountCents: 30_000_000 },
    { category: 'training', label: 'Formations', year: 2026, amountCents: 20_000_000 },
  ],
  stateGrantCents: 40_000_000,
  selfFundingCents: 10_000_000, // exactly 20 %
  coFunders: [],
};

describe.each(DATABASE_TARGETS)('submitting an application on $name', (target) => {
  let app: TestApp;
  let isabelle: Actor;
  let callId: number;
  // The demo call's deadline is moved to the day clocks go back in 2026 (25 October, 25 hours long).
  const deadline = parisDeadline('2026-10-25');
  const at = (iso: string) => new Date(iso);

  async function draft(now: Date): Promise<number> {
    const created = await createApplication(app.deps.db, { callId, leadOrganisationId: isabelle.organisationId!, territory: { kind: 'departement', departementCode: '49' }, actor: isabelle, now });
    if (!created.ok) throw new Error(created.message);
    const version = (await loadSections(app.deps.db, created.id)).budget.version;
    const saved = await saveSection(app.deps.db, { applicationId: created.id, section: 'budget', content: ADMISSIBLE_BUDGET, baseVersion: version, actor: isabelle, now });
    expect(saved.ok).toBe(true);
    return created.id;
  }

  beforeAll(async () => {
    app = await startTestApp({ target });
    isabelle = (await loadActor(app.deps.db, await userIdByEmail(app, 'isabelle.roux@cd49.demo.test')))!;
    const call = await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
    callId = call.id;
    await app.deps.db.updateTable('ami_call').set({ opens_at: at('2026-09-01T00:00:00Z'), deadline_at: deadline }).where('id', '=', callId).execute();
  });
  afterAll(() => app.stop());

  it('stores the deadline as 23:59:59 Paris time (UTC+1 after the change)', () => {
    expect(deadline.toISOString()).toBe('2026-10-25T22:59:59.000Z');
  });

  it('refuses a submission at 00:00:00 the day after the deadline (AMI-2), and changes nothing', async () => {
    const id = await draft(at('2026-10-20T10:00:00Z'));
    const result = await submitApplication(app.deps.db, { applicationId: id, actor: isabelle, now: at('2026-10-25T23:00:00.000Z') }); // 00:00:00 Paris, 26 Oct
    expect(result).toMatchObject({ ok: false, reason: 'inadmissible', failures: [{ rule: 'AMI-15', field: 'deadline' }] });
    const row = await app.deps.db.selectFrom('application').select(['status', 'submitted_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'draft', submitted_at: null });
  });

  it('accepts one at 23:59:59 Paris time on the deadline day: locked, transition, digest, receipt', async () => {
    const id = (await app.deps.db.selectFrom('application').select('id').where('status', '=', 'draft').executeTakeFirstOrThrow()).id;
    const now = at('2026-10-25T22:59:59.999Z');
    const result = await submitApplication(app.deps.db, { applicationId: id, actor: isabelle, now });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.mail.to).toContain('isabelle.roux@cd49.demo.test');
    const row = await app.deps.db.selectFrom('application').select(['status', 'submitted_digest']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'submitted', submitted_digest: result.digest });
    const receipt = (await readFile(app.deps.db, result.receiptFileId))!;
    expect(receipt.mediaType).toBe('application/pdf');
    expect(receipt.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const transitions = await app.deps.db.selectFrom('application_transition').select(['from_status', 'to_status', 'actor_user_id']).where('application_id', '=', id).orderBy('id').execute();
    expect(transitions).toEqual([
      { from_status: null, to_status: 'draft', actor_user_id: isabelle.userId },
      { from_status: 'draft', to_status: 'submitted', actor_user_id: isabelle.userId },
    ]);
    // Locked: no more edits, no second submission.
    const version = (await loadSections(app.deps.db, id)).budget.version;
    expect(await saveSection(app.deps.db, { applicationId: id, section: 'budget', content: ADMISSIBLE_BUDGET, baseVersion: version, actor: isabelle, now })).toMatchObject({ ok: false, reason: 'locked' });
    expect(await submitApplication(app.deps.db, { applicationId: id, actor: isabelle, now })).toMatchObject({ ok: false, reason: 'not_editable' });
    expect((await verifyAuditTrail(app.deps.db)).intact).toBe(true);
  });

  it('accepts only one submitted application per territory and call (AMI-15), even submitted together', async () => {
    await app.deps.db.updateTable('ami_call').set({ deadline_at: parisDeadline('2026-12-31') }).where('id', '=', callId).execute();
    await app.deps.db.updateTable('application').set({ status: 'withdrawn' }).where('status', '=', 'submitted').execute();
    const now = at('2026-11-27T10:00:00Z');
    const [a, b] = [await draft(now), await draft(now)];
    const results = await Promise.all([a, b].map((applicationId) => submitApplication(app.deps.db, { applicationId, actor: isabelle, now })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, failures: [{ rule: 'AMI-15', field: 'territory' }] });
  });
});
