/**
 * Pathways (issue 5 §2, §3, §10): opened from any door (SPIE-1), one referent at a time with every
 * change kept and members who can leave (SPIE-2), the authorization facts of a pathway (SPIE-7).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { AuthzObject } from '../../authorization/authorize.js';
import type { Actor } from '../../identity/entities/role.js';
import { formerReferentReadsUntil } from '../entities/referent.js';
import { recordEvent } from './events.js';
import { insertPerson, type PersonCheck } from './people.js';
import { activeProfessionalIds } from './spaces.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function pathwayAuthzObject(db: Db, pathwayId: number, now: Date): Promise<AuthzObject | null> {
  if (!Number.isSafeInteger(pathwayId) || pathwayId <= 0) return null;
  const row = await db
    .selectFrom('pathway as w')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .innerJoin('territory_space as s', 's.id', 'w.space_id')
    .select(['w.id', 'w.space_id', 'w.holding_organisation_id', 'w.referent_user_id', 'w.anonymised_at', 'p.user_id as person_user_id', 's.former_referent_days'])
    .where('w.id', '=', pathwayId)
    .executeTakeFirst();
  if (!row || row.anonymised_at) return null;
  const members = await db.selectFrom('pathway_member').select('user_id').where('pathway_id', '=', pathwayId).where('left_at', 'is', null).execute();
  const former = await db.selectFrom('pathway_referent').select(['user_id', 'ended_at']).where('pathway_id', '=', pathwayId).where('ended_at', 'is not', null).execute();
  const readers = former.filter((f) => now.getTime() < formerReferentReadsUntil(f.ended_at!, row.former_referent_days).getTime()).map((f) => f.user_id);
  return {
    type: 'pathway',
    id: row.id,
    spaceId: row.space_id,
    holdingOrganisationId: row.holding_organisation_id,
    memberUserIds: [...new Set([...(row.referent_user_id ? [row.referent_user_id] : []), ...members.map((m) => m.user_id)])],
    readerUserIds: readers,
    personUserId: row.person_user_id,
    activeProfessionalUserIds: await activeProfessionalIds(db, row.space_id),
  };
}

export type OpenResult = { ok: true; pathwayId: number; personId: number } | { ok: false; status: 409 | 422; message: string; pathwayId?: number };

/**
 * Opens a pathway for an existing person of the space, or for a new one (already checked), from the
 * actor's organisation: it holds the pathway until a referent is designated; the actor is its first member.
 */
