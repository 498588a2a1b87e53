/** Reads organisations, filtered by the perimeter the authorization module computes. */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { AuthzObject, OrganisationScope } from '../../authorization/authorize.js';

/**
 * The SQL condition "this organisation lies in the scope", on the `organisation` table (or an alias of it).
 * Shared by every query that lists organisations, so that lists and `authorize` agree.
 */
export function inOrganisationScope(scope: OrganisationScope, table = 'organisation'): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`true`;
  const column = (name: string) => sql.ref(`${table}.${name}`);
  const parts = [
    ...(scope.regionCodes.length ? [sql`${column('region_code')} in (${sql.join(scope.regionCodes)})`] : []),
    ...(scope.departementCodes.length ? [sql`${column('departement_code')} in (${sql.join(scope.departementCodes)})`] : []),
    ...(scope.organisationIds.length ? [sql`${column('id')} in (${sql.join(scope.organisationIds)})`] : []),
  ];
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : sql<SqlBool>`false`;
}

function organisationWithPlaces(db: Kysely<Database>) {
  return db
    .selectFrom('organisation')
    .leftJoin('departement', 'departement.code', 'organisation.departement_code')
    .leftJoin('region', 'region.code', 'organisation.region_code')
    .select([
      'organisation.id',
      'organisation.name',
      'organisation.siret',
      'organisation.kind',
      'organisation.departement_code',
      'organisation.region_code',
      'departement.name as departement_name',
      'region.name as region_name',
    ]);
}

export async function listOrganisations(db: Kysely<Database>, scope: OrganisationScope) {
  return organisationWithPlaces(db)
    .where(inOrganisationScope(scope))
    .orderBy('organisation.name')
    .execute();
}

export async function getOrganisation(db: Kysely<Database>, id: number) {
  return organisationWithPlaces(db).where('organisation.id', '=', id).executeTakeFirst();
}

/** The facts the authorization module needs to place an organisation in a perimeter; null when it does not exist. */
export async function organisationAuthzObject(db: Kysely<Database>, id: number): Promise<AuthzObject | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const row = await db
    .selectFrom('organisation')
    .select(['id', 'region_code', 'departement_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { type: 'organisation', id: row.id, regionCode: row.region_code, departementCode: row.departement_code } : null;
}

export async function listOrganisationMembers(db: Kysely<Database>, organisationId: number) {
  return db
    .selectFrom('app_user')
    .select(['id', 'given_name', 'family_name', 'email'])
    .where('organisation_id', '=', organisationId)
    .where('active', '=', true)
    .orderBy('family_name')
    .execute();
}
