/**
 * SPIE-7 and SPIE-6: every read of a person's data is logged — who, for which organisation, what,
 * when — and the person sees that log. Nothing is ever deleted from it (only anonymised with the person).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { Actor } from '../../identity/entities/role.js';

type Db = Kysely<Database> | Transaction<Database>;

export const ACCESS_ACTIONS = {
  'pathway.read': 'a consulté le parcours',
  'person.search': 'a trouvé la fiche en recherchant une personne',
  'orientation.queue': 'a vu la fiche dans la liste des personnes à orienter',
  'person.merge': 'a comparé la fiche avec une autre pour les fusionner',
  'person.export': 'a exporté les données',
  'api.read': 'a consulté le parcours (par l’API)',
  'person.self': 'a consulté son propre parcours',
  'orientation.received': 'a consulté l’orientation reçue par son service (prénom et initiale du nom)',
  'orientation.link': 'a ouvert le lien d’orientation reçu par courriel (prénom et initiale du nom)',
  'own.pathways': 'a vu la fiche dans la liste de ses parcours ouverts, pour l’orienter vers un service ou en ajouter un au plan',
} as const;
export type AccessAction = keyof typeof ACCESS_ACTIONS;

async function organisationLabel(db: Db, actor: Actor): Promise<string | null> {
  if (!actor.organisationId) return null;
  const row = await db.selectFrom('organisation').select('name').where('id', '=', actor.organisationId).executeTakeFirst();
  return row?.name ?? null;
}

type Reader = { userId: number | null; actorLabel: string; organisationLabel: string | null };
type Read = { personId: number; pathwayId: number | null };

/** The one place that writes the log: one row per read, in one statement. */
async function writeReads(db: Db, reads: Read[], by: Reader, action: AccessAction, now: Date): Promise<void> {
  if (reads.length === 0) return;
  await db
    .insertInto('person_access_log')
    .values(reads.map((r) => ({ person_id: r.personId, pathway_id: r.pathwayId, user_id: by.userId, actor_label: by.actorLabel, organisation_label: by.organisationLabel, action, occurred_at: now })))
    .execute();
}

const actorReader = async (db: Db, actor: Actor): Promise<Reader> => ({ userId: actor.userId, actorLabel: actor.displayName, organisationLabel: await organisationLabel(db, actor) });

export async function logPersonAccess(db: Db, input: { personIds: number[]; pathwayId?: number | null; actor: Actor; action: AccessAction; now: Date }): Promise<void> {
  if (input.personIds.length === 0) return;
  await writeReads(db, input.personIds.map((personId) => ({ personId, pathwayId: input.pathwayId ?? null })), await actorReader(db, input.actor), input.action, input.now);
}

/** One actor's reads of several people, each in its own pathway. */
export async function logPersonAccessEach(db: Db, input: { reads: Read[]; actor: Actor; action: AccessAction; now: Date }): Promise<void> {
  if (input.reads.length === 0) return;
  await writeReads(db, input.reads, await actorReader(db, input.actor), input.action, input.now);
}

/**
 * A read by someone who is not signed in: the receiving service opening its one-time orientation
 * link (issue 6 §5) is named by its structure, since nobody else can be.
 */
export async function logAccessBy(
  db: Db,
  input: { personIds: number[]; pathwayId?: number | null; userId: number | null; actorLabel: string; organisationLabel: string | null; action: AccessAction; now: Date },
): Promise<void> {
  await writeReads(db, input.personIds.map((personId) => ({ personId, pathwayId: input.pathwayId ?? null })), input, input.action, input.now);
}

/** The reads of a person's data by others (the person's own reads are not listed), newest first. */
export async function listPersonAccess(db: Db, personId: number, limit = 200) {
  return db
    .selectFrom('person_access_log')
    .select(['id', 'actor_label', 'organisation_label', 'action', 'occurred_at', 'user_id'])
    .where('person_id', '=', personId)
    .where('action', '!=', 'person.self')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