export async function openPathway(
  db: Kysely<Database>,
  input: { spaceId: number; personId?: number; newPerson?: Extract<PersonCheck, { ok: true }>['values']; actor: Actor; now: Date },
): Promise<OpenResult> {
  const orgId = input.actor.organisationId;
  if (!orgId) return { ok: false, status: 422, message: 'Votre compte n’est rattaché à aucune organisation du SPIE.' };
  return db.transaction().execute(async (trx) => {
    let personId = input.personId ?? null;
    if (personId !== null) {
      const person = await trx.selectFrom('person').select(['id', 'merged_into', 'anonymised_at']).where('id', '=', personId).where('space_id', '=', input.spaceId).forUpdate().executeTakeFirst();
      if (!person || person.merged_into || person.anonymised_at) return { ok: false as const, status: 422 as const, message: 'Cette personne n’est pas connue du SPIE.' };
      const open = await trx.selectFrom('pathway').select('id').where('person_id', '=', personId).where('status', '=', 'open').executeTakeFirst();
      if (open) return { ok: false as const, status: 409 as const, message: 'Cette personne a déjà un parcours ouvert : demandez à son référent de vous y associer.', pathwayId: open.id };
    } else if (input.newPerson) {
      personId = await insertPerson(trx, input.spaceId, input.newPerson, input.actor, input.now);
    } else {
      return { ok: false as const, status: 422 as const, message: 'Choisissez une personne ou créez-en une.' };
    }
    const pathway = await trx
      .insertInto('pathway')
      .values({ person_id: personId, space_id: input.spaceId, opened_by: input.actor.userId, opened_by_organisation_id: orgId, opened_at: input.now, holding_organisation_id: orgId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('pathway_member').values({ pathway_id: pathway.id, user_id: input.actor.userId, organisation_id: orgId, added_by: input.actor.userId, joined_at: input.now }).execute();
    const door = await trx.selectFrom('organisation').select('name').where('id', '=', orgId).executeTakeFirst();
    await recordEvent(trx, { pathwayId: pathway.id, kind: 'pathway.opened', summary: { organisationId: orgId, organisation: door?.name ?? '' }, actorUserId: input.actor.userId, actorLabel: input.actor.displayName, now: input.now });
    return { ok: true as const, pathwayId: pathway.id, personId };
  });
}

/** An active professional of the space, with their organisation; undefined otherwise. */
export async function activeProfessional(db: Db, spaceId: number, userId: number) {
  return db
    .selectFrom('space_professional as p')
    .innerJoin('app_user as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'p.organisation_id', 'u.given_name', 'u.family_name'])
    .where('p.space_id', '=', spaceId)
    .where('p.user_id', '=', userId)
    .where('p.deactivated_at', 'is', null)
    .where('u.active', '=', true)
    .executeTakeFirst();
}

/** SPIE-2: designates the referent inside a transaction: the previous one's period ends (and is kept). */
export async function assignReferentIn(trx: Transaction<Database>, input: { pathwayId: number; userId: number; actor: Actor; now: Date }): Promise<{ ok: true } | { ok: false; message: string }> {
  const pathway = await trx.selectFrom('pathway').select(['id', 'space_id', 'referent_user_id', 'status']).where('id', '=', input.pathwayId).forUpdate().executeTakeFirstOrThrow();
  if (pathway.status !== 'open') return { ok: false, message: 'Le parcours est clos.' };
  if (pathway.referent_user_id === input.userId) return { ok: true };
  const pro = await activeProfessional(trx, pathway.space_id, input.userId);
  if (!pro) return { ok: false, message: 'Le référent doit être un professionnel actif du SPIE.' };
  await trx.updateTable('pathway_referent').set({ ended_at: input.now }).where('pathway_id', '=', input.pathwayId).where('ended_at', 'is', null).execute();
  await trx.insertInto('pathway_referent').values({ pathway_id: input.pathwayId, user_id: pro.user_id, organisation_id: pro.organisation_id, assigned_by: input.actor.userId, started_at: input.now }).execute();
  await trx.updateTable('pathway').set({ referent_user_id: pro.user_id, holding_organisation_id: pro.organisation_id }).where('id', '=', input.pathwayId).execute();
  // The former referent stops being a member; they read on for the configured period (SPIE-2).
  if (pathway.referent_user_id) await trx.updateTable('pathway_member').set({ left_at: input.now }).where('pathway_id', '=', input.pathwayId).where('user_id', '=', pathway.referent_user_id).where('left_at', 'is', null).execute();
  await recordEvent(trx, {
    pathwayId: input.pathwayId,
    kind: 'referent.assigned',
    summary: { referent: `${pro.given_name} ${pro.family_name}`, previousUserId: pathway.referent_user_id },
    actorUserId: input.actor.userId,
    actorLabel: input.actor.displayName,
    now: input.now,
  });
  return { ok: true };
}

export async function assignReferent(db: Kysely<Database>, input: { pathwayId: number; userId: number; actor: Actor; now: Date }) {
  return db.transaction().execute((trx) => assignReferentIn(trx, input));
}

export async function addMember(db: Kysely<Database>, input: { pathwayId: number; userId: number; actor: Actor; now: Date }): Promise<{ ok: true } | { ok: false; message: string }> {
  return db.transaction().execute(async (trx) => {
    const pathway = await trx.selectFrom('pathway').select(['space_id', 'status', 'referent_user_id']).where('id', '=', input.pathwayId).forUpdate().executeTakeFirstOrThrow();
    if (pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const pro = await activeProfessional(trx, pathway.space_id, input.userId);
    if (!pro) return { ok: false as const, message: 'Choisissez un professionnel actif du SPIE.' };
    if (pathway.referent_user_id === input.userId) return { ok: true as const };
    const already = await trx.selectFrom('pathway_member').select('id').where('pathway_id', '=', input.pathwayId).where('user_id', '=', input.userId).where('left_at', 'is', null).executeTakeFirst();
    if (already) return { ok: true as const };
    await trx.insertInto('pathway_member').values({ pathway_id: input.pathwayId, user_id: pro.user_id, organisation_id: pro.organisation_id, added_by: input.actor.userId, joined_at: input.now }).execute();
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'member.added', summary: { member: `${pro.given_name} ${pro.family_name}` }, actorUserId: input.actor.userId, actorLabel: input.actor.displayName, now: input.now });
    return { ok: true as const };
  });
}

/** A member leaves the pathway; the referent cannot leave without being replaced. */
export async function leavePathway(db: Kysely<Database>, input: { pathwayId: number; actor: Actor; now: Date }): Promise<{ ok: true } | { ok: false; message: string }> {
  return db.transaction().execute(async (trx) => {
    const pathway = await trx.selectFrom('pathway').select(['referent_user_id']).where('id', '=', input.pathwayId).forUpdate().executeTakeFirstOrThrow();
    if (pathway.referent_user_id === input.actor.userId) return { ok: false as const, message: 'Vous êtes le référent : désignez d’abord un autre référent.' };
    const result = await trx.updateTable('pathway_member').set({ left_at: input.now }).where('pathway_id', '=', input.pathwayId).where('user_id', '=', input.actor.userId).where('left_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return { ok: false as const, message: 'Vous n’êtes pas membre de ce parcours.' };
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'member.left', summary: { member: input.actor.displayName }, actorUserId: input.actor.userId, actorLabel: input.actor.displayName, now: input.now });
    return { ok: true as const };
  });
}

export const MAX_CLOSE_REASON = 1000;

export async function closePathway(db: Kysely<Database>, input: { pathwayId: number; reason: string; actor: Actor; now: Date }): Promise<{ ok: true } | { ok: false; message: string }> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, message: 'Indiquez le motif de clôture (sortie vers l’emploi, déménagement…).' };
  if (reason.length > MAX_CLOSE_REASON) return { ok: false, message: `Le motif dépasse ${MAX_CLOSE_REASON} caractères.` };
  return db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('pathway').set({ status: 'closed', closed_at: input.now, closed_reason: reason }).where('id', '=', input.pathwayId).where('status', '=', 'open').executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return { ok: false as const, message: 'Le parcours est déjà clos.' };
    await recordEvent(trx, { pathwayId: input.pathwayId, kind: 'pathway.closed', summary: { reason }, actorUserId: input.actor.userId, actorLabel: input.actor.displayName, now: input.now });
    return { ok: true as const };
  });
}

/** The actor's open pathways in a space — those they are referent or member of — by the person's name (to orient the person to a service, or add one to the plan). */
export async function ownOpenPathways(db: Db, spaceId: number, userId: number) {
  return db
    .selectFrom('pathway as w')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .select(['w.id', 'p.id as person_id', 'p.given_name', 'p.family_name'])
    .where('w.space_id', '=', spaceId)
    .where('w.status', '=', 'open')
    .where('w.anonymised_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('w.referent_user_id', '=', userId),
        eb.exists(eb.selectFrom('pathway_member as m').select('m.user_id').whereRef('m.pathway_id', '=', 'w.id').where('m.user_id', '=', userId).where('m.left_at', 'is', null)),
      ]),
    )
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
}
