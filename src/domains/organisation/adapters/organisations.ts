/** Reads organisations, filtered by the perimeter the authorization module computes. */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { NewOrganisation } from '../entities/new-organisation.js';
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

export type CreateOrganisationResult = { created: true; id: number } | { created: false; existingName: string };

/** Inserts the organisation and its audit entry in one transaction; a SIRET already known is reported, not duplicated. */
export async function createOrganisation(
  db: Kysely<Database>,
  value: NewOrganisation,
  actor: { userId: number; displayName: string },
  now: Date,
): Promise<CreateOrganisationResult> {
  return db.transaction().execute(async (trx) => {
    const regionCode = await trx.selectFrom('departement').select('region_code').where('code', '=', value.departementCode).executeTakeFirstOrThrow();
    const inserted = await trx
      .insertInto('organisation')
      .values({ name: value.name, siret: value.siret, kind: value.kind, departement_code: value.departementCode, region_code: regionCode.region_code, created_at: now })
      .onConflict((oc) => oc.column('siret').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('organisation').select('name').where('siret', '=', value.siret).executeTakeFirstOrThrow();
      return { created: false, existingName: existing.name };
    }
    await recordAudit(
      trx,
      {
        actorUserId: actor.userId,
        actorLabel: actor.displayName,
        action: 'organisation.create',
        objectType: 'organisation',
        objectId: inserted.id,
        summary: { name: value.name, siret: value.siret, kind: value.kind, departementCode: value.departementCode },
      },
      now,
    );
    return { created: true, id: inserted.id };
  });
}
