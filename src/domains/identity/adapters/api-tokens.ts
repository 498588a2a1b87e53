/** Creates, lists, revokes and resolves API tokens. The table keeps only each token's SHA-256. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import { generateApiToken, hashApiToken } from '../entities/api-token.js';

export type CreateApiTokenResult =
  | { ok: true; id: number; token: string; user: { id: number; email: string; name: string } }
  | { ok: false; message: string };

/** Creates a token for the active user with this e-mail; the clear token is returned once, never stored. */
export async function createApiToken(db: Kysely<Database>, input: { email: string; label: string; now: Date }): Promise<CreateApiTokenResult> {
  const email = input.email.trim().toLowerCase();
  const label = input.label.trim().slice(0, 200) || 'API';
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'email', 'given_name', 'family_name'])
      .where(sql<string>`lower(email)`, '=', email)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!user) return { ok: false as const, message: `Aucun utilisateur actif n’a l’adresse « ${input.email.trim()} ».` };
    const token = generateApiToken();
    const row = await trx
      .insertInto('api_token')
      .values({ user_id: user.id, token_hash: hashApiToken(token), label, created_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      { actorUserId: null, actorLabel: 'administrateur (ligne de commande)', action: 'apiToken.create', objectType: 'user', objectId: user.id, summary: { tokenId: row.id, label } },
      input.now,
    );
    return { ok: true as const, id: row.id, token, user: { id: user.id, email: user.email, name: `${user.given_name} ${user.family_name}` } };
  });
}

export async function listApiTokens(db: Kysely<Database>) {
  return db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', 'u.id', 't.user_id')
    .select(['t.id', 'u.email', 't.label', 't.created_at', 't.last_used_at', 't.revoked_at'])
    .orderBy('t.id')
    .execute();
}

export async function revokeApiToken(db: Kysely<Database>, id: number, now: Date): Promise<boolean> {
  if (!Number.isSafeInteger(id) || id <= 0) return false;
  return db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(trx, { actorUserId: null, actorLabel: 'administrateur (ligne de commande)', action: 'apiToken.revoke', objectType: 'apiToken', objectId: id }, now);
    return true;
  });
}

/**
 * The user of a valid (known, not revoked) token, or null. Notes the use at most once a minute,
 * to spare a write on every request.
 */
export async function resolveApiToken(db: Kysely<Database>, token: string, now: Date): Promise<{ tokenId: number; userId: number } | null> {
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', hashApiToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { tokenId: row.id, userId: row.user_id };
}
