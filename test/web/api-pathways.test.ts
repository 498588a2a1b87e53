/**
 * The pathway operations of the JSON API (issue 5 §13) on the demo space: the mission locale's
 * professional finds Élodie typed « elodie lefevre martin », opens her pathway, records a diagnosis,
 * asks for an orientation the département accepts, becomes referent, builds a plan with an immersion
 * and fixes an appointment (invitations sent); getPathway returns it all and its read is logged.
 * Bad input is refused in French with nothing written; outsiders get 404, their attempt audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateListSchema, ImportResultSchema, PathwaySchema } from '../../src/adapters/web/api/pathway-schemas.js';
import { runCli } from '../../src/cli/commands.js';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { API_TOKEN_PATTERN } from '../../src/domains/identity/entities/api-token.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const EMAIL = {
  julie: 'julie.perrin@missionlocale49.demo.test',
  lucas: 'lucas.bernard@francetravail49.demo.test',
  thomas: 'thomas.girard@cd49.demo.test',
  nadia: 'nadia.benali@dgefp.demo.test',
} as const;
type Who = keyof typeof EMAIL;

const NOW = new Date('2026-11-27T09:00:00Z');
const ELODIE_EMAIL = 'elodie.lefevre-martin@personne.demo.test';

interface ApiResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: string; details?: { rule?: string; field?: string; message: string }[] };
}

describe.each(DATABASE_TARGETS)('pathway operations of the JSON API on $name', (target) => {
  let app: TestApp;
  let spaceId: number;
  let elodieId: number;
  let pathwayId: number;
  let missionLocaleId: number;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Who, number>;

  async function api(who: Who | null, method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const headers: Record<string, string> = who ? { authorization: `Bearer ${tokens[who]}` } : {};
    const init: RequestInit = { method, headers, redirect: 'manual' };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(`${app.baseUrl}${path}`, init);
    const text = await res.text();
    expect(res.headers.get('content-type') ?? '', `${method} ${path} → ${res.status} ${text.slice(0, 300)}`).toMatch(/application\/json/);
    return { status: res.status, headers: res.headers, body: JSON.parse(text) };
  }

  const count = async (table: 'person' | 'pathway' | 'diagnosis' | 'orientation_request' | 'plan_objective' | 'plan_action' | 'pathway_contract' | 'appointment' | 'pathway_event' | 'sms_outbox' | 'mail_outbox') =>
    Number((await app.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  const reads = (who: Who, action: string) =>
    app.deps.db.selectFrom('person_access_log').select(['person_id', 'pathway_id', 'organisation_label']).where('user_id', '=', ids[who]).where('action', '=', action).orderBy('id').execute();

  const denials = async (who: Who, attemptedAction: string) =>
    (await listAudit(app.deps.db, { action: 'access.denied', actorUserId: ids[who] })).filter((a) => (a.summary as { attemptedAction?: string }).attemptedAction === attemptedAction);

  const fields = (res: ApiResponse) => (res.body.details ?? []).map((d) => d.field);

  beforeAll(async () => {
    app = await startTestApp({ target, clock: () => NOW });
    const { db } = app.deps;
    spaceId = (await db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    elodieId = (await db.selectFrom('person').select('id').where('email', '=', ELODIE_EMAIL).executeTakeFirstOrThrow()).id;
    missionLocaleId = (await db.selectFrom('app_user').select('organisation_id').where('email', '=', EMAIL.julie).executeTakeFirstOrThrow()).organisation_id!;
    for (const who of Object.keys(EMAIL) as Who[]) {
      ids[who] = await userIdByEmail(app, EMAIL[who]);
      const out = await runCli(db, ['token:create', EMAIL[who], 'tests', 'parcours']);
      expect(out.exitCode).toBe(0);
      tokens[who] = out.lines.find((l) => API_TOKEN_PATTERN.test(l))!;
    }
  });
  afterAll(() => app.stop());

  describe('findPeople', () => {
    it('finds « Élodie Lefèvre-Martin » typed « elodie lefevre martin », and logs that she was found', async () => {
      const res = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/people/search`, { name: 'elodie lefevre martin' });
      expect(res.status).toBe(200);
      const { candidates } = CandidateListSchema.parse(res.body);
      expect(candidates).toEqual([
        { id: elodieId, givenName: 'Élodie', familyName: 'Lefèvre-Martin', birthDate: '1991-04-12', cafNumber: '4923456', franceTravailId: null, matches: ['nom'], openPathway: null },
      ]);
      expect(await reads('julie', 'person.search')).toEqual([{ person_id: elodieId, pathway_id: null, organisation_label: 'Mission locale angevine' }]);
      // By CAF number, spaces typed.
      const byCaf = CandidateListSchema.parse((await api('julie', 'POST', `/api/v1/spaces/${spaceId}/people/search`, { cafNumber: '492 345 6' })).body);
      expect(byCaf.candidates.map((c) => [c.id, c.matches])).toEqual([[elodieId, ['numéro CAF/MSA']]]);
    });

    it('refuses a search without criterion or with a malformed one (422, in French), and a wrong type (400)', async () => {
      const none = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/people/search`, {});
      expect(none.status).toBe(422);
      expect(none.body.details).toEqual([{ rule: 'SPIE-1', message: expect.stringContaining('Indiquez au moins un critère') }]);
      const caf = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/people/search`, { cafNumber: '12', birthDate: '31/02/1990' });
      expect(caf.status).toBe(422);
      expect(caf.body.details).toEqual(
        expect.arrayContaining([
          { rule: 'SPIE-1', field: 'cafNumber', message: 'Le numéro d’allocataire CAF/MSA compte 7 à 13 chiffres.' },
          { rule: 'SPIE-1', field: 'birthDate', message: expect.stringContaining('date de naissance valide') },
        ]),
      );
      expect((await api('julie', 'POST', `/api/v1/spaces/${spaceId}/people/search`, { name: 42 })).status).toBe(400);
    });
  });

  describe('openPathway', () => {
    it('refuses a new person without name nor birth date (422 per field), creating nothing', async () => {
      const [people, pathways] = [await count('person'), await count('pathway')];
      const res = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/pathways`, { person: { givenName: ' ', familyName: '', birthDate: '1991-13-01', phone: '12' } });
      expect(res.status).toBe(422);
      expect(fields(res).sort()).toEqual(['person.birthDate', 'person.familyName', 'person.givenName', 'person.phone']);
      expect(res.body.details!.find((d) => d.field === 'person.givenName')!.message).toBe('Indiquez le prénom.');
      expect([await count('person'), await count('pathway')]).toEqual([people, pathways]);
    });

    it('catches Élodie as a close record of a new person (409 with the candidates), until she is ruled out with notAnyOf', async () => {
      const people = await count('person');
      const homonym = { givenName: 'Elodie', familyName: 'LEFEVRE MARTIN', birthDate: '1985-06-30' };
      const res = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/pathways`, { person: homonym });
      expect(res.status).toBe(409);
      expect((res.body.candidates as { id: number }[]).map((c) => c.id)).toEqual([elodieId]);
      expect(res.body.details).toEqual([{ rule: 'SPIE-1', field: 'notAnyOf', message: expect.stringContaining(`n° ${elodieId}`) }]);
      expect(await count('person')).toBe(people);
      // Her CAF number is hers: never a new record with it, even when she is ruled out.
      const sameCaf = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/pathways`, { person: { ...homonym, cafNumber: '4923456' }, notAnyOf: [elodieId] });
      expect(sameCaf.status).toBe(409);
      expect(fields(sameCaf)).toEqual(['person.cafNumber']);
      expect(await count('person')).toBe(people);

      const created = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/pathways`, { person: homonym, notAnyOf: [elodieId] });
      expect(created.status).toBe(201);
      const person = await app.deps.db.selectFrom('person').select(['given_name', 'family_name', 'birth_date', 'name_key']).where('id', '=', created.body.personId as number).executeTakeFirstOrThrow();
      expect(person).toEqual({ given_name: 'Elodie', family_name: 'LEFEVRE MARTIN', birth_date: '1985-06-30', name_key: 'elodie lefevre martin' });
    });

    it('opens Élodie’s pathway from the mission locale, then refuses a second one (409 with the pathway)', async () => {
      const res = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/pathways`, { personId: elodieId });
      expect(res.status).toBe(201);
      pathwayId = res.body.pathwayId as number;
      expect(res.body).toEqual({ pathwayId, personId: elodieId });
      expect(res.headers.get('location')).toBe(`/api/v1/pathways/${pathwayId}`);
      const pathway = await app.deps.db.selectFrom('pathway').select(['person_id', 'holding_organisation_id', 'opened_by', 'status']).where('id', '=', pathwayId).executeTakeFirstOrThrow();
      expect(pathway).toEqual({ person_id: elodieId, holding_organisation_id: missionLocaleId, opened_by: ids.julie, status: 'open' });

      const again = await api('julie', 'POST', `/api/v1/spaces/${spaceId}/pathways`, { personId: elodieId });
      expect(again.status).toBe(409);
      expect(again.body.pathwayId).toBe(pathwayId);
      expect((await api('julie', 'POST', `/api/v1/spaces/${spaceId}/pathways`, { personId: elodieId, person: { givenName: 'A', familyName: 'B', birthDate: '1990-01-01' } })).status).toBe(400);
    });
  });

  describe('the record', () => {
    it('recordDiagnosis keeps the filled areas; needs without a situation are refused, nothing written', async () => {
      const before = [await count('diagnosis'), await count('pathway_event')];
      const bad = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/diagnoses`, { areas: { housing: { situation: 'Hébergée chez sa sœur' }, mobility: { needs: 'Permis B' } } });
      expect(bad.status).toBe(422);
      expect(bad.body.details).toEqual([{ rule: 'SPIE-3', field: 'areas.mobility.situation', message: 'Décrivez la situation (mobilité) avant les besoins.' }]);
      const empty = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/diagnoses`, { areas: {} });
      expect(empty.body.details).toEqual([{ rule: 'SPIE-3', message: 'Renseignez au moins un domaine du diagnostic.' }]);
      expect([await count('diagnosis'), await count('pathway_event')]).toEqual(before);

      const res = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/diagnoses`, {
        areas: { housing: { situation: 'Hébergée chez sa sœur', needs: 'Logement autonome' }, mobility: { situation: 'Pas de permis', needs: 'Permis B' }, health: {} },
      });
      expect(res.status).toBe(201);
      const areas = await app.deps.db.selectFrom('diagnosis_area').select(['area', 'needs']).where('diagnosis_id', '=', res.body.id as number).orderBy('area').execute();
      expect(areas).toEqual([
        { area: 'housing', needs: 'Logement autonome' },
        { area: 'mobility', needs: 'Permis B' },
      ]);
    });

    it('requestOrientation checks the kind and the receiving organisation', async () => {
      const before = await count('orientation_request');
      const bad = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/orientation-requests`, { kind: 'autre', receivingOrganisationId: missionLocaleId });
      expect(bad.status).toBe(422);
      expect(fields(bad)).toEqual(['kind']);
      const outsider = await app.deps.db.selectFrom('organisation').select('id').where('siret', 'not in', app.deps.db.selectFrom('space_organisation as s').innerJoin('organisation as o', 'o.id', 's.organisation_id').select('o.siret')).executeTakeFirstOrThrow();
      const notMember = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/orientation-requests`, { kind: 'professional', receivingOrganisationId: outsider.id });
      expect(notMember.status).toBe(422);
      expect(notMember.body.details).toEqual([{ rule: 'SPIE-4', field: 'receivingOrganisationId', message: 'Choisissez une organisation membre du SPIE.' }]);
      expect(await count('orientation_request')).toBe(before);

      const res = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/orientation-requests`, { kind: 'socio_professional', receivingOrganisationId: missionLocaleId });
      expect(res.status).toBe(201);
      const again = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/orientation-requests`, { kind: 'social', receivingOrganisationId: missionLocaleId });
      expect(again.status).toBe(409);
      expect(again.body.details).toEqual([{ message: 'Une demande d’orientation attend déjà une réponse.' }]);
    });

    it('decideOrientation: only the département’s coordinator; a refusal needs its reason; Thomas accepts and Julie is told', async () => {
      const requestId = (await app.deps.db.selectFrom('orientation_request').select('id').where('pathway_id', '=', pathwayId).executeTakeFirstOrThrow()).id;
      const path = `/api/v1/spaces/${spaceId}/orientation-requests/${requestId}/decision`;
      expect((await api('julie', 'POST', path, { decision: 'accepted' })).status).toBe(404);
      expect(await denials('julie', 'orientation.decide')).toHaveLength(1);
      const noReason = await api('thomas', 'POST', path, { decision: 'refused', reason: '  ' });
      expect(noReason.status).toBe(422);
      expect(noReason.body.details).toEqual([{ rule: 'SPIE-4', field: 'reason', message: expect.stringContaining('Indiquez le motif du refus') }]);
      expect((await app.deps.db.selectFrom('orientation_request').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status).toBe('pending');
      expect((await api('thomas', 'POST', `/api/v1/spaces/${spaceId}/orientation-requests/999999/decision`, { decision: 'accepted' })).status).toBe(404);

      const mails = await count('mail_outbox');
      const res = await api('thomas', 'POST', path, { decision: 'accepted' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ requestId, pathwayId, status: 'accepted' });
      const pathway = await app.deps.db.selectFrom('pathway').select(['orientation_kind', 'oriented_at']).where('id', '=', pathwayId).executeTakeFirstOrThrow();
      expect(pathway).toEqual({ orientation_kind: 'socio_professional', oriented_at: NOW });
      expect(await count('mail_outbox')).toBe(mails + 1);
      const mail = await app.deps.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(mail.to_address).toBe(EMAIL.julie);
      expect(mail.text_body).toContain('Thomas Girard a accepté');
      expect(mail.text_body).not.toContain('Lefèvre');
      expect((await api('thomas', 'POST', path, { decision: 'refused', reason: 'Trop tard' })).status).toBe(409);
    });

    it('assignReferent designates an active professional of the space, not anyone', async () => {
      const bad = await api('julie', 'PUT', `/api/v1/pathways/${pathwayId}/referent`, { userId: ids.nadia });
      expect(bad.status).toBe(422);
      expect(bad.body.details).toEqual([{ rule: 'SPIE-2', field: 'userId', message: 'Le référent doit être un professionnel actif du SPIE.' }]);
      const res = await api('julie', 'PUT', `/api/v1/pathways/${pathwayId}/referent`, { userId: ids.julie });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ pathwayId, referentUserId: ids.julie });
      const referents = await app.deps.db.selectFrom('pathway_referent').select(['user_id', 'ended_at']).where('pathway_id', '=', pathwayId).execute();
      expect(referents).toEqual([{ user_id: ids.julie, ended_at: null }]);
    });

    it('addPlanItem: an objective, an immersion in a company (checked SIRET and dates), a contract', async () => {
      const before = [await count('plan_action'), await count('pathway_event')];
      const badImmersion = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/plan-items`, {
        type: 'action',
        kind: 'immersion',
        label: 'Découverte du métier de boulanger',
        companySiret: '123',
        startsOn: '2026-12-10',
        endsOn: '2026-12-01',
      });
      expect(badImmersion.status).toBe(422);
      expect(fields(badImmersion).sort()).toEqual(['companyName', 'companySiret', 'endsOn']);
      expect(badImmersion.body.details!.find((d) => d.field === 'endsOn')).toEqual({ rule: 'SPIE-5', field: 'endsOn', message: 'La date de fin précède la date de début.' });
      expect([await count('plan_action'), await count('pathway_event')]).toEqual(before);

      const objective = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/plan-items`, { type: 'objective', area: 'employment', label: 'Travailler en boulangerie' });
      expect(objective.status).toBe(201);
      const immersion = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/plan-items`, {
        type: 'action',
        kind: 'immersion',
        label: 'Découverte du métier de boulanger',
        objectiveId: objective.body.id,
        companySiret: '775 004 900 00145',
        companyName: 'Boulangerie Martin',
        startsOn: '2026-12-01',
        endsOn: '2026-12-05',
      });
      expect(immersion.status).toBe(201);
      expect(immersion.body).toEqual({ type: 'action', id: expect.any(Number), pathwayId });
      const contract = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/plan-items`, { type: 'contract', kind: 'cer', startsOn: '2026-12-01', endsOn: '2027-06-01' });
      expect(contract.status).toBe(201);
      expect((await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/plan-items`, { type: 'contract', kind: 'cdi', startsOn: '2026-12-01', endsOn: '2026-12-01' })).status).toBe(422);
      expect((await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/plan-items`, { type: 'souhait', label: 'x' })).status).toBe(400);
    });

    it('scheduleAppointment records the appointment, then invites by e-mail and SMS; a past date or a missing mobile is refused', async () => {
      const before = [await count('appointment'), await count('sms_outbox'), await count('mail_outbox')];
      const past = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/appointments`, { startsAt: '2026-11-20T10:00:00+01:00', place: 'Mission locale, Angers', subject: 'Point sur l’immersion' });
      expect(past.status).toBe(422);
      expect(past.body.details).toEqual([{ rule: 'SPIE-5', field: 'startsAt', message: 'Le rendez-vous doit être fixé dans le futur.' }]);
      const noMobile = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/appointments`, { startsAt: '2026-12-03T14:30:00+01:00', place: 'Mission locale, Angers', subject: 'Point', inviteSms: true });
      expect(noMobile.status).toBe(422);
      expect(fields(noMobile)).toEqual(['inviteSms']);
      const localTime = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/appointments`, { startsAt: '2026-12-03 14:30', place: 'x', subject: 'y' });
      expect(fields(localTime)).toEqual(['startsAt']);
      expect([await count('appointment'), await count('sms_outbox'), await count('mail_outbox')]).toEqual(before);

      await app.deps.db.updateTable('person').set({ phone: '06 12 34 56 78' }).where('id', '=', elodieId).execute();
      const res = await api('julie', 'POST', `/api/v1/pathways/${pathwayId}/appointments`, { startsAt: '2026-12-03T14:30:00+01:00', place: 'Mission locale, 12 place Imbach, Angers', subject: 'Point sur l’immersion' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(Number), pathwayId, startsAt: '2026-12-03T13:30:00.000Z', invitations: { email: true, sms: true } });
      const appointment = await app.deps.db.selectFrom('appointment').select(['professional_user_id', 'invite_email', 'invite_sms', 'status']).where('id', '=', res.body.id as number).executeTakeFirstOrThrow();
      expect(appointment).toEqual({ professional_user_id: ids.julie, invite_email: true, invite_sms: true, status: 'planned' });
      const sms = await app.deps.db.selectFrom('sms_outbox').select(['to_number', 'body']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(sms.to_number).toBe('+33612345678');
      expect(sms.body).toContain('Mission locale, 12 place Imbach, Angers');
      const mail = await app.deps.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(mail.to_address).toBe(ELODIE_EMAIL);
      expect(mail.text_body).toContain('14:30');
    });

    it('getPathway returns everything recorded, and the read is in the log Élodie sees', async () => {
      const res = await api('julie', 'GET', `/api/v1/pathways/${pathwayId}`);
      expect(res.status).toBe(200);
      const p = PathwaySchema.parse(res.body);
      expect(p).toMatchObject({
        id: pathwayId,
        spaceId,
        status: 'open',
        person: { id: elodieId, givenName: 'Élodie', familyName: 'Lefèvre-Martin', birthDate: '1991-04-12', cafNumber: '4923456' },
        holdingOrganisation: { id: missionLocaleId, name: 'Mission locale angevine' },
        referent: { userId: ids.julie, name: 'Julie Perrin' },
        orientation: { kind: 'socio_professional' },
      });
      expect(p.diagnoses[0]!.areas.map((a) => a.label).sort()).toEqual(['Logement', 'Mobilité']);
      expect(p.orientationRequests).toMatchObject([{ status: 'accepted', receivingOrganisation: 'Mission locale angevine' }]);
      expect(p.plan.objectives).toMatchObject([{ area: 'employment', label: 'Travailler en boulangerie' }]);
      expect(p.plan.actions).toMatchObject([{ kind: 'immersion', companySiret: '77500490000145', companyName: 'Boulangerie Martin', startsOn: '2026-12-01', endsOn: '2026-12-05', status: 'planned' }]);
      expect(p.plan.contracts).toMatchObject([{ kind: 'cer', startsOn: '2026-12-01', endsOn: '2027-06-01' }]);
      expect(p.appointments).toMatchObject([{ startsAt: '2026-12-03T13:30:00.000Z', status: 'planned', professional: 'Julie Perrin', inviteEmail: true, inviteSms: true }]);
      expect(p.timeline.map((e) => e.kind)).toEqual([
        'pathway.opened',
        'diagnosis.recorded',
        'orientation.requested',
        'orientation.accepted',
        'referent.assigned',
        'objective.added',
        'action.added',
        'contract.signed',
        'appointment.scheduled',
      ]);
      expect(p.timeline[0]).toMatchObject({ label: 'Parcours ouvert', actor: 'Julie Perrin' });
      expect(await reads('julie', 'api.read')).toEqual([{ person_id: elodieId, pathway_id: pathwayId, organisation_label: 'Mission locale angevine' }]);
    });
  });

  describe('who may', () => {
    it('an active professional who is not a member gets 404 on every operation of the pathway, each attempt audited, nothing written', async () => {
      const before = [await count('diagnosis'), await count('appointment'), await count('plan_objective'), await count('pathway_event')];
      expect((await api('lucas', 'GET', `/api/v1/pathways/${pathwayId}`)).status).toBe(404);
      expect((await api('lucas', 'POST', `/api/v1/pathways/${pathwayId}/diagnoses`, { areas: { health: { situation: 'RAS' } } })).status).toBe(404);
      expect((await api('lucas', 'POST', `/api/v1/pathways/${pathwayId}/plan-items`, { type: 'objective', area: 'health', label: 'x' })).status).toBe(404);
      expect((await api('lucas', 'POST', `/api/v1/pathways/${pathwayId}/appointments`, { startsAt: '2026-12-04T10:00:00Z', place: 'x', subject: 'y' })).status).toBe(404);
      expect((await api('lucas', 'PUT', `/api/v1/pathways/${pathwayId}/referent`, { userId: ids.lucas })).status).toBe(404);
      expect([await count('diagnosis'), await count('appointment'), await count('plan_objective'), await count('pathway_event')]).toEqual(before);
      const denied = await denials('lucas', 'pathway.view');
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ object_type: 'pathway', object_id: String(pathwayId) });
      expect((await denials('lucas', 'pathway.edit')).length).toBe(4);
      expect(await reads('lucas', 'api.read')).toEqual([]);
      // He still searches the space: he is one of its professionals.
      expect((await api('lucas', 'POST', `/api/v1/spaces/${spaceId}/people/search`, { name: 'lefevre' })).status).toBe(200);
    });

    it('the national admin reaches no space nor pathway (404), an anonymous call is 401', async () => {
      expect((await api('nadia', 'POST', `/api/v1/spaces/${spaceId}/people/search`, { name: 'elodie' })).status).toBe(404);
      expect((await api('nadia', 'GET', `/api/v1/pathways/${pathwayId}`)).status).toBe(404);
      expect((await api('nadia', 'POST', `/api/v1/spaces/${spaceId}/pathways`, { personId: elodieId })).status).toBe(404);
      expect(await denials('nadia', 'pathway.view')).toHaveLength(1);
      expect(await reads('nadia', 'person.search')).toEqual([]);
      expect((await api(null, 'GET', `/api/v1/pathways/${pathwayId}`)).status).toBe(401);
      expect((await api('julie', 'GET', '/api/v1/pathways/999999')).status).toBe(404);
    });
  });

  it('the OpenAPI document describes the ten operations', async () => {
    const doc = (await api(null, 'GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, { operationId?: string; security?: unknown }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${op.operationId} ${method.toUpperCase()} ${path}`));
    // The catalogue's operations (issue 6) live under /spaces too: not these ten.
    const pathwayOperations = operations.filter((o) => /\/(spaces|pathways)\//.test(o) && !/^(searchServices|getService|exportCatalogue) /.test(o));
    expect(pathwayOperations.sort()).toEqual(
      [
        'findPeople POST /api/v1/spaces/{id}/people/search',
        'openPathway POST /api/v1/spaces/{id}/pathways',
        'getPathway GET /api/v1/pathways/{id}',
        'recordDiagnosis POST /api/v1/pathways/{id}/diagnoses',
        'requestOrientation POST /api/v1/pathways/{id}/orientation-requests',
        'decideOrientation POST /api/v1/spaces/{id}/orientation-requests/{requestId}/decision',
        'assignReferent PUT /api/v1/pathways/{id}/referent',
        'addPlanItem POST /api/v1/pathways/{id}/plan-items',
        'scheduleAppointment POST /api/v1/pathways/{id}/appointments',
        'importPeople POST /api/v1/spaces/{id}/imports',
      ].sort(),
    );
  });

  describe('importPeople', () => {
    const csv = [
      'NOM;Prénom;Date de naissance;N° CAF/MSA;Courriel',
      'Girard;Zoé;12/03/1988;4900001;zoe.girard@exemple.fr',
      'N’Diaye;Jean-Noël;1975-11-30;4900002;',
      'Moreau;Anaïs;31/02/1990;4900003;',
    ].join('\n');
    const form = (dryRun?: 'true' | 'false') => {
      const f = new FormData();
      if (dryRun) f.set('dryRun', dryRun);
      f.set('file', new Blob([csv], { type: 'text/csv' }), 'liste-rsa.csv');
      return f;
    };

    it('a dry run lists each bad row with its reason and writes nothing; only the coordinator imports', async () => {
      const people = await count('person');
      const res = await api('thomas', 'POST', `/api/v1/spaces/${spaceId}/imports`, form());
      expect(res.status).toBe(200);
      const result = ImportResultSchema.parse(res.body);
      expect(result).toMatchObject({ dryRun: true, total: 3, created: 2, updated: 0 });
      expect(result.errors).toEqual([{ line: 4, reason: expect.stringContaining('Date de naissance invalide') }]);
      expect(await count('person')).toBe(people);
      expect((await api('julie', 'POST', `/api/v1/spaces/${spaceId}/imports`, form())).status).toBe(404);
      const notCsv = new FormData();
      notCsv.set('file', new Blob(['prénom,nom\nZoé,Girard'], { type: 'text/csv' }), 'x.csv');
      const unreadable = await api('thomas', 'POST', `/api/v1/spaces/${spaceId}/imports`, notCsv);
      expect(unreadable.status).toBe(422);
      expect(unreadable.body.details![0]!.message).toMatch(/^Ligne 1 : /);
      expect(await count('person')).toBe(people);
    });

    it('the import creates the good rows, and the same file again creates nobody', async () => {
      const people = await count('person');
      const first = ImportResultSchema.parse((await api('thomas', 'POST', `/api/v1/spaces/${spaceId}/imports`, form('false'))).body);
      expect(first).toMatchObject({ dryRun: false, total: 3, created: 2 });
      expect(await count('person')).toBe(people + 2);
      const again = ImportResultSchema.parse((await api('thomas', 'POST', `/api/v1/spaces/${spaceId}/imports`, form('false'))).body);
      expect(again.created).toBe(0);
      expect(await count('person')).toBe(people + 2);
    });
  });
});
