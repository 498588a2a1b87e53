/**
 * The shared pathway record on both databases (issue 5 §2–8, SPIE-1…5, SPIE-7): opening, one referent
 * at a time with its history and the former referent's read period, members leaving, diagnoses that
 * never erase each other, orientation answered, the plan with an immersion, appointments, and a
 * timeline event for every change. Instants are explicit: the read period is decided at given `now`s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize } from '../../src/domains/authorization/authorize.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { listEvents } from '../../src/domains/pathway/adapters/events.js';
import { addMember, assignReferent, closePathway, leavePathway, openPathway, pathwayAuthzObject } from '../../src/domains/pathway/adapters/pathways.js';
import {
  addAction,
  addContract,
  addObjective,
  decideOrientation,
  loadPathway,
  recordDiagnosis,
  requestOrientation,
  scheduleAppointment,
  setActionStatus,
  setAppointmentStatus,
} from '../../src/domains/pathway/adapters/record.js';
import { checkAction } from '../../src/domains/pathway/entities/plan.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const EMAILS = {
  julie: 'julie.perrin@missionlocale49.demo.test',
  lucas: 'lucas.bernard@francetravail49.demo.test',
  nathalie: 'nathalie.blanc@cd49.demo.test',
  thomas: 'thomas.girard@cd49.demo.test',
} as const;
type Who = keyof typeof EMAILS;

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

describe.each(DATABASE_TARGETS)('the pathway record on $name', (target) => {
  let app: TestApp;
  let spaceId: number;
  const actors = {} as Record<Who, Actor>;
  const t0 = at('2026-11-02T09:00:00Z');

  async function newPathway(givenName: string, phone: string | null = null): Promise<number> {
    const opened = await openPathway(app.deps.db, {
      spaceId,
      newPerson: { given_name: givenName, family_name: 'Essai', birth_date: '1988-05-05', caf_number: null, france_travail_id: null, email: null, phone, rsa_rights_opened_on: '2026-09-15' },
      actor: actors.julie,
      now: t0,
    });
    if (!opened.ok) throw new Error(opened.message);
    return opened.pathwayId;
  }
  const may = async (who: Who, action: 'pathway.view' | 'pathway.edit', pathwayId: number, now: Date) => authorize(actors[who], action, (await pathwayAuthzObject(app.deps.db, pathwayId, now))!).allowed;
  const kinds = async (pathwayId: number) => (await listEvents(app.deps.db, pathwayId)).map((e) => e.kind);

  beforeAll(async () => {
    app = await startTestApp({ target });
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    for (const [who, email] of Object.entries(EMAILS) as [Who, string][]) actors[who] = (await loadActor(app.deps.db, await userIdByEmail(app, email)))!;
  });
  afterAll(() => app.stop());

  it('opens a pathway from the door of the professional’s organisation, once per person', async () => {
    const elodie = (await app.deps.db.selectFrom('person').select('id').where('family_name', '=', 'Lefèvre-Martin').executeTakeFirstOrThrow()).id;
    const opened = await openPathway(app.deps.db, { spaceId, personId: elodie, actor: actors.julie, now: t0 });
    expect(opened).toMatchObject({ ok: true, personId: elodie });
    if (!opened.ok) return;
    const record = (await loadPathway(app.deps.db, opened.pathwayId))!;
    expect(record).toMatchObject({ status: 'open', holding_organisation_name: 'Mission locale angevine', opened_by_organisation_name: 'Mission locale angevine', referent_user_id: null, given_name: 'Élodie' });
    expect(record.members.map((m) => [m.given_name, m.left_at])).toEqual([['Julie', null]]);
    expect(await openPathway(app.deps.db, { spaceId, personId: elodie, actor: actors.lucas, now: t0 })).toEqual({
      ok: false,
      status: 409,
      message: 'Cette personne a déjà un parcours ouvert : demandez à son référent de vous y associer.',
      pathwayId: opened.pathwayId,
    });
    const [event] = await listEvents(app.deps.db, opened.pathwayId);
    expect(event).toMatchObject({ kind: 'pathway.opened', actor_label: 'Julie Perrin', occurred_at: t0, summary: { organisation: 'Mission locale angevine' } });
    // Lucas (another member organisation, not a member of it) does not see it; the holding organisation’s coordinator would.
    expect(await may('lucas', 'pathway.view', opened.pathwayId, t0)).toBe(false);
  });

  it('one referent at a time, every change kept; the former referent reads for the configured days, then not at all', async () => {
    const id = await newPathway('Relais');
    const t1 = at('2026-11-03T09:00:00Z');
    const t2 = at('2026-11-10T14:00:00Z');
    expect(await assignReferent(app.deps.db, { pathwayId: id, userId: actors.julie.userId, actor: actors.julie, now: t1 })).toEqual({ ok: true });
    expect(await assignReferent(app.deps.db, { pathwayId: id, userId: actors.lucas.userId, actor: actors.julie, now: t2 })).toEqual({ ok: true });
    const record = (await loadPathway(app.deps.db, id))!;
    expect(record.referents.map((r) => [r.given_name, r.started_at, r.ended_at])).toEqual([
      ['Julie', t1, t2],
      ['Lucas', t2, null],
    ]);
    expect(record).toMatchObject({ referent_user_id: actors.lucas.userId, holding_organisation_name: expect.stringContaining('France Travail'), former_referent_days: 90 });
    const days = record.former_referent_days;
    expect(await may('julie', 'pathway.view', id, new Date(t2.getTime() + days * DAY - 1000))).toBe(true);
    expect(await may('julie', 'pathway.edit', id, new Date(t2.getTime() + 1000))).toBe(false);
    expect(await may('julie', 'pathway.view', id, new Date(t2.getTime() + days * DAY))).toBe(false);
    expect(await may('lucas', 'pathway.edit', id, t2)).toBe(true);
    // The space’s configured period is what counts.
    await app.deps.db.updateTable('territory_space').set({ former_referent_days: 10 }).where('id', '=', spaceId).execute();
    expect(await may('julie', 'pathway.view', id, new Date(t2.getTime() + 10 * DAY - 1000))).toBe(true);
    expect(await may('julie', 'pathway.view', id, new Date(t2.getTime() + 10 * DAY))).toBe(false);
    await app.deps.db.updateTable('territory_space').set({ former_referent_days: 90 }).where('id', '=', spaceId).execute();
    // An inactive or unknown professional cannot be referent.
    expect(await assignReferent(app.deps.db, { pathwayId: id, userId: actors.thomas.userId, actor: actors.lucas, now: t2 })).toEqual({ ok: false, message: 'Le référent doit être un professionnel actif du SPIE.' });
    expect(await kinds(id)).toEqual(['pathway.opened', 'referent.assigned', 'referent.assigned']);
  });

  it('members join and leave; the referent cannot leave without a successor', async () => {
    const id = await newPathway('Membres');
    const t1 = at('2026-11-04T09:00:00Z');
    expect(await addMember(app.deps.db, { pathwayId: id, userId: actors.nathalie.userId, actor: actors.julie, now: t1 })).toEqual({ ok: true });
    expect(await may('nathalie', 'pathway.edit', id, t1)).toBe(true);
    expect(await leavePathway(app.deps.db, { pathwayId: id, actor: actors.nathalie, now: t1 })).toEqual({ ok: true });
    expect(await may('nathalie', 'pathway.view', id, t1)).toBe(false);
    expect(await leavePathway(app.deps.db, { pathwayId: id, actor: actors.nathalie, now: t1 })).toEqual({ ok: false, message: 'Vous n’êtes pas membre de ce parcours.' });
    await assignReferent(app.deps.db, { pathwayId: id, userId: actors.julie.userId, actor: actors.julie, now: t1 });
    expect(await leavePathway(app.deps.db, { pathwayId: id, actor: actors.julie, now: t1 })).toEqual({ ok: false, message: 'Vous êtes le référent : désignez d’abord un autre référent.' });
    const members = (await loadPathway(app.deps.db, id))!.members;
    expect(members.map((m) => [m.given_name, m.left_at])).toEqual([
      ['Julie', null],
      ['Nathalie', t1],
    ]);
    expect(await kinds(id)).toEqual(['pathway.opened', 'member.added', 'member.left', 'referent.assigned']);
  });

  it('a new diagnosis never erases an earlier one: both kept, dated, signed, newest first', async () => {
    const id = await newPathway('Diagnostic');
    const first = await recordDiagnosis(app.deps.db, { pathwayId: id, entries: [{ area: 'housing', situation: 'Hébergée chez sa sœur', needs: 'Logement autonome' }], actor: actors.julie, now: at('2026-11-05T09:00:00Z') });
    const second = await recordDiagnosis(app.deps.db, {
      pathwayId: id,
      entries: [
        { area: 'housing', situation: 'Logement social attribué', needs: '' },
        { area: 'mobility', situation: 'Sans permis', needs: 'Permis B' },
      ],
      actor: actors.lucas,
      now: at('2026-11-20T09:00:00Z'),
    });
    expect(first.ok && second.ok).toBe(true);
    const diagnoses = (await loadPathway(app.deps.db, id))!.diagnoses;
    expect(diagnoses.map((d) => [d.author_label, d.created_at.toISOString(), d.areas.map((a) => [a.area, a.situation, a.needs]).sort()])).toEqual([
      ['Lucas Bernard', '2026-11-20T09:00:00.000Z', [['housing', 'Logement social attribué', ''], ['mobility', 'Sans permis', 'Permis B']]],
      ['Julie Perrin', '2026-11-05T09:00:00.000Z', [['housing', 'Hébergée chez sa sœur', 'Logement autonome']]],
    ]);
    expect(await recordDiagnosis(app.deps.db, { pathwayId: id, entries: [], actor: actors.julie, now: t0 })).toMatchObject({ ok: false });
    const events = await listEvents(app.deps.db, id);
    expect(events.slice(1).map((e) => [e.kind, e.actor_label, e.summary])).toEqual([
      ['diagnosis.recorded', 'Julie Perrin', { areas: ['Logement'] }],
      ['diagnosis.recorded', 'Lucas Bernard', { areas: ['Logement', 'Mobilité'] }],
    ]);
  });

  it('orientation: one pending request at a time; refused only with a reason; accepted, it designates the proposed referent and moves the holding organisation', async () => {
    const id = await newPathway('Orientation');
    const ft = actors.lucas.organisationId!;
    const ask = (now: Date, referent: number | null = actors.lucas.userId) =>
      requestOrientation(app.deps.db, { pathwayId: id, kind: 'professional', receivingOrganisationId: ft, proposedReferentUserId: referent, actor: actors.julie, now });
    expect(await requestOrientation(app.deps.db, { pathwayId: id, kind: 'professional', receivingOrganisationId: ft, proposedReferentUserId: actors.julie.userId, actor: actors.julie, now: t0 })).toEqual({
      ok: false,
      message: 'Le référent proposé doit être un professionnel actif de l’organisation d’accueil.',
      field: 'referentUserId',
    });
    const first = await ask(at('2026-11-06T09:00:00Z'));
    if (!first.ok) throw new Error(first.message);
    expect(await ask(at('2026-11-06T10:00:00Z'))).toEqual({ ok: false, message: 'Une demande d’orientation attend déjà une réponse.' });
    const decide = (requestId: number, decision: string, reason: string, now: Date) => decideOrientation(app.deps.db, { requestId, decision, reason, actor: actors.thomas, now });
    expect(await decide(first.id, 'refused', '  ', at('2026-11-07T09:00:00Z'))).toMatchObject({ ok: false, message: expect.stringContaining('Indiquez le motif du refus') });
    expect(await decide(first.id, 'refused', 'Relève d’un accompagnement social d’abord.', at('2026-11-07T09:00:00Z'))).toEqual({ ok: true, pathwayId: id, status: 'refused' });
    expect(await decide(first.id, 'accepted', '', at('2026-11-07T10:00:00Z'))).toMatchObject({ ok: false, message: 'Cette demande d’orientation a déjà reçu une réponse.' });
    let record = (await loadPathway(app.deps.db, id))!;
    expect(record).toMatchObject({ oriented_at: null, holding_organisation_name: 'Mission locale angevine', referent_user_id: null });

    const second = await ask(at('2026-11-08T09:00:00Z'));
    if (!second.ok) throw new Error(second.message);
    const acceptedAt = at('2026-11-09T09:00:00Z');
    expect(await decide(second.id, 'accepted', '', acceptedAt)).toEqual({ ok: true, pathwayId: id, status: 'accepted' });
    record = (await loadPathway(app.deps.db, id))!;
    expect(record).toMatchObject({ orientation_kind: 'professional', oriented_at: acceptedAt, referent_user_id: actors.lucas.userId, holding_organisation_id: ft });
    expect(record.orientations.map((o) => [o.status, o.reason])).toEqual([
      ['accepted', ''],
      ['refused', 'Relève d’un accompagnement social d’abord.'],
    ]);
    expect(await may('lucas', 'pathway.edit', id, acceptedAt)).toBe(true);
    expect(await kinds(id)).toEqual(['pathway.opened', 'orientation.requested', 'orientation.refused', 'orientation.requested', 'orientation.accepted', 'referent.assigned']);
    const accepted = (await listEvents(app.deps.db, id)).find((e) => e.kind === 'orientation.accepted')!;
    expect(accepted.summary).toEqual({ kind: 'Professionnelle', reason: '', organisation: expect.stringContaining('France Travail') });
  });

  it('an accepted orientation whose proposed referent was deactivated changes nothing', async () => {
    const id = await newPathway('Désactivé');
    const request = await requestOrientation(app.deps.db, { pathwayId: id, kind: 'social', receivingOrganisationId: actors.nathalie.organisationId!, proposedReferentUserId: actors.nathalie.userId, actor: actors.julie, now: t0 });
    if (!request.ok) throw new Error(request.message);
    await app.deps.db.updateTable('space_professional').set({ deactivated_at: t0 }).where('user_id', '=', actors.nathalie.userId).execute();
    try {
      expect(await decideOrientation(app.deps.db, { requestId: request.id, decision: 'accepted', reason: '', actor: actors.thomas, now: t0 })).toMatchObject({ ok: false });
      expect((await app.deps.db.selectFrom('orientation_request').select('status').where('id', '=', request.id).executeTakeFirstOrThrow()).status).toBe('pending');
      expect((await loadPathway(app.deps.db, id))!.oriented_at).toBeNull();
      expect(await kinds(id)).toEqual(['pathway.opened', 'orientation.requested']);
    } finally {
      await app.deps.db.updateTable('space_professional').set({ deactivated_at: null }).where('user_id', '=', actors.nathalie.userId).execute();
    }
  });

  it('the plan: objectives per area, an immersion stored with the company’s SIRET and dates, statuses, a contract', async () => {
    const id = await newPathway('Plan');
    const objective = await addObjective(app.deps.db, { pathwayId: id, area: 'employment', label: 'Travailler en boulangerie', byPerson: false, actor: actors.julie, now: t0 });
    if (!objective.ok) throw new Error(objective.message);
    expect(await addObjective(app.deps.db, { pathwayId: id, area: 'weather', label: 'x', byPerson: false, actor: actors.julie, now: t0 })).toMatchObject({ ok: false, field: 'area' });
    const immersion = checkAction({ kind: 'immersion', label: 'Découverte du métier', companySiret: '775 004 900 00145', companyName: 'Boulangerie Martin', startsOn: '2026-12-01', endsOn: '2026-12-05' });
    if (!immersion.ok) throw new Error('immersion refusée');
    const action = await addAction(app.deps.db, { pathwayId: id, objectiveId: objective.id, action: immersion.action, actor: actors.julie, now: t0 });
    if (!action.ok) throw new Error(action.message);
    const row = await app.deps.db.selectFrom('plan_action').selectAll().where('id', '=', action.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'immersion', company_siret: '77500490000145', company_name: 'Boulangerie Martin', starts_on: '2026-12-01', ends_on: '2026-12-05', objective_id: objective.id, status: 'planned' });
    expect(await setActionStatus(app.deps.db, { pathwayId: id, actionId: action.id, status: 'in_progress', actor: actors.julie, now: t0 })).toEqual({ ok: true, id: action.id });
    expect(await setActionStatus(app.deps.db, { pathwayId: id, actionId: action.id, status: 'finished', actor: actors.julie, now: t0 })).toMatchObject({ ok: false });
    expect(await addContract(app.deps.db, { pathwayId: id, kind: 'cer', startsOn: '2026-12-01', endsOn: '2027-06-01', actor: actors.julie, now: t0 })).toMatchObject({ ok: true });
    const record = (await loadPathway(app.deps.db, id))!;
    expect(record.actions.map((a) => a.status)).toEqual(['in_progress']);
    expect(record.contracts.map((c) => [c.kind, c.starts_on, c.ends_on])).toEqual([['cer', '2026-12-01', '2027-06-01']]);
    const events = await listEvents(app.deps.db, id);
    expect(events.map((e) => e.kind)).toEqual(['pathway.opened', 'objective.added', 'action.added', 'action.status', 'contract.signed']);
    expect(events[2]!.summary).toEqual({ label: 'Découverte du métier', kind: 'immersion', company: 'Boulangerie Martin' });
  });

  it('appointments: with an active professional, invitations only where the person can be reached, statuses; a closed pathway takes no more changes', async () => {
    const id = await newPathway('Rendez-vous', '06 98 76 54 32');
    const startsAt = at('2026-12-03T09:00:00Z');
    const base = { pathwayId: id, startsAt, place: 'Angers', subject: 'Point d’étape', professionalUserId: actors.julie.userId, inviteEmail: false, inviteSms: true, actor: actors.julie, now: t0 };
    expect(await scheduleAppointment(app.deps.db, { ...base, inviteEmail: true })).toMatchObject({ ok: false, field: 'inviteEmail' });
    expect(await scheduleAppointment(app.deps.db, { ...base, professionalUserId: actors.thomas.userId })).toMatchObject({ ok: false, field: 'professionalUserId' });
    const scheduled = await scheduleAppointment(app.deps.db, base);
    if (!scheduled.ok) throw new Error(scheduled.message);
    for (const status of ['attended', 'absent', 'excused']) {
      expect(await setAppointmentStatus(app.deps.db, { pathwayId: id, appointmentId: scheduled.id, status, actor: actors.julie, now: t0 })).toEqual({ ok: true, id: scheduled.id });
    }
    expect(await setAppointmentStatus(app.deps.db, { pathwayId: id, appointmentId: scheduled.id, status: 'cancelled', actor: actors.julie, now: t0 })).toMatchObject({ ok: false });
    const [appointment] = (await loadPathway(app.deps.db, id))!.appointments;
    expect(appointment).toMatchObject({ starts_at: startsAt, status: 'excused', invite_sms: true, invite_email: false, given_name: 'Julie' });

    expect(await closePathway(app.deps.db, { pathwayId: id, reason: ' ', actor: actors.julie, now: t0 })).toMatchObject({ ok: false });
    expect(await closePathway(app.deps.db, { pathwayId: id, reason: 'Emploi durable', actor: actors.julie, now: t0 })).toEqual({ ok: true });
    expect(await setAppointmentStatus(app.deps.db, { pathwayId: id, appointmentId: scheduled.id, status: 'attended', actor: actors.julie, now: t0 })).toEqual({ ok: false, message: 'Le parcours est clos.' });
    expect(await scheduleAppointment(app.deps.db, base)).toEqual({ ok: false, message: 'Le parcours est clos.' });
    const events = await listEvents(app.deps.db, id);
    expect(events.map((e) => e.kind)).toEqual(['pathway.opened', 'appointment.scheduled', 'appointment.status', 'appointment.status', 'appointment.status', 'pathway.closed']);
    expect(events.every((e) => e.actor_label === 'Julie Perrin')).toBe(true);
    expect(events[1]!.summary).toEqual({ startsAt: startsAt.toISOString(), place: 'Angers', subject: 'Point d’étape', byEmail: false, bySms: true });
  });
});
