/** Reads organisations, filtered by the perimeter the authorization module computes. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { AuthzObject, OrganisationScope } from '../../authorization/authorize.js';

export async function listOrganisations(db: Kysely<Database>, scope: OrganisationScope) {
  let q = db
    .selectFrom('organisation')
    .leftJoin('departement', 'departement.code', 'organisation.departement_code')
    .select([
      'organisation.id',
      'organisation.name',
      'organisation.siret',
      'organisation.kind',
      'organisation.departement_code',
      'departement.name as departement_name',
    ]);
  if (!scope.all) {
    q = q.where((eb) =>
      eb.or([
        ...(scope.regionCodes.length ? [eb('organisation.region_code', 'in', scope.regionCodes)] : []),
        ...(scope.departementCodes.length ? [eb('organisation.departement_code', 'in', scope.departementCodes)] : []),
        ...(scope.organisationIds.length ? [eb('organisation.id', 'in', scope.organisationIds)] : []),
      ]),
    );
  }
  return q.orderBy('organisation.name').execute();
}

export async function getOrganisation(db: Kysely<Database>, id: number) {
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
    ])
    .where('organisation.id', '=', id)
    .executeTakeFirst();
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
