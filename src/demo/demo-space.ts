/**
 * The demo's operating space (issue 5): Maine-et-Loire, laureate of the 2021 second wave, runs its
 * SPIE with its consortium (France Travail, the mission locale, the CCAS of Angers, an association).
 * Two professionals and the coordinator are active; Élodie Lefèvre-Martin is known from the RSA list
 * of the CAF (no pathway yet), with her own account to see her pathway once opened.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../adapters/db/schema.js';
import { EMPTY_CONTENT, SECTION_KEYS } from '../domains/ami/entities/application-content.js';
import { openSpaceForApplication } from '../domains/pathway/adapters/spaces.js';
import { familyKey, nameKey } from '../domains/pathway/entities/person-name.js';

export const DEMO_SPACE_CALL_TITLE = 'AMI SPIE 2021 – vague 2';

export const DEMO_SPACE_PROFESSIONALS = [
  'julie.perrin@missionlocale49.demo.test',
  'lucas.bernard@francetravail49.demo.test',
  'nathalie.blanc@cd49.demo.test',
] as const;

export async function seedDemoSpace(trx: Transaction<Database>, ids: Map<string, number>, now: Date): Promise<number> {
  const call = await trx.selectFrom('ami_call').select('id').where('title', '=', DEMO_SPACE_CALL_TITLE).executeTakeFirstOrThrow();
  const thomas = await trx.selectFrom('app_user').select('id').where('email', '=', 'thomas.girard@cd49.demo.test').executeTakeFirstOrThrow();
  const submittedAt = new Date('2021-10-08T14:00:00Z');
  const decidedAt = new Date('2021-12-15T10:00:00Z');
  const app = await trx
    .insertInto('application')
    .values({ call_id: call.id, lead_organisation_id: ids.get('cd-49')!, departement_code: '49', territory_kind: 'departement', status: 'selected', created_by: thomas.id, created_at: submittedAt, submitted_at: submittedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  const members = (['ft-49', 'ml-49', 'ccas-angers', 'asso-49'] as const).map((key) => key);
  const orgs = await trx.selectFrom('organisation').select(['id', 'name', 'siret', 'kind']).where('id', 'in', members.map((k) => ids.get(k)!)).execute();
  const content = {
    ...EMPTY_CONTENT,
    consortium: { members: orgs.map((o) => ({ organisationName: o.name, siret: o.siret, kind: o.kind, fieldsOfAction: [], commitments: 'Membre du consortium depuis 2021.' })) },
  };
  for (const section of SECTION_KEYS) {
    await trx.insertInto('application_section').values({ application_id: app.id, section, content: JSON.stringify(content[section]), version: 1, updated_by: thomas.id, updated_at: submittedAt }).execute();
  }
  await trx
    .insertInto('application_transition')
    .values([
      { application_id: app.id, from_status: null, to_status: 'submitted', actor_user_id: thomas.id, occurred_at: submittedAt },
      { application_id: app.id, from_status: 'submitted', to_status: 'selected', actor_user_id: thomas.id, occurred_at: decidedAt, reason: 'Lauréat de la vague 2 (données de démonstration).' },
    ])
    .execute();
  const spaceId = await openSpaceForApplication(trx, app.id, decidedAt);
  for (const email of DEMO_SPACE_PROFESSIONALS) {
    const user = await trx.selectFrom('app_user').select(['id', 'organisation_id']).where('email', '=', email).executeTakeFirstOrThrow();
    await trx.insertInto('space_professional').values({ space_id: spaceId, user_id: user.id, organisation_id: user.organisation_id!, invited_by: thomas.id, invited_at: decidedAt }).execute();
  }
  const elodie = await trx.selectFrom('app_user').select('id').where('email', '=', 'elodie.lefevre-martin@personne.demo.test').executeTakeFirstOrThrow();
  await trx
    .insertInto('person')
    .values({
      space_id: spaceId,
      given_name: 'Élodie',
      family_name: 'Lefèvre-Martin',
      name_key: nameKey('Élodie', 'Lefèvre-Martin'),
      family_key: familyKey('Lefèvre-Martin'),
      birth_date: '1991-04-12',
      caf_number: '4923456',
      email: 'elodie.lefevre-martin@personne.demo.test',
      rsa_rights_opened_on: new Date(now.getTime() - 41 * 86_400_000).toISOString().slice(0, 10),
      user_id: elodie.id,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return spaceId;
}
