/**
 * People of a space on both databases (issue 5 §2, SPIE-1): findPeople meets a person however their
 * name is typed, by CAF/MSA number, France Travail identifier, name and birth date; a merge keeps both
 * histories; a CAF/MSA number belongs to one record per space.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpaceForApplication } from '../../src/domains/pathway/adapters/spaces.js';
import { closePathway, openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { MAX_CANDIDATES, checkNewPerson, checkPersonQuery, findPeople, insertPerson, mergePeople, type NewPerson } from '../../src/domains/pathway/adapters/people.js';
import { listEvents } from '../../src/domains/pathway/adapters/events.js';
import { listPersonAccess, logPersonAccess } from '../../src/domains/pathway/adapters/access-log.js';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { submittedApplication } from '../support/applications.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const BLANK: NewPerson = { givenName: '', familyName: '', birthDate: '', cafNumber: '', franceTravailId: '', email: '', phone: '', rsaRightsOpenedOn: '' };

describe.each(DATABASE_TARGETS)('people of a space on $name', (target) => {
  let app: TestApp;
  let spaceId: number;
  let elodieId: number;
  let julie: Actor;
  let thomas: Actor;
  const now = new Date('2025-03-10T09:00:00Z');

  /** Creates a person through the same check and insert as the web form. */
  async function person(fields: Partial<NewPerson>, space = spaceId): Promise<number> {
    const check = checkNewPerson({ ...BLANK, ...fields });
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    return app.deps.db.transaction().execute((trx) => insertPerson(trx, space, check.values, julie, now));
  }

  const names = async (query: Parameters<typeof findPeople>[2]) => (await findPeople(app.deps.db, spaceId, query)).map((c) => `${c.givenName} ${c.familyName} [${c.matches.join(', ')}]`);

  beforeAll(async () => {
    app = await startTestApp({ target });
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    elodieId = (await app.deps.db.selectFrom('person').select('id').where('family_name', '=', 'Lefèvre-Martin').executeTakeFirstOrThrow()).id;
    julie = (await loadActor(app.deps.db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    thomas = (await loadActor(app.deps.db, await userIdByEmail(app, 'thomas.girard@cd49.demo.test')))!;
  });
  afterAll(() => app.stop());

  it('meets « Élodie Lefèvre-Martin » however her name is typed, and tells what matched', async () => {
    for (const typed of ['elodie lefevre martin', 'Élodie Lefèvre-Martin', 'LEFEVRE-MARTIN Élodie', 'lefèvre martin', 'Elodie Lefev', '  élodie   LEFÈVRE – martin ']) {
      expect(await names({ name: typed }), typed).toEqual(['Élodie Lefèvre-Martin [nom]']);
    }
    // A part of the compound family name alone, or another given name, is not enough without the birth date…
    expect(await names({ name: 'Martin' })).toEqual([]);
    expect(await names({ name: 'Elodie-Marie Lefèvre-Martin' })).toEqual([]);
    // …with it, any run of the typed words equal to the family name is.
    expect(await names({ name: 'Elodie-Marie Lefèvre-Martin', birthDate: '1991-04-12' })).toEqual(['Élodie Lefèvre-Martin [nom et date de naissance]']);
    expect(await names({ name: 'E. Lefevre Martin', birthDate: '1991-04-12' })).toEqual(['Élodie Lefèvre-Martin [nom et date de naissance]']);
    expect(await names({ name: 'E. Lefevre Martin', birthDate: '1991-04-13' })).toEqual([]);
    expect(await names({ name: 'elodie lefevre martin', birthDate: '1991-04-12' })).toEqual(['Élodie Lefèvre-Martin [nom et date de naissance]']);
    expect(await names({ birthDate: '1991-04-12' })).toEqual(['Élodie Lefèvre-Martin [date de naissance]']);
  });

  it('finds by CAF/MSA number and France Travail identifier as typed, identifiers first', async () => {
    const karim = await person({ givenName: 'Karim', familyName: 'Lefèvre', birthDate: '1985-01-30', cafNumber: '7654321', franceTravailId: '1234567A' });
    expect(await names({ cafNumber: '492 3456' })).toEqual(['Élodie Lefèvre-Martin [numéro CAF/MSA]']);
    expect(await names({ franceTravailId: '1234 567a' })).toEqual(['Karim Lefèvre [identifiant France Travail]']);
    expect(await names({ cafNumber: '0000000' })).toEqual([]);
    // The identifier's owner comes before a mere namesake.
    expect(await names({ name: 'Élodie Lefèvre-Martin', cafNumber: '7654321' })).toEqual(['Karim Lefèvre [numéro CAF/MSA]', 'Élodie Lefèvre-Martin [nom]']);
    // Among many namesakes, the identifier's owner still comes first, and no more than 20 are listed.
    for (let i = 0; i < 25; i++) await person({ givenName: 'Karima', familyName: `Martin${String.fromCharCode(97 + i)}`, birthDate: '1990-01-01' });
    const many = await findPeople(app.deps.db, spaceId, { name: 'kar', cafNumber: '7654321' });
    expect(many).toHaveLength(MAX_CANDIDATES);
    expect(many[0]).toMatchObject({ id: karim, matches: ['numéro CAF/MSA', 'nom'] });
    expect(many.slice(1).every((c) => c.familyName.startsWith('Martin') && c.matches.join() === 'nom')).toBe(true);
    const [candidate] = await findPeople(app.deps.db, spaceId, { cafNumber: '7654321' });
    expect(candidate).toMatchObject({ id: karim, birthDate: '1985-01-30', cafNumber: '7654321', franceTravailId: '1234567A', openPathwayId: null });
  });

  it('checks a search: at least one criterion, each well formed', () => {
    expect(checkPersonQuery({ name: '', birthDate: '', cafNumber: '', franceTravailId: '' })).toMatchObject({ ok: false, errors: { form: expect.stringContaining('au moins un critère') } });
    expect(checkPersonQuery({ name: 'e', birthDate: '31/02/1991', cafNumber: '12a', franceTravailId: '12-34' })).toEqual({
      ok: false,
      errors: { name: expect.any(String), birthDate: expect.any(String), cafNumber: expect.any(String), franceTravailId: expect.any(String) },
    });
    expect(checkPersonQuery({ name: 'Élodie', birthDate: '12/04/1991', cafNumber: '', franceTravailId: '' })).toEqual({ ok: true, query: { name: 'Élodie', birthDate: '1991-04-12', cafNumber: '', franceTravailId: '' } });
  });

  it('refuses a CAF/MSA number already on a record of the same space, not of another space', async () => {
    await expect(person({ givenName: 'Paul', familyName: 'Durand', birthDate: '1970-05-05', cafNumber: '4923456' })).rejects.toThrow();
    expect(await names({ name: 'Paul Durand' })).toEqual([]);
    // Another territory's space (Sarthe) may know someone under the same number.
    const antoine = (await loadActor(app.deps.db, await userIdByEmail(app, 'antoine.morel@cd72.demo.test')))!;
    const callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    const applicationId = await submittedApplication(app.deps.db, { actor: antoine, callId, departementCode: '72' });
    const sarthe = await app.deps.db.transaction().execute((trx) => openSpaceForApplication(trx, applicationId, now));
    const paul = await person({ givenName: 'Paul', familyName: 'Durand', birthDate: '1970-05-05', cafNumber: '4923456' }, sarthe);
    expect((await findPeople(app.deps.db, sarthe, { cafNumber: '4923456' })).map((c) => c.id)).toEqual([paul]);
    expect((await findPeople(app.deps.db, spaceId, { cafNumber: '4923456' })).map((c) => c.id)).toEqual([elodieId]);
  });

  it('merges two records of the same person: pathways, access log and identifiers go to the kept one, both histories remain', async () => {
    // A second record of Élodie, made at another door, with her France Travail id and a pathway of its own.
    const check = checkNewPerson({ ...BLANK, givenName: 'Elodie', familyName: 'Lefevre Martin', birthDate: '1991-04-12', franceTravailId: '9988776B', phone: '06 11 22 33 44' });
    if (!check.ok) throw new Error('invalid');
    const opened = await openPathway(app.deps.db, { spaceId, newPerson: check.values, actor: julie, now });
    if (!opened.ok) throw new Error(opened.message);
    const duplicateId = opened.personId;
    await logPersonAccess(app.deps.db, { personIds: [duplicateId], pathwayId: opened.pathwayId, actor: julie, action: 'pathway.read', now });
    const onElodie = await openPathway(app.deps.db, { spaceId, personId: elodieId, actor: thomas, now });
    if (!onElodie.ok) throw new Error(onElodie.message);
    expect((await findPeople(app.deps.db, spaceId, { name: 'elodie lefevre martin' })).map((c) => c.id).sort()).toEqual([elodieId, duplicateId].sort());

    // One open pathway per person: not while both records have one.
    expect(await mergePeople(app.deps.db, { spaceId, keptId: elodieId, duplicateId, actor: thomas, now })).toEqual({ ok: false, message: expect.stringContaining('clôturez d’abord') });
    expect(await mergePeople(app.deps.db, { spaceId, keptId: elodieId, duplicateId: elodieId, actor: thomas, now })).toEqual({ ok: false, message: 'Choisissez deux fiches différentes.' });
    expect((await closePathway(app.deps.db, { pathwayId: onElodie.pathwayId, reason: 'Doublon : parcours suivi par la mission locale', actor: thomas, now })).ok).toBe(true);

    const later = new Date(now.getTime() + 60_000);
    expect(await mergePeople(app.deps.db, { spaceId, keptId: elodieId, duplicateId, actor: thomas, now: later })).toEqual({ ok: true });
    const row = (id: number) => app.deps.db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const kept = await row(elodieId);
    const merged = await row(duplicateId);
    expect(kept).toMatchObject({ caf_number: '4923456', france_travail_id: '9988776B', phone: '0611223344', merged_into: null });
    expect(kept.user_id).not.toBeNull(); // her own account stays hers
    expect(merged).toMatchObject({ merged_into: elodieId, france_travail_id: null, given_name: 'Elodie', family_name: 'Lefevre Martin' });
    // Both pathways (the closed one and the moved open one) are hers now; the moved one says so in its timeline.
    const pathways = await app.deps.db.selectFrom('pathway').select(['id', 'status']).where('person_id', '=', elodieId).orderBy('id').execute();
    expect(pathways).toEqual([
      { id: opened.pathwayId, status: 'open' },
      { id: onElodie.pathwayId, status: 'closed' },
    ]);
    expect((await listEvents(app.deps.db, opened.pathwayId)).map((e) => e.kind)).toEqual(['pathway.opened', 'person.merged']);
    // The reads of the duplicate stay in her access log.
    expect((await listPersonAccess(app.deps.db, elodieId)).map((a) => a.action)).toContain('pathway.read');
    expect((await listPersonAccess(app.deps.db, duplicateId))).toEqual([]);
    const audit = await listAudit(app.deps.db, { action: 'person.merge' });
    expect(audit[0]).toMatchObject({ object_type: 'person', object_id: String(elodieId), summary: { mergedPersonId: duplicateId } });
    // Search finds her once, with her open pathway; the merged record cannot be merged again.
    expect(await findPeople(app.deps.db, spaceId, { franceTravailId: '9988776B' })).toEqual([expect.objectContaining({ id: elodieId, openPathwayId: opened.pathwayId })]);
    expect(await names({ name: 'elodie lefevre martin' })).toEqual(['Élodie Lefèvre-Martin [nom]']);
    expect((await mergePeople(app.deps.db, { spaceId, keptId: elodieId, duplicateId, actor: thomas, now })).ok).toBe(false);
  });
});
