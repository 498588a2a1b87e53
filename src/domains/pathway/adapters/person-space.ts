/**
 * The person's own access to their record (SPIE-6): their pathway found from their account, their
 * account created on first use, the one-time sign-in links a professional sends them (only the
 * SHA-256 of the token is kept; 30 minutes; single use), and the binding of a FranceConnect identity.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { AuthzObject } from '../../authorization/authorize.js';
import type { Actor } from '../../identity/entities/role.js';
import { pathwayAuthzObject } from './pathways.js';

type Db = Kysely<Database> | Transaction<Database>;

export const SIGN_IN_LINK_MINUTES = 30;

/** What the immutable audit trail calls a person: never their name (it outlives anonymisation, SPIE-8). */
export const personAuditLabel = (personId: number) => `Personne accompagnée n° ${personId}`;

export const hashSignInToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The person record of an account (one at most: person.user_id is unique), unless anonymised or merged away. */
export async function ownPerson(db: Db, userId: number) {
  return db
    .selectFrom('person')
    .select(['id', 'space_id', 'given_name', 'family_name', 'email', 'phone'])
    .where('user_id', '=', userId)
    .where('anonymised_at', 'is', null)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
}

/** The person's pathway: the open one, else the latest closed one still kept. */
export async function ownPathwayId(db: Db, userId: number): Promise<number | null> {
  const row = await db
    .selectFrom('pathway as w')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .select(['w.id'])
    .where('p.user_id', '=', userId)
    .where('p.anonymised_at', 'is', null)
    .where('p.merged_into', 'is', null)
    .where('w.anonymised_at', 'is', null)
    .orderBy((eb) => eb.case().when('w.status', '=', 'open').then(0).else(1).end())
    .orderBy('w.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The authorization object of the signed-in person's own pathway (action pathway.own); null if they have none. */
export async function ownPathwayAuthzObject(db: Db, actor: Actor | null, now: Date): Promise<AuthzObject | null> {
  if (!actor) return null;
  const id = await ownPathwayId(db, actor.userId);
  return id === null ? null : pathwayAuthzObject(db, id, now);
}

/**
 * The person's account, created on first use (role person on their own perimeter) and linked to the
 * person record. The person's e-mail becomes the account's when no other account has it.
 */
export async function ensurePersonUser(trx: Transaction<Database>, personId: number, now: Date): Promise<{ userId: number; created: boolean } | null> {
  const person = await trx
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'email', 'user_id', 'anonymised_at', 'merged_into'])
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirst();
  if (!person || person.anonymised_at || person.merged_into) return null;
  if (person.user_id) {
    const user = await trx.selectFrom('app_user').select(['id', 'active']).where('id', '=', person.user_id).executeTakeFirst();
    return user?.active ? { userId: user.id, created: false } : null;
  }
  const email = person.email?.toLowerCase() ?? null;
  const taken = email ? await trx.selectFrom('app_user').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst() : undefined;
  const user = await trx
    .insertInto('app_user')
    .values({
      email: email && !taken ? email : `personne-${person.id}@personnes.spie.invalid`,
      given_name: person.given_name,
      family_name: person.family_name,
      organisation_id: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('role_assignment').values({ user_id: user.id, role: 'person', perimeter_kind: 'self', perimeter_code: '', created_at: now }).execute();
  await trx.updateTable('person').set({ user_id: user.id, updated_at: now }).where('id', '=', person.id).execute();
  await recordAudit(trx, { actorUserId: user.id, actorLabel: personAuditLabel(person.id), action: 'user.created', objectType: 'user', objectId: user.id, summary: { personId: person.id, role: 'person' } }, now);
  return { userId: user.id, created: true };
}

/** A new one-time sign-in link for a person: the token to put in the URL (only its hash is stored). */
export async function createSignInLink(db: Db, input: { personId: number; now: Date }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
  await db.insertInto('person_sign_in_link').values({ token_hash: hashSignInToken(token), person_id: input.personId, created_at: input.now, expires_at: expiresAt }).execute();
  return { token, expiresAt };
}

export type LinkState = 'valid' | 'expired' | 'used' | 'unknown';

function plausibleToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/** What a link is worth now, without using it (the page shown before the person confirms). */
export async function signInLinkState(db: Db, token: string, now: Date): Promise<LinkState> {
  if (!plausibleToken(token)) return 'unknown';
  const row = await db.selectFrom('person_sign_in_link').select(['expires_at', 'used_at']).where('token_hash', '=', hashSignInToken(token)).executeTakeFirst();
  if (!row) return 'unknown';
  if (row.used_at) return 'used';
  return row.expires_at.getTime() > now.getTime() ? 'valid' : 'expired';
}

export type Redeemed = { ok: true; userId: number; personId: number } | { ok: false; state: Exclude<LinkState, 'valid'> };

/**
 * Uses a link, once: the conditional update claims it (two clicks at once sign in once), then the
 * person's account is found or created — all in one transaction.
 */
export async function redeemSignInLink(db: Kysely<Database>, token: string, now: Date): Promise<Redeemed> {
  if (!plausibleToken(token)) return { ok: false, state: 'unknown' };
  const result = await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('person_sign_in_link')
      .set({ used_at: now })
      .where('token_hash', '=', hashSignInToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('person_id')
      .executeTakeFirst();
    if (!claimed) return null;
    const user = await ensurePersonUser(trx, claimed.person_id, now);
    return user ? { ok: true as const, userId: user.userId, personId: claimed.person_id } : ({ ok: false, state: 'unknown' } as const);
  });
  if (result) return result;
  const state = await signInLinkState(db, token, now);
  return { ok: false, state: state === 'valid' ? 'used' : state };
}

/** Where a sign-in link can be sent: the person's e-mail and mobile number, as recorded. */
export async function personContact(db: Db, pathwayId: number) {
  return db
    .selectFrom('pathway as w')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .select(['p.id as person_id', 'p.given_name', 'p.family_name', 'p.email', 'p.phone', 'w.status'])
    .where('w.id', '=', pathwayId)
    .executeTakeFirst();
}

export const FRANCECONNECT_SUBJECT_PREFIX = 'franceconnect:';

export type FranceConnectMatch = { userId: number; personId: number; boundNow: boolean } | null;

/**
 * The person account of a FranceConnect identity: by its subject once bound; on the first sign-in,
 * the one person record (not anonymised, not merged) with the identity's e-mail — and its birth
 * date, when the record has one. Only accounts of people are ever bound, never a professional's.
 */
export async function findPersonForFranceConnect(
  db: Kysely<Database>,
  claims: { sub: string; email?: string | undefined; emailVerified?: boolean | undefined; birthdate?: string | undefined },
  now: Date,
): Promise<FranceConnectMatch> {
  const subject = `${FRANCECONNECT_SUBJECT_PREFIX}${claims.sub}`;
  const bound = await db
    .selectFrom('app_user as u')
    .innerJoin('person as p', 'p.user_id', 'u.id')
    .select(['u.id', 'p.id as person_id'])
    .where('u.oidc_subject', '=', subject)
    .where('u.active', '=', true)
    .where('p.anonymised_at', 'is', null)
    .executeTakeFirst();
  if (bound) return { userId: bound.id, personId: bound.person_id, boundNow: false };
  if (!claims.email || claims.emailVerified === false) return null;
  const email = claims.email.toLowerCase();
  const birth = claims.birthdate && /^\d{4}-\d{2}-\d{2}$/.test(claims.birthdate) ? claims.birthdate : null;
  const candidates = await db
    .selectFrom('person')
    .select(['id', 'birth_date', 'user_id'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('anonymised_at', 'is', null)
    .where('merged_into', 'is', null)
    .execute();
  const matching = candidates.filter((c) => c.birth_date === null || c.birth_date === birth);
  if (matching.length !== 1) return null;
  const personId = matching[0]!.id;
  return db.transaction().execute(async (trx) => {
    const user = await ensurePersonUser(trx, personId, now);
    if (!user) return null;
    const updated = await trx.updateTable('app_user').set({ oidc_subject: subject }).where('id', '=', user.userId).where('oidc_subject', 'is', null).returning('id').executeTakeFirst();
    return updated ? { userId: user.userId, personId, boundNow: true } : null;
  });
}
