/**
 * Bench data on top of the demo data: organisations spread over every département in scope and
 * users attached to them (a few of them deactivated), inserted in batches with Kysely.
 * Idempotent: does nothing when the bench organisations are already there.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../src/adapters/db/schema.js';
import type { Role } from '../src/domains/identity/entities/role.js';
import { ORGANISATION_KINDS, type OrganisationKind } from '../src/domains/organisation/entities/organisation-kind.js';
import { checkSiret } from '../src/domains/organisation/entities/siret.js';

export interface BenchDataSize {
  organisations: number;
  users: number;
}

/** Fictitious SIRET numbers of the bench organisations all start with this. */
const SIRET_PREFIX = '99';
const BATCH = 500;
/** Roles held on the organisation perimeter, given in turn to the bench users. */
const ORGANISATION_ROLES: Role[] = ['professional', 'consortium_member', 'lead_applicant', 'territory_coordinator'];
/** Kinds a bench organisation may have (the State services are left to the demo data). */
const KINDS = (Object.keys(ORGANISATION_KINDS) as OrganisationKind[]).filter((k) => !['ministry', 'dreets', 'prefecture'].includes(k));

/** A valid (Luhn) but fictitious SIRET, distinct for every index. */
function benchSiret(index: number): string {
  const stem = `${SIRET_PREFIX}${String(index).padStart(11, '0')}`;
  for (let key = 0; key <= 9; key++) {
    if (checkSiret(`${stem}${key}`).valid) return `${stem}${key}`;
  }
  throw new Error(`Pas de clé de contrôle pour ${stem}`);
}

async function inBatches<T>(items: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await insert(items.slice(i, i + BATCH));
}

export async function seedBenchData(db: Kysely<Database>, size: BenchDataSize): Promise<void> {
  const already = await db
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('siret', 'like', `${SIRET_PREFIX}%`)
    .executeTakeFirstOrThrow();
  if (Number(already.n) > 0) return;

  const departements = await db.selectFrom('departement').select(['code', 'name', 'region_code']).orderBy('code').execute();
  if (departements.length === 0) throw new Error('Données de référence absentes : aucun département.');

  const organisations = Array.from({ length: size.organisations }, (_, i) => {
    const d = departements[i % departements.length]!;
    const kind = KINDS[i % KINDS.length]!;
    return {
      name: `${ORGANISATION_KINDS[kind]} — ${d.name} n° ${Math.floor(i / departements.length) + 1}`,
      siret: benchSiret(i),
      kind,
      departement_code: d.code,
      region_code: d.region_code,
    };
  });
  const organisationIds: number[] = [];
  await inBatches(organisations, async (batch) => {
    const rows = await db.insertInto('organisation').values(batch).returning('id').execute();
    organisationIds.push(...rows.map((r) => r.id));
  });

  const users = Array.from({ length: size.users }, (_, i) => ({
    email: `agent.${i}@bench.spie.test`,
    given_name: `Agent${i}`,
    family_name: `Banc-d’essai`,
    organisation_id: organisationIds[i % organisationIds.length]!,
    active: i % 20 !== 0, // one user in twenty deactivated: the dashboard counts active users only
  }));
  await inBatches(users, async (batch) => {
    const rows = await db.insertInto('app_user').values(batch).returning(['id', 'organisation_id']).execute();
    await db
      .insertInto('role_assignment')
      .values(
        rows.map((u, j) => ({
          user_id: u.id,
          role: ORGANISATION_ROLES[j % ORGANISATION_ROLES.length]!,
          perimeter_kind: 'organisation',
          perimeter_code: String(u.organisation_id),
        })),
      )
      .execute();
  });
}
