/** Reads users and their role assignments, and builds the Actor the rest of the code works with. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { isRole, perimeterFromStored, type Actor, type Role, type RoleAssignment } from '../entities/role.js';

export async function loadActor(db: Kysely<Database>, userId: number): Promise<Actor | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'given_name', 'family_name', 'organisation_id', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || !user.active) return null;
  const rows = await db
    .selectFrom('role_assignment')
    .select(['role', 'perimeter_kind', 'perimeter_code'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  const assignments: RoleAssignment[] = rows
    .filter((r) => isRole(r.role))
    .map((r) => ({ role: r.role as Role, perimeter: perimeterFromStored(r.role as Role, r.perimeter_kind, r.perimeter_code) }));
  return {
    userId: user.id,
    displayName: `${user.given_name} ${user.family_name}`,
    organisationId: user.organisation_id,
    assignments,
  };
}

export type OidcMatch = { userId: number; boundNow: boolean } | null;

/**
 * Finds the account of an OIDC identity: by its subject once bound; on the first sign-in, by e-mail,
 * only if the provider does not say the e-mail is unverified and the account is bound to no other identity.
 */
export async function findUserForOidc(
  db: Kysely<Database>,
  claims: { sub: string; email?: string | undefined; emailVerified?: boolean | undefined },
): Promise<OidcMatch> {
  const bySubject = await db
    .selectFrom('app_user')
    .select('id')
    .where('oidc_subject', '=', claims.sub)
    .where('active', '=', true)
    .executeTakeFirst();
  if (bySubject) return { userId: bySubject.id, boundNow: false };
  if (!claims.email || claims.emailVerified === false) return null;
  const email = claims.email.toLowerCase();
  // Bind the account to this identity, atomically: two first sign-ins cannot both bind it.
  const bound = await db
    .updateTable('app_user')
    .set({ oidc_subject: claims.sub })
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('active', '=', true)
    .where('oidc_subject', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return bound ? { userId: bound.id, boundNow: true } : null;
}

export interface UserWithRoles {
  id: number;
  email: string;
  name: string;
  organisationName: string | null;
  assignments: { role: string; perimeterKind: string; perimeterCode: string }[];
}

export async function listUsersWithRoles(db: Kysely<Database>, options: { demoOnly?: boolean } = {}): Promise<UserWithRoles[]> {
  let query = db
    .selectFrom('app_user')
    .leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .select(['app_user.id', 'app_user.email', 'app_user.given_name', 'app_user.family_name', 'organisation.name as organisation_name'])
    .where('app_user.active', '=', true);
  if (options.demoOnly) query = query.where('app_user.is_demo', '=', true);
  const users = await query.orderBy('app_user.id').execute();
  const roles = await db.selectFrom('role_assignment').select(['user_id', 'role', 'perimeter_kind', 'perimeter_code']).orderBy('id').execute();
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: `${u.given_name} ${u.family_name}`,
    organisationName: u.organisation_name,
    assignments: roles
      .filter((r) => r.user_id === u.id)
      .map((r) => ({ role: r.role, perimeterKind: r.perimeter_kind, perimeterCode: r.perimeter_code })),
  }));
}
