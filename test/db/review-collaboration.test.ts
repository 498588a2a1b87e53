/**
 * Working together on an application, on both databases (issue 4 §1–3): a draft shared with the
 * prefecture, the exchanges (files, read marks, whom to notify), the scoring grid and its freeze.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationAuthzObject, createApplication, listVisibleApplications } from '../../src/domains/ami/adapters/applications.js';
import { listMessages, messageRecipients, postMessage, setSharedWithPrefecture, unreadCount, markRead } from '../../src/domains/ami/adapters/messages.js';
import { applicationGrids, callScores, recordMarks, saveCallGrid } from '../../src/domains/ami/adapters/scores.js';
import { inviteExpert } from '../../src/domains/ami/adapters/review.js';
import { DEFAULT_SCORING_CRITERIA } from '../../src/domains/ami/entities/scoring-grid.js';
import { authorize } from '../../src/domains/authorization/authorize.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DEMO_EMAILS, submittedApplication } from '../support/applications.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { TINY_PNG, windowsExecutable } from '../support/files.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const PNG = TINY_PNG;
const EXE = windowsExecutable();
const marksOf = (m: number) => Object.fromEntries(DEFAULT_SCORING_CRITERIA.map((c) => [c.key, String(m)]));

describe.each(DATABASE_TARGETS)('collaboration on an application on $name', (target) => {
  let app: TestApp;
  const actors: Record<string, Actor> = {};
  let callId: number;
  const now = new Date('2026-11-27T09:00:00Z');

  beforeAll(async () => {
    app = await startTestApp({ target });
    for (const [key, email] of Object.entries({ ...DEMO_EMAILS, karim: 'karim.haddad@francetravail49.demo.test' })) {
      actors[key] = (await loadActor(app.deps.db, await userIdByEmail(app, email)))!;
    }
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => app.stop());

  it('a draft shared with the prefecture is seen by its département prefect only, listed and authorized alike, until unshared', async () => {
    const created = await createApplication(app.deps.db, { callId, leadOrganisationId: actors.isabelle!.organisationId!, territory: { kind: 'departement', departementCode: '49' }, actor: actors.isabelle!, now });
    if (!created.ok) throw new Error(created.message);
    const id = created.id;
    const sees = async (who: string) => ({
      authorized: authorize(actors[who]!, 'application.view', (await applicationAuthzObject(app.deps.db, id))!).allowed,
      listed: (await listVisibleApplications(app.deps.db, actors[who]!)).some((a) => a.id === id),
    });
    expect(await sees('sophie')).toEqual({ authorized: false, listed: false });
    expect(await messageRecipients(app.deps.db, id, actors.isabelle!.userId)).toEqual([]);

    expect(await setSharedWithPrefecture(app.deps.db, { applicationId: id, shared: true, actor: actors.isabelle!, now })).toEqual({ ok: true, changed: true });
    expect(await setSharedWithPrefecture(app.deps.db, { applicationId: id, shared: true, actor: actors.isabelle!, now })).toEqual({ ok: true, changed: false });
    expect(await sees('sophie')).toEqual({ authorized: true, listed: true });
    for (const who of ['marc', 'claire', 'hugo'] as const) expect(await sees(who)).toEqual({ authorized: false, listed: false });
    // The prefecture reads and comments; it neither edits nor gives an opinion on a draft.
    const object = (await applicationAuthzObject(app.deps.db, id))!;
    expect(authorize(actors.sophie!, 'application.edit', object).allowed).toBe(false);
    expect(authorize(actors.sophie!, 'application.message', object).allowed).toBe(true);
    expect(authorize(actors.sophie!, 'application.share', object).allowed).toBe(false);

    expect(await messageRecipients(app.deps.db, id, actors.isabelle!.userId)).toEqual([DEMO_EMAILS.sophie]);
    expect(await setSharedWithPrefecture(app.deps.db, { applicationId: id, shared: false, actor: actors.isabelle!, now })).toEqual({ ok: true, changed: true });
    // Unshared, the draft is its authors' again: nobody at the prefecture is told of a message on it.
    expect(await messageRecipients(app.deps.db, id, actors.isabelle!.userId)).toEqual([]);
    expect(await sees('sophie')).toEqual({ authorized: false, listed: false });
    const audit = await app.deps.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('object_id', '=', String(id)).where('action', 'like', '%Prefecture').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['application.shareWithPrefecture', 'application.unshareWithPrefecture']);
  });

  it('exchanges: a message with a file, a refused executable changes nothing, read marks and unread counts, the other side is notified', async () => {
    const id = await submittedApplication(app.deps.db, { actor: actors.isabelle!, callId, departementCode: '49', now });
    await inviteExpert(app.deps.db, { applicationId: id, expertEmail: DEMO_EMAILS.hugo, dueOn: '2026-12-15', actor: actors.claire!, now });

    const refused = await postMessage(app.deps.db, { applicationId: id, actor: actors.sophie!, body: 'Voir pièce', section: '', files: [{ filename: 'note.pdf', bytes: EXE }], now });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.errors.files).toMatch(/^note\.pdf : /);
    expect(await postMessage(app.deps.db, { applicationId: id, actor: actors.sophie!, body: '   ', section: 'budget', files: [], now })).toEqual({ ok: false, errors: { body: 'Écrivez votre message.' } });
    expect(await postMessage(app.deps.db, { applicationId: id, actor: actors.sophie!, body: 'x', section: 'inconnue', files: [], now })).toMatchObject({ ok: false, errors: { section: expect.any(String) } });
    expect(await listMessages(app.deps.db, id)).toEqual([]);

    const first = await postMessage(app.deps.db, { applicationId: id, actor: actors.sophie!, body: 'Précisez le budget 2027,\nligne par ligne.', section: 'budget', files: [{ filename: 'modele.png', bytes: PNG }], now });
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    // From the State's side, the applicant's side is told: the lead organisation's agents.
    const toApplicant = await messageRecipients(app.deps.db, id, actors.sophie!.userId);
    expect(toApplicant).toContain(DEMO_EMAILS.isabelle);
    expect(toApplicant).not.toContain(DEMO_EMAILS.sophie);
    expect(toApplicant.some((e) => e.includes('prefecture') || e.includes('dreets'))).toBe(false);
    // From the applicant, the State's side once submitted: département and regional services, invited expert.
    const toState = await messageRecipients(app.deps.db, id, actors.isabelle!.userId);
    expect(toState).toEqual(expect.arrayContaining([DEMO_EMAILS.sophie, DEMO_EMAILS.claire, DEMO_EMAILS.hugo]));
    expect(toState).not.toContain(DEMO_EMAILS.marc);
    expect(toState).not.toContain(DEMO_EMAILS.isabelle);

    expect(await unreadCount(app.deps.db, id, actors.isabelle!.userId)).toBe(1);
    expect(await unreadCount(app.deps.db, id, actors.sophie!.userId)).toBe(0);
    let thread = await listMessages(app.deps.db, id);
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatchObject({ authorName: 'Sophie Garnier', section: 'budget', body: 'Précisez le budget 2027,\nligne par ligne.', readBy: [] });
    expect(thread[0]!.files).toEqual([{ id: expect.any(Number), filename: 'modele.png', sizeBytes: PNG.byteLength }]);

    await markRead(app.deps.db, id, actors.isabelle!.userId, first.id, now);
    // An older mark never moves the read position back.
    await markRead(app.deps.db, id, actors.isabelle!.userId, first.id - 1, now);
    expect(await unreadCount(app.deps.db, id, actors.isabelle!.userId)).toBe(0);
    const reply = await postMessage(app.deps.db, { applicationId: id, actor: actors.isabelle!, body: 'Voici le détail.', section: '', files: [], now });
    expect(reply.ok).toBe(true);
    thread = await listMessages(app.deps.db, id);
    expect(thread.map((m) => m.readBy.map((r) => r.name))).toEqual([['Isabelle Roux'], []]);
    expect(await unreadCount(app.deps.db, id, actors.sophie!.userId)).toBe(1);
  });

  it('scoring: marks checked, one grid per reviewer, mean score per application, the call grid frozen once marked', async () => {
    const id = await submittedApplication(app.deps.db, { actor: actors.antoine!, callId, departementCode: '72', now });
    expect(await saveCallGrid(app.deps.db, { callId, criteria: [{ key: 'tout', label: 'Tout', weight: 100 }], actor: actors.nadia!, now })).toEqual({ ok: true });
    expect(await saveCallGrid(app.deps.db, { callId, criteria: DEFAULT_SCORING_CRITERIA, actor: actors.nadia!, now })).toEqual({ ok: true });

    const bad = await recordMarks(app.deps.db, { applicationId: id, actor: actors.marc!, marks: { ...marksOf(3), budget: '7' }, comment: '', now });
    expect(bad).toMatchObject({ ok: false, status: 422, errors: { budget: expect.stringContaining('de 0 à 5') } });
    expect((await applicationGrids(app.deps.db, id)).grids).toEqual([]);

    expect(await recordMarks(app.deps.db, { applicationId: id, actor: actors.marc!, marks: marksOf(3), comment: 'Correct.', now })).toEqual({ ok: true, scoreTenths: 600 });
    expect(await recordMarks(app.deps.db, { applicationId: id, actor: actors.marc!, marks: marksOf(4), comment: 'Revu.', now })).toEqual({ ok: true, scoreTenths: 800 });
    expect(await recordMarks(app.deps.db, { applicationId: id, actor: actors.claire!, marks: { ...marksOf(5), budget: '0' }, comment: '', now: new Date(now.getTime() + 60_000) })).toEqual({ ok: true, scoreTenths: 850 });
    const grids = await applicationGrids(app.deps.db, id);
    expect(grids.grids.map((g) => [g.reviewerName, g.scoreTenths])).toEqual([
      ['Marc Dubois', 800],
      ['Claire Fontaine', 850],
    ]);
    expect(grids.averageTenths).toBe(825);
    expect((await callScores(app.deps.db, callId)).get(id)).toEqual({ averageTenths: 825, grids: 2 });

    expect(await saveCallGrid(app.deps.db, { callId, criteria: [{ key: 'tout', label: 'Tout', weight: 100 }], actor: actors.nadia!, now })).toMatchObject({ ok: false });
    expect((await app.deps.db.selectFrom('ami_call').select('scoring_criteria').where('id', '=', callId).executeTakeFirstOrThrow()).scoring_criteria).toEqual(DEFAULT_SCORING_CRITERIA);
  });
});
