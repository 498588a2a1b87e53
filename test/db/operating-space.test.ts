/** Issue 5 §1: a selected territory becomes an operating space whose members are its consortium (both databases). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplication, loadSections } from '../../src/domains/ami/adapters/applications.js';
import { decide, recordOpinion } from '../../src/domains/ami/adapters/review.js';
import { saveSection } from '../../src/domains/ami/adapters/sections.js';
import { submitApplication } from '../../src/domains/ami/use-cases/submit-application.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { balancedBudget, DEMO_EMAILS } from '../support/applications.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe.each(DATABASE_TARGETS)('operating space of a selected territory on $name', (target) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ target });
  });
  afterAll(() => app.stop());

  it('opens once, on selection, with the lead organisation and the consortium members known by SIRET', async () => {
    const db = app.deps.db;
    const actor = async (email: string) => (await loadActor(db, await userIdByEmail(app, email)))!;
    const antoine = await actor(DEMO_EMAILS.antoine);
    const nadia = await actor(DEMO_EMAILS.nadia);
    const now = new Date();
    const callId = (await db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    const created = await createApplication(db, { callId, leadOrganisationId: antoine.organisationId!, territory: { kind: 'departement', departementCode: '72' }, actor: antoine, now });
    if (!created.ok) throw new Error(created.message);
    const sections = await loadSections(db, created.id);
    const member = (name: string, siret: string) => ({ organisationName: name, siret, kind: 'france_travail', fieldsOfAction: [], commitments: 'Engagé.' });
    // France Travail Angers is known (demo), « 000… » is not a known organisation: only the first joins.
    await saveSection(db, { applicationId: created.id, section: 'consortium', content: { members: [member('France Travail — Angers', '130 004 900 00127'), member('Inconnue', '00000000000000')] }, baseVersion: sections.consortium.version, actor: antoine, now });
    await saveSection(db, { applicationId: created.id, section: 'budget', content: balancedBudget(40_000_000), baseVersion: sections.budget.version, actor: antoine, now });
    const submitted = await submitApplication(db, { applicationId: created.id, actor: antoine, now });
    expect(submitted.ok).toBe(true);
    const claire = await actor(DEMO_EMAILS.claire);
    await recordOpinion(db, { applicationId: created.id, actor: claire, kind: 'collegial', verdict: 'favourable', reasons: 'Bien.', confidential: false, now });
    expect(await db.selectFrom('territory_space').select('id').where('application_id', '=', created.id).execute()).toEqual([]);

    expect((await decide(db, { applicationId: created.id, decision: 'selected', reasons: 'Retenue.', actor: nadia, now })).ok).toBe(true);
    const space = await db.selectFrom('territory_space').select(['id', 'departement_code', 'lead_organisation_id', 'name', 'retention_months']).where('application_id', '=', created.id).executeTakeFirstOrThrow();
    expect(space).toMatchObject({ departement_code: '72', lead_organisation_id: antoine.organisationId, name: 'SPIE Sarthe', retention_months: 24 });
    const members = await db
      .selectFrom('space_organisation as s')
      .innerJoin('organisation as o', 'o.id', 's.organisation_id')
      .select('o.name')
      .where('s.space_id', '=', space.id)
      .orderBy('o.name')
      .execute();
    expect(members.map((m) => m.name)).toEqual(['Conseil départemental de la Sarthe', 'France Travail — Angers']);
  });
});
