/** Review and decision rules on both databases (issue 4: AMI-20, AMI-21, AMI-22). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationAuthzObject, createApplication, loadSections } from '../../src/domains/ami/adapters/applications.js';
import { readFile } from '../../src/domains/ami/adapters/files.js';
import { agreementOf, generateAgreement, recordPayment, recordSignature } from '../../src/domains/ami/adapters/grant-agreements.js';
import { decide, inviteExpert, listOpinions, recordOpinion, returnForCompletion } from '../../src/domains/ami/adapters/review.js';
import { saveSection } from '../../src/domains/ami/adapters/sections.js';
import { submitApplication } from '../../src/domains/ami/use-cases/submit-application.js';
import { authorize } from '../../src/domains/authorization/authorize.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';
import { balancedBudget, submittedApplication } from '../support/applications.js';

describe.each(DATABASE_TARGETS)('review and decision on $name', (target) => {
  let app: TestApp;
  const actors: Record<string, Actor> = {};
  let callId: number;
  const now = new Date();

  async function submitted(departementCode: string, lead: Actor): Promise<number> {
    return submittedApplication(app.deps.db, { actor: lead, callId, departementCode, budget: balancedBudget(40_000_000, 50_000_000, 2027), now });
  }

  beforeAll(async () => {
    app = await startTestApp({ target });
    for (const [key, email] of Object.entries({
      isabelle: 'isabelle.roux@cd49.demo.test',
      antoine: 'antoine.morel@cd72.demo.test',
      sophie: 'sophie.garnier@prefecture49.demo.test',
      marc: 'marc.dubois@prefecture72.demo.test',
      claire: 'claire.fontaine@prefecture52.demo.test',
      hugo: 'hugo.marchand@dreets52.demo.test',
      nadia: 'nadia.benali@dgefp.demo.test',
    })) {
      actors[key] = (await loadActor(app.deps.db, await userIdByEmail(app, email)))!;
    }
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    await app.deps.db.updateTable('ami_call').set({ laureate_slots: 1 }).where('id', '=', callId).execute();
  });
  afterAll(() => app.stop());

  it('follows the lifecycle: opinions open and close the review, then one decision within the slots (AMI-20, AMI-22)', async () => {
    const a49 = await submitted('49', actors.isabelle!);
    const a72 = await submitted('72', actors.antoine!);
    const object = async (id: number) => (await applicationAuthzObject(app.deps.db, id))!;

    // Who may give which opinion, on which application.
    expect(authorize(actors.sophie!, 'application.opine', await object(a49)).allowed).toBe(true);
    expect(authorize(actors.marc!, 'application.opine', await object(a49))).toMatchObject({ allowed: false, status: 404 });
    expect(authorize(actors.hugo!, 'application.view', await object(a49))).toMatchObject({ allowed: false, status: 404 }); // not invited

    expect(await recordOpinion(app.deps.db, { applicationId: a49, actor: actors.sophie!, kind: 'departement_prefect', verdict: 'favourable', reasons: 'Consortium solide.', confidential: false, now })).toEqual({ ok: true });
    expect((await app.deps.db.selectFrom('application').select('status').where('id', '=', a49).executeTakeFirstOrThrow()).status).toBe('under_review');

    expect(await inviteExpert(app.deps.db, { applicationId: a49, expertEmail: 'hugo.marchand@dreets52.demo.test', dueOn: '2026-12-15', actor: actors.claire!, now })).toMatchObject({ ok: true });
    expect(authorize(actors.hugo!, 'application.contribute', await object(a49)).allowed).toBe(true);
    expect(authorize(actors.hugo!, 'application.view', await object(a72)).allowed).toBe(false);
    await recordOpinion(app.deps.db, { applicationId: a49, actor: actors.hugo!, kind: 'expert', verdict: null, reasons: 'NOTE-CONFIDENTIELLE-DREETS', confidential: true, now });

    // AMI-21: the applicant never reads it; reviewers do.
    expect(authorize(actors.isabelle!, 'application.readConfidential', await object(a49)).allowed).toBe(false);
    expect(authorize(actors.claire!, 'application.readConfidential', await object(a49)).allowed).toBe(true);
    expect((await listOpinions(app.deps.db, a49, { includeConfidential: false })).map((o) => o.reasons)).not.toContain('NOTE-CONFIDENTIELLE-DREETS');
    expect((await listOpinions(app.deps.db, a49, { includeConfidential: true })).map((o) => o.reasons)).toContain('NOTE-CONFIDENTIELLE-DREETS');

    // No decision before the collegial opinion.
    expect(await decide(app.deps.db, { applicationId: a49, decision: 'selected', reasons: 'Très bon projet.', actor: actors.nadia!, now })).toMatchObject({ ok: false, status: 409 });
    for (const id of [a49, a72]) {
      await recordOpinion(app.deps.db, { applicationId: id, actor: actors.claire!, kind: 'collegial', verdict: 'favourable', reasons: 'Avis collégial favorable.', confidential: false, now });
    }
    const decided = await decide(app.deps.db, { applicationId: a49, decision: 'selected', reasons: 'Très bon projet.', actor: actors.nadia!, now });
    expect(decided).toMatchObject({ ok: true, mail: { to: 'isabelle.roux@cd49.demo.test', subject: expect.stringContaining('retenue') } });
    // The decision letter (issue 4 §4) is kept with the decision.
    const letter = await app.deps.db.selectFrom('application_decision').select('letter_file_id').where('application_id', '=', a49).executeTakeFirstOrThrow();
    expect((await readFile(app.deps.db, letter.letter_file_id!))!.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // One slot only: selecting another is refused, and nothing changes.
    const refused = await decide(app.deps.db, { applicationId: a72, decision: 'selected', reasons: 'Bon projet.', actor: actors.nadia!, now });
    expect(refused).toMatchObject({ ok: false, status: 422, message: expect.stringContaining('place de lauréat') });
    expect((await app.deps.db.selectFrom('application').select('status').where('id', '=', a72).executeTakeFirstOrThrow()).status).toBe('opinions_given');
    expect(await decide(app.deps.db, { applicationId: a72, decision: 'not_selected', reasons: 'Places épuisées.', actor: actors.nadia!, now })).toMatchObject({ ok: true, mail: { to: 'antoine.morel@cd72.demo.test' } });

    const transitions = await app.deps.db.selectFrom('application_transition').select(['from_status', 'to_status']).where('application_id', '=', a49).orderBy('id').execute();
    expect(transitions.map((t) => t.to_status)).toEqual(['draft', 'submitted', 'under_review', 'opinions_given', 'selected']);
  });

  it('gives the selected application an agreement PDF; payments are recorded and never exceed it (AMI-23)', async () => {
    const selected = await app.deps.db.selectFrom('application').select('id').where('status', '=', 'selected').where('call_id', '=', callId).executeTakeFirstOrThrow();
    const notSelected = await app.deps.db.selectFrom('application').select('id').where('status', '=', 'not_selected').where('call_id', '=', callId).executeTakeFirstOrThrow();
    expect(await generateAgreement(app.deps.db, { applicationId: notSelected.id, actor: actors.nadia!, now })).toMatchObject({ ok: false, status: 409 });
    const generated = await generateAgreement(app.deps.db, { applicationId: selected.id, actor: actors.nadia!, now });
    if (!generated.ok) throw new Error(generated.message);
    const state = (await agreementOf(app.deps.db, selected.id))!;
    expect(state.agreement).toMatchObject({ amount_cents: 40_000_000, advance_cents: 20_000_000, balance_cents: 20_000_000, duration_months: 36 });
    const pdf = (await readFile(app.deps.db, state.agreement.pdf_file_id))!;
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const pay = (amountCents: number, reference: string) =>
      recordPayment(app.deps.db, { agreementId: generated.agreementId, paidOn: '2027-01-15', amountCents, reference, actor: actors.nadia!, now });
    expect(await pay(20_000_000, 'Avance')).toMatchObject({ ok: false, status: 409 }); // not signed yet
    expect(await recordSignature(app.deps.db, { agreementId: generated.agreementId, signedOn: '2027-01-10', actor: actors.nadia!, now })).toMatchObject({ ok: true });
    expect(await pay(20_000_000, 'Avance — mandat 2027-0001')).toEqual({ ok: true, remainingCents: 20_000_000 });
    expect(await pay(15_000_000, 'Acompte — mandat 2027-0002')).toEqual({ ok: true, remainingCents: 5_000_000 });
    const beyond = await pay(5_000_001, 'Trop');
    expect(beyond).toMatchObject({ ok: false, status: 422, message: expect.stringContaining('Reste dû') });
    expect((await agreementOf(app.deps.db, selected.id))!.remainingCents).toBe(5_000_000);
    // Two payments at once cannot together exceed the agreement.
    const both = await Promise.all([pay(5_000_000, 'Solde A'), pay(5_000_000, 'Solde B')]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect((await agreementOf(app.deps.db, selected.id))!.remainingCents).toBe(0);
  });

  it('never selects more than the slots, even when two decisions arrive together (AMI-22)', async () => {
    await app.deps.db.updateTable('ami_call').set({ laureate_slots: 2 }).where('id', '=', callId).execute();
    await app.deps.db.updateTable('application').set({ status: 'withdrawn' }).where('status', 'in', ['submitted', 'not_selected']).execute();
    // Two more applications ready for decision, in two other départements of the region (Mayenne, Vendée).
    const ready: number[] = [];
    for (const code of ['53', '85']) {
      const id = await submitted(code, actors.isabelle!);
      await recordOpinion(app.deps.db, { applicationId: id, actor: actors.claire!, kind: 'collegial', verdict: 'favourable', reasons: 'Favorable.', confidential: false, now });
      ready.push(id);
    }
    const results = await Promise.all(ready.map((applicationId) => decide(app.deps.db, { applicationId, decision: 'selected', reasons: 'Retenu.', actor: actors.nadia!, now })));
    expect(results.filter((r) => r.ok)).toHaveLength(1); // one slot was left
    const selected = await app.deps.db.selectFrom('application_decision').select('application_id').where('call_id', '=', callId).where('decision', '=', 'selected').execute();
    expect(selected).toHaveLength(2);
  });
});

describe.each(DATABASE_TARGETS)('return for completion on $name (AMI-20)', (target) => {
  it('returns a submitted application; its authors complete it and submit again after the deadline; every version is kept', async () => {
    const app = await startTestApp({ target });
    try {
      const isabelle = (await loadActor(app.deps.db, await userIdByEmail(app, 'isabelle.roux@cd49.demo.test')))!;
      const sophie = (await loadActor(app.deps.db, await userIdByEmail(app, 'sophie.garnier@prefecture49.demo.test')))!;
      const call = await app.deps.db.selectFrom('ami_call').select(['id', 'deadline_at']).where('status', '=', 'published').executeTakeFirstOrThrow();
      const before = new Date(call.deadline_at.getTime() - 86_400_000);
      const created = await createApplication(app.deps.db, { callId: call.id, leadOrganisationId: isabelle.organisationId!, territory: { kind: 'departement', departementCode: '49' }, actor: isabelle, now: before });
      if (!created.ok) throw new Error(created.message);
      const budget = (grant: number) => ({ expenses: [{ category: 'animation_team' as const, label: 'Équipe', year: 2027, amountCents: grant + grant / 4 }], stateGrantCents: grant, selfFundingCents: grant / 4, coFunders: [] });
      let version = (await loadSections(app.deps.db, created.id)).budget.version;
      await saveSection(app.deps.db, { applicationId: created.id, section: 'budget', content: budget(40_000_000), baseVersion: version, actor: isabelle, now: before });
      expect((await submitApplication(app.deps.db, { applicationId: created.id, actor: isabelle, now: before })).ok).toBe(true);

      expect(await returnForCompletion(app.deps.db, { applicationId: created.id, reason: '', actor: sophie, now: before })).toMatchObject({ ok: false, status: 422 });
      expect(await returnForCompletion(app.deps.db, { applicationId: created.id, reason: 'Précisez le budget de formation.', actor: sophie, now: before })).toEqual({ ok: true });

      const after = new Date(call.deadline_at.getTime() + 86_400_000); // the deadline has passed meanwhile
      version = (await loadSections(app.deps.db, created.id)).budget.version;
      expect((await saveSection(app.deps.db, { applicationId: created.id, section: 'budget', content: budget(36_000_000), baseVersion: version, actor: isabelle, now: after })).ok).toBe(true);
      const again = await submitApplication(app.deps.db, { applicationId: created.id, actor: isabelle, now: after });
      expect(again.ok).toBe(true);

      const submissions = await app.deps.db.selectFrom('application_submission').select(['digest', 'content']).where('application_id', '=', created.id).orderBy('id').execute();
      expect(submissions).toHaveLength(2);
      expect(submissions[0]!.digest).not.toBe(submissions[1]!.digest);
      expect((submissions[0]!.content as { content: { budget: { stateGrantCents: number } } }).content.budget.stateGrantCents).toBe(40_000_000);
      const transitions = await app.deps.db.selectFrom('application_transition').select(['to_status', 'reason']).where('application_id', '=', created.id).orderBy('id').execute();
      expect(transitions).toEqual([
        { to_status: 'draft', reason: '' },
        { to_status: 'submitted', reason: '' },
        { to_status: 'returned', reason: 'Précisez le budget de formation.' },
        { to_status: 'submitted', reason: '' },
      ]);
    } finally {
      await app.stop();
    }
  });
});
