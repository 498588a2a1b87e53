/**
 * SPIE-8 with an injected clock, on every database: a pathway closed 23 months ago is kept; closed
 * 24 months and one second ago, its person is anonymised — nothing identifying left anywhere in the
 * rows about them — while the tombstone keeps dates and organisations, and the access log keeps who
 * read, without the person's name. A person with another pathway open is kept whole. Two runs at
 * the same time anonymise once.
 */
import { answerServiceOrientation, createServiceOrientation } from '../../src/domains/catalogue/adapters/service-orientations.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { logPersonAccess } from '../../src/domains/pathway/adapters/access-log.js';
import { recordEvent } from '../../src/domains/pathway/adapters/events.js';
import { closePathway, openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { createSignInLink } from '../../src/domains/pathway/adapters/person-space.js';
import { addAction, addObjective, recordDiagnosis, scheduleAppointment } from '../../src/domains/pathway/adapters/record.js';
import { ANONYMISED_LABEL, anonymiseDuePeople } from '../../src/domains/pathway/use-cases/retention.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const OPENED = new Date('2025-01-15T10:00:00Z');
const CLOSED = new Date('2025-03-10T09:00:00Z');
const at = (iso: string) => new Date(iso);

/** Every text the rows about Élodie held that identifies her or tells her story. */
const IDENTIFYING = ['Élodie', 'Lefèvre', 'lefevre', '1991-04-12', '4923456', '0612345678', '+33612345678', 'Je préfère les horaires du matin', 'Hébergée chez sa sœur', 'permis de conduire', 'Boulangerie Martin', 'Bilan avec Élodie', 'Déménagement à Nantes', 'voiture en panne', 'déjà suivie par notre équipe'];

describe.each(DATABASE_TARGETS)('retention (SPIE-8) on $name', (target) => {
  let app: TestApp;
  let julie: Actor;
  let elodie: Actor;
  let elodiePersonId: number;
  let pathwayId: number;
  let spaceId: number;

  /** All rows of the tables that hold a person's data, as one text. */
  async function everything(): Promise<string> {
    const tables = ['person', 'app_user', 'pathway', 'diagnosis', 'diagnosis_area', 'orientation_request', 'plan_objective', 'plan_action', 'pathway_contract', 'appointment', 'pathway_event', 'person_access_log', 'person_sign_in_link', 'session', 'mail_outbox', 'sms_outbox', 'audit_log', 'service_orientation'];
    const dumps: string[] = [];
    for (const table of tables) {
      const { rows } = await sql.raw(`select * from ${table}`).execute(app.deps.db);
      dumps.push(JSON.stringify(rows));
    }
    return dumps.join('\n');
  }

  beforeAll(async () => {
    app = await startTestApp({ target });
    const db = app.deps.db;
    julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    elodie = (await loadActor(db, await userIdByEmail(app, 'elodie.lefevre-martin@personne.demo.test')))!;
    const person = await db.selectFrom('person').select(['id', 'space_id']).where('user_id', '=', elodie.userId).executeTakeFirstOrThrow();
    elodiePersonId = person.id;
    spaceId = person.space_id;
    await db.updateTable('person').set({ phone: '0612345678', address: '3 rue des Lices, Angers' }).where('id', '=', person.id).execute();
    const opened = await openPathway(db, { spaceId, personId: person.id, actor: julie, now: OPENED });
    if (!opened.ok) throw new Error(opened.message);
    pathwayId = opened.pathwayId;
    await recordDiagnosis(db, { pathwayId, entries: [{ area: 'housing', situation: 'Hébergée chez sa sœur à Angers', needs: 'Un logement autonome' }], actor: julie, now: OPENED });
    await addObjective(db, { pathwayId, area: 'mobility', label: 'Passer le permis de conduire', byPerson: true, actor: elodie, now: OPENED });
    await addAction(db, {
      pathwayId,
      objectiveId: null,
      action: { kind: 'immersion', label: 'Découvrir le métier de boulangère', companySiret: '41816609600069', companyName: 'Boulangerie Martin', startsOn: '2025-02-03', endsOn: '2025-02-07', serviceId: null },
      actor: julie,
      now: OPENED,
    });
    await scheduleAppointment(db, { pathwayId, startsAt: at('2025-02-20T09:00:00Z'), place: 'Mission locale, Angers', subject: 'Bilan avec Élodie', professionalUserId: julie.userId, inviteEmail: true, inviteSms: true, actor: julie, now: OPENED });
    await recordEvent(db, { pathwayId, kind: 'person.comment', summary: { text: 'Je préfère les horaires du matin.' }, actorUserId: elodie.userId, actorLabel: elodie.displayName, now: OPENED });
    await logPersonAccess(db, { personIds: [person.id], pathwayId, actor: julie, action: 'pathway.read', now: OPENED });
    await logPersonAccess(db, { personIds: [person.id], pathwayId, actor: elodie, action: 'person.self', now: OPENED });
    await createSignInLink(db, { personId: person.id, now: OPENED });
    await db.insertInto('mail_outbox').values({ to_address: 'elodie.lefevre-martin@personne.demo.test', subject: 'Rappel : Bilan avec Élodie', text_body: 'Bonjour Élodie', transport: 'outbox' }).execute();
    await app.deps.sms.send({ to: '06 12 34 56 78', body: 'SPIE : rappel, Bilan avec Élodie' });
    await db.insertInto('session').values({ id_hash: 'h', user_id: elodie.userId, csrf_token: 'c', data: '{}', created_at: OPENED, expires_at: at('2030-01-01T00:00:00Z'), idle_expires_at: at('2030-01-01T00:00:00Z') }).execute();
    // An orientation to a catalogue service, with the professional's message and the service's refusal.
    await db.insertInto('catalogue_structure').values({ id: 'st-garage', space_id: spaceId, source: 'test', nom: 'Garage solidaire', courriel: 'garage@test.fr', date_maj: '2025-01-01', created_at: OPENED, updated_at: OPENED }).execute();
    await db.insertInto('catalogue_service').values({ id: 'svc-garage', structure_id: 'st-garage', space_id: spaceId, status: 'published', source: 'test', nom: 'Réparations', description: 'Réparations à petit prix.', date_maj: '2025-01-01', reviewed_at: OPENED, created_at: OPENED, updated_at: OPENED }).execute();
    const oriented = await createServiceOrientation(db, { pathwayId, serviceId: 'svc-garage', message: 'Sa voiture en panne l’empêche d’aller travailler.', consent: true, actor: julie, now: OPENED });
    if (!oriented.ok) throw new Error(oriented.message);
    expect((await answerServiceOrientation(db, { id: oriented.id, decision: 'refused', reason: 'Personne déjà suivie par notre équipe.', by: { userId: null, label: 'Garage solidaire' }, now: OPENED })).ok).toBe(true);
    const closed = await closePathway(db, { pathwayId, reason: 'Déménagement à Nantes', actor: julie, now: CLOSED });
    expect(closed.ok).toBe(true);
  });
  afterAll(() => app.stop());

  it('keeps a pathway closed 23 months ago, and one closed a second short of 24 months', async () => {
    expect(await anonymiseDuePeople(app.deps.db, at('2027-02-10T09:00:00Z'))).toBe(0);
    expect(await anonymiseDuePeople(app.deps.db, at('2027-03-10T08:59:59Z'))).toBe(0);
    const text = await everything();
    for (const needle of IDENTIFYING) expect(text, needle).toContain(needle);
  });

  it('anonymises at 24 months and one second, once even when two runs go together, leaving nothing identifying', async () => {
    const now = at('2027-03-10T09:00:01Z');
    const counts = await Promise.all([anonymiseDuePeople(app.deps.db, now), anonymiseDuePeople(app.deps.db, now)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);

    const text = await everything();
    for (const needle of IDENTIFYING) expect(text.toLowerCase(), needle).not.toContain(needle.toLowerCase());

    const db = app.deps.db;
    const person = await db.selectFrom('person').selectAll().where('id', '=', elodiePersonId).executeTakeFirstOrThrow();
    expect(person).toMatchObject({ given_name: 'Personne', family_name: 'anonymisée', name_key: '', family_key: '', birth_date: null, caf_number: null, email: null, phone: null, address: null });
    expect(person.anonymised_at).toEqual(now);
    // The tombstone: the pathway with its dates and organisations.
    const tombstone = await db.selectFrom('pathway').selectAll().where('id', '=', pathwayId).executeTakeFirstOrThrow();
    expect(tombstone).toMatchObject({ status: 'closed', opened_at: OPENED, closed_at: CLOSED, opened_by_organisation_id: julie.organisationId, closed_reason: null });
    expect(tombstone.anonymised_at).toEqual(now);
    expect(await db.selectFrom('appointment').select('starts_at').where('pathway_id', '=', pathwayId).execute()).toEqual([{ starts_at: at('2025-02-20T09:00:00Z') }]);
    expect(await db.selectFrom('plan_action').select(['company_siret', 'starts_on']).where('pathway_id', '=', pathwayId).execute()).toEqual([{ company_siret: '41816609600069', starts_on: '2025-02-03' }]);
    // The access log: who read is kept, the person's name is not.
    const log = await db.selectFrom('person_access_log').select(['actor_label', 'organisation_label', 'action']).where('person_id', '=', elodiePersonId).orderBy('id').execute();
    expect(log).toEqual([
      { actor_label: 'Julie Perrin', organisation_label: 'Mission locale angevine', action: 'pathway.read' },
      { actor_label: ANONYMISED_LABEL, organisation_label: null, action: 'person.self' },
    ]);
    // Her account is closed and signed out; her links are gone.
    expect(await db.selectFrom('app_user').select(['active', 'oidc_subject']).where('id', '=', elodie.userId).executeTakeFirstOrThrow()).toEqual({ active: false, oidc_subject: null });
    expect(await db.selectFrom('session').select('id_hash').where('user_id', '=', elodie.userId).execute()).toEqual([]);
    expect(await db.selectFrom('person_sign_in_link').select('token_hash').where('person_id', '=', elodiePersonId).execute()).toEqual([]);
    const audit = await db.selectFrom('audit_log').select(['action', 'object_id', 'summary']).where('action', '=', 'person.anonymised').execute();
    expect(audit).toEqual([{ action: 'person.anonymised', object_id: String(elodiePersonId), summary: { pathwayIds: [pathwayId], mergedPersonIds: [] } }]);
    // A later run finds nothing more to do.
    expect(await anonymiseDuePeople(app.deps.db, at('2027-06-01T00:00:00Z'))).toBe(0);
  });

  it('keeps whole a person whose old pathway is past the retention but who has another pathway open', async () => {
    const db = app.deps.db;
    const first = await openPathway(db, {
      spaceId,
      newPerson: { given_name: 'Karim', family_name: 'Haddad', birth_date: '1985-06-02', caf_number: null, france_travail_id: null, email: null, phone: null, rsa_rights_opened_on: null },
      actor: julie,
      now: OPENED,
    });
    if (!first.ok) throw new Error(first.message);
    await closePathway(db, { pathwayId: first.pathwayId, reason: 'Emploi trouvé', actor: julie, now: CLOSED });
    const second = await openPathway(db, { spaceId, personId: first.personId, actor: julie, now: at('2027-01-05T10:00:00Z') });
    expect(second.ok).toBe(true);

    expect(await anonymiseDuePeople(db, at('2028-01-01T00:00:00Z'))).toBe(0);
    expect(await db.selectFrom('person').select(['given_name', 'birth_date', 'anonymised_at']).where('id', '=', first.personId).executeTakeFirstOrThrow()).toEqual({ given_name: 'Karim', birth_date: '1985-06-02', anonymised_at: null });
    expect(await db.selectFrom('pathway').select('anonymised_at').where('id', '=', first.pathwayId).executeTakeFirstOrThrow()).toEqual({ anonymised_at: null });

    // Once the second pathway is closed too and past the retention, the person goes.
    if (second.ok) await closePathway(db, { pathwayId: second.pathwayId, reason: 'Emploi trouvé', actor: julie, now: at('2027-06-01T10:00:00Z') });
    expect(await anonymiseDuePeople(db, at('2029-06-01T09:59:59Z'))).toBe(0);
    expect(await anonymiseDuePeople(db, at('2029-06-01T10:00:00Z'))).toBe(1);
    expect((await db.selectFrom('person').select('given_name').where('id', '=', first.personId).executeTakeFirstOrThrow()).given_name).toBe('Personne');
  });

  it('follows the territory’s own retention', async () => {
    const db = app.deps.db;
    await db.updateTable('territory_space').set({ retention_months: 6 }).where('id', '=', spaceId).execute();
    const opened = await openPathway(db, {
      spaceId,
      newPerson: { given_name: 'Inès', family_name: 'Morel', birth_date: '1999-09-09', caf_number: null, france_travail_id: null, email: null, phone: null, rsa_rights_opened_on: null },
      actor: julie,
      now: OPENED,
    });
    if (!opened.ok) throw new Error(opened.message);
    await closePathway(db, { pathwayId: opened.pathwayId, reason: 'Emploi trouvé', actor: julie, now: CLOSED });
    expect(await anonymiseDuePeople(db, at('2025-09-10T08:59:59Z'))).toBe(0);
    expect(await anonymiseDuePeople(db, at('2025-09-10T09:00:00Z'))).toBe(1);
  });
});
