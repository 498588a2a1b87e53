/**
 * Orientations of a person to a catalogue service (issue 6 §5), in the database: created from a
 * pathway with the person's consent (when and who recorded it), answered once (a conditional UPDATE
 * on status 'pending' and the expiry claims the answer), each step on the pathway's timeline.
 *
 * The one-time links: only the SHA-256 of a token is stored (token_hash, and reminder_token_hash for
 * the link of the reminder); a link is worth nothing once the orientation is answered or expired.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { Actor } from '../../identity/entities/role.js';
import { recordEvent } from '../../pathway/adapters/events.js';

type Db = Kysely<Database> | Transaction<Database>;

export const ORIENTATION_LINK_DAYS = 30;
export const ORIENTATION_REMINDER_DAYS = 10;
export const MAX_ORIENTATION_MESSAGE = 2000;
export const MAX_ANSWER_REASON = 1000;
const DAY = 86_400_000;

export const ORIENTATION_STATUSES = { pending: 'en attente', accepted: 'acceptée', refused: 'refusée', expired: 'expirée' } as const;
export type OrientationStatus = keyof typeof ORIENTATION_STATUSES;

export const hashOrientationToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newOrientationToken = () => randomBytes(32).toString('base64url');
const plausibleToken = (token: string) => /^[A-Za-z0-9_-]{20,100}$/.test(token);

/** The service's e-mail, else its structure's (where the receiving organisation is written to). */
export async function orientationTarget(db: Db, spaceId: number, serviceId: string) {
  const row = await db
    .selectFrom('catalogue_service as s')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .select(['s.id', 's.nom', 's.courriel', 'st.courriel as structure_courriel', 'st.nom as structure_nom', 'st.organisation_id'])
    .where('s.id', '=', serviceId)
    .where('s.space_id', '=', spaceId)
    .where('s.status', '=', 'published')
    .executeTakeFirst();
  if (!row) return null;
  const email = (row.courriel ?? '').trim() || (row.structure_courriel ?? '').trim() || null;
  return { id: row.id, nom: row.nom, structureNom: row.structure_nom, organisationId: row.organisation_id, email };
}

export type OrientationInput = { pathwayId: number; serviceId: string; message: string; consent: boolean; actor: Actor; now: Date };
export type OrientationCheck = { ok: true; values: { message: string } } | { ok: false; errors: Record<'message' | 'consent', string | undefined> };

/** The form's rules: the person's consent is required, and a message (what the service needs to know). */
export function checkOrientation(input: { message: string; consent: boolean }): OrientationCheck {
  const message = input.message.trim();
  const errors = {
    consent: input.consent ? undefined : 'Cochez cette case : l’orientation n’est possible qu’avec l’accord de la personne.',
    message: message.length === 0 ? 'Écrivez un message au service : la situation de la personne et ce qu’elle en attend.' : message.length > MAX_ORIENTATION_MESSAGE ? `${MAX_ORIENTATION_MESSAGE} caractères au plus.` : undefined,
  };
  return errors.consent || errors.message ? { ok: false, errors } : { ok: true, values: { message } };
}

/** `accountSpaceId`: the structure is a member organisation's, which can also answer from its account. */
export type CreatedOrientation = { ok: true; id: number; token: string; to: string; serviceName: string; expiresAt: Date; accountSpaceId: number | null } | { ok: false; message: string };

/** Creates the pending orientation and its timeline event; the caller mails the link (never inside the transaction). */
export async function createServiceOrientation(db: Kysely<Database>, input: OrientationInput & { message: string }): Promise<CreatedOrientation> {
  return db.transaction().execute(async (trx) => {
    const pathway = await trx.selectFrom('pathway').select(['id', 'space_id', 'status']).where('id', '=', input.pathwayId).forUpdate().executeTakeFirst();
    if (!pathway || pathway.status !== 'open') return { ok: false as const, message: 'Le parcours est clos.' };
    const target = await orientationTarget(trx, pathway.space_id, input.serviceId);
    if (!target) return { ok: false as const, message: 'Ce service n’est pas publié dans le catalogue du territoire.' };
    if (!target.email) return { ok: false as const, message: 'Ce service et sa structure n’ont pas de courriel : contactez-les directement.' };
    const token = newOrientationToken();
    const expiresAt = new Date(input.now.getTime() + ORIENTATION_LINK_DAYS * DAY);
    const row = await trx
      .insertInto('service_orientation')
      .values({
        pathway_id: pathway.id,
        service_id: target.id,
        message: input.message,
        consent_at: input.now,
        consent_by: input.actor.userId,
        created_by: input.actor.userId,
        created_by_label: input.actor.displayName,
        recipient_email: target.email,
        token_hash: hashOrientationToken(token),
        created_at: input.now,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      pathwayId: pathway.id,
      kind: 'service.orientation',
      summary: { orientationId: row.id, serviceId: target.id, text: `${target.nom} (${target.structureNom}) — accord de la personne recueilli par ${input.actor.displayName}` },
      actorUserId: input.actor.userId,
      actorLabel: input.actor.displayName,
      now: input.now,
    });
    return { ok: true as const, id: row.id, token, to: target.email, serviceName: target.nom, expiresAt, accountSpaceId: target.organisationId == null ? null : pathway.space_id };
  });
}

/** What the receiving organisation sees: first name and initial, the service, the message, the professional's contact. */
export interface OrientationForAnswer {
  id: number;
  pathwayId: number;
  /** To log the read (SPIE-7), never shown. */
  personId: number;
  status: OrientationStatus;
  expired: boolean;
  personLabel: string;
  serviceName: string;
  structureName: string;
  message: string;
  professional: { name: string; organisation: string | null; email: string };
  createdAt: Date;
  expiresAt: Date;
  answerReason: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
}

/** What the receiving service is told of the person: the first name and the initial of the family name. */
const personLabelOf = (givenName: string, familyName: string) => `${givenName} ${familyName.trim().charAt(0).toUpperCase()}.`;

async function orientationWhere(db: Db, where: { tokenHash: string } | { id: number }, now: Date): Promise<OrientationForAnswer | null> {
  let q = db
    .selectFrom('service_orientation as o')
    .innerJoin('pathway as w', 'w.id', 'o.pathway_id')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .innerJoin('catalogue_service as s', 's.id', 'o.service_id')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .innerJoin('app_user as u', 'u.id', 'o.created_by')
    .leftJoin('organisation as org', 'org.id', 'u.organisation_id')
    .select(['o.id', 'o.pathway_id', 'o.status', 'o.message', 'o.created_at', 'o.expires_at', 'o.answer_reason', 'o.answered_at', 'o.answered_by_label', 'o.created_by_label', 'p.id as person_id', 'p.given_name', 'p.family_name', 'p.anonymised_at', 's.nom', 'st.nom as structure_nom', 'u.email', 'org.name as organisation_name']);
  q = 'id' in where ? q.where('o.id', '=', where.id) : q.where((eb) => eb.or([eb('o.token_hash', '=', where.tokenHash), eb('o.reminder_token_hash', '=', where.tokenHash)]));
  const row = await q.executeTakeFirst();
  if (!row || row.anonymised_at) return null;
  const status = row.status as OrientationStatus;
  return {
    id: row.id,
    pathwayId: row.pathway_id,
    personId: row.person_id,
    status,
    expired: status === 'expired' || (status === 'pending' && row.expires_at.getTime() <= now.getTime()),
    personLabel: personLabelOf(row.given_name, row.family_name),
    serviceName: row.nom,
    structureName: row.structure_nom,
    message: row.message,
    professional: { name: row.created_by_label, organisation: row.organisation_name, email: row.email },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    answerReason: row.answer_reason,
    answeredAt: row.answered_at,
    answeredBy: row.answered_by_label,
  };
}

export async function orientationByToken(db: Db, token: string, now: Date): Promise<OrientationForAnswer | null> {
  if (!plausibleToken(token)) return null;
  return orientationWhere(db, { tokenHash: hashOrientationToken(token) }, now);
}

/** An orientation to a service of the actor's organisation (the ownership check of an answer from an account). */
export async function ownedOrientation(db: Db, input: { id: number; spaceId: number; organisationId: number; now: Date }): Promise<OrientationForAnswer | null> {
  const own = await db
    .selectFrom('service_orientation as o')
    .innerJoin('catalogue_service as s', 's.id', 'o.service_id')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .select('o.id')
    .where('o.id', '=', input.id)
    .where('s.space_id', '=', input.spaceId)
    .where('st.organisation_id', '=', input.organisationId)
    .executeTakeFirst();
  return own ? orientationWhere(db, { id: own.id }, input.now) : null;
}

export interface ReceivedOrientation {
  id: number;
  pathwayId: number;
  personId: number;
  personLabel: string;
  serviceName: string;
  status: OrientationStatus;
  /** Pending but past its expiry (the sweep has not marked it yet): shown as expired. */
  expired: boolean;
  createdAt: Date;
  expiresAt: Date;
  answeredAt: Date | null;
  answeredBy: string | null;
}

/** Answered or expired orientations stay in the organisation's list this long. */
export const RECEIVED_LIST_DAYS = 30;

/**
 * The orientations sent to the services of an organisation in a space (those of its structures):
 * pending ones, and those answered or expired in the last RECEIVED_LIST_DAYS days (each shown is a
 * read of the person, logged: the list must not grow without end); pending first then newest first;
 * people anonymised since are left out.
 */
export async function listOrganisationOrientations(db: Db, input: { spaceId: number; organisationId: number; now: Date }): Promise<ReceivedOrientation[]> {
  const rows = await db
    .selectFrom('service_orientation as o')
    .innerJoin('catalogue_service as s', 's.id', 'o.service_id')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .innerJoin('pathway as w', 'w.id', 'o.pathway_id')
    .innerJoin('person as p', 'p.id', 'w.person_id')
    .select(['o.id', 'o.pathway_id', 'o.status', 'o.created_at', 'o.expires_at', 'o.answered_at', 'o.answered_by_label', 's.nom', 'p.id as person_id', 'p.given_name', 'p.family_name'])
    .where('s.space_id', '=', input.spaceId)
    .where('st.organisation_id', '=', input.organisationId)
    .where('p.anonymised_at', 'is', null)
    .where((eb) => eb.or([eb('o.status', '=', 'pending'), eb(sql`coalesce(o.answered_at, o.expires_at)`, '>=', new Date(input.now.getTime() - RECEIVED_LIST_DAYS * DAY))]))
    .orderBy(sql`case when o.status = 'pending' then 0 else 1 end`)
    .orderBy('o.id', 'desc')
    .execute();
  return rows.map((r) => {
    const status = r.status as OrientationStatus;
    return {
      id: r.id,
      pathwayId: r.pathway_id,
      personId: r.person_id,
      personLabel: personLabelOf(r.given_name, r.family_name),
      serviceName: r.nom,
      status,
      expired: status === 'expired' || (status === 'pending' && r.expires_at.getTime() <= input.now.getTime()),
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      answeredAt: r.answered_at,
      answeredBy: r.answered_by_label,
    };
  });
}

export type Decision = 'accepted' | 'refused';
export type AnswerResult = { ok: true } | { ok: false; status: 410 | 409 | 422; message: string; field?: 'reason' | 'decision' };

/**
 * Answers a pending orientation, once: a conditional UPDATE (still pending, not expired) claims it, so
 * two answers at once record one; the answer goes on the pathway's timeline.
 */
export async function answerServiceOrientation(
  db: Kysely<Database>,
  input: { id: number; decision: string; reason: string; by: { userId: number | null; label: string }; now: Date },
): Promise<AnswerResult> {
  const reason = input.reason.trim();
  if (input.decision !== 'accepted' && input.decision !== 'refused') return { ok: false, status: 422, message: 'Choisissez : accepter ou refuser l’orientation.', field: 'decision' };
  if (input.decision === 'refused' && reason.length === 0) return { ok: false, status: 422, message: 'Indiquez le motif du refus : le professionnel et la personne en ont besoin pour la suite.', field: 'reason' };
  if (reason.length > MAX_ANSWER_REASON) return { ok: false, status: 422, message: `${MAX_ANSWER_REASON} caractères au plus.`, field: 'reason' };
  const decision: Decision = input.decision;
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('service_orientation')
      .set({ status: decision, answered_at: input.now, answered_by: input.by.userId, answered_by_label: input.by.label, answer_reason: reason || null })
      .where('id', '=', input.id)
      .where('status', '=', 'pending')
      .where('expires_at', '>', input.now)
      .returning(['pathway_id', 'service_id'])
      .executeTakeFirst();
    if (!claimed) {
      const row = await trx.selectFrom('service_orientation').select(['status', 'expires_at']).where('id', '=', input.id).executeTakeFirst();
      if (row && row.status === 'pending') return { ok: false as const, status: 410 as const, message: 'Ce lien a expiré.' };
      return { ok: false as const, status: row?.status === 'expired' ? (410 as const) : (409 as const), message: row?.status === 'expired' ? 'Ce lien a expiré.' : 'Cette orientation a déjà reçu une réponse.' };
    }
    const service = await trx.selectFrom('catalogue_service').select('nom').where('id', '=', claimed.service_id).executeTakeFirstOrThrow();
    const text = decision === 'accepted' ? `${service.nom} : orientation acceptée` : `${service.nom} : orientation refusée — motif : ${reason}`;
    await recordEvent(trx, { pathwayId: claimed.pathway_id, kind: 'service.answer', summary: { orientationId: input.id, status: decision, reason, text }, actorUserId: input.by.userId, actorLabel: input.by.label, now: input.now });
    return { ok: true as const };
  });
}

/** Marks expired the pending orientations past their expiry (all, or one), each once, each on its timeline. */
export async function expireServiceOrientations(db: Kysely<Database>, now: Date, onlyId?: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let q = trx.updateTable('service_orientation').set({ status: 'expired' }).where('status', '=', 'pending').where('expires_at', '<=', now);
    if (onlyId !== undefined) q = q.where('id', '=', onlyId);
    const expired = await q.returning(['id', 'pathway_id', 'service_id']).execute();
    for (const o of expired) {
      const service = await trx.selectFrom('catalogue_service').select('nom').where('id', '=', o.service_id).executeTakeFirstOrThrow();
      const text = `${service.nom} : orientation expirée sans réponse après ${ORIENTATION_LINK_DAYS} jours`;
      await recordEvent(trx, { pathwayId: o.pathway_id, kind: 'service.answer', summary: { orientationId: o.id, status: 'expired', text }, actorUserId: null, actorLabel: 'Expiration automatique', now });
    }
    return expired.length;
  });
}

export const reminderDueBefore = (now: Date) => new Date(now.getTime() - ORIENTATION_REMINDER_DAYS * DAY);

/** How many orientations to the organisation's services still wait for an answer (shown on « Mes services »). */
export async function pendingOrientationCount(db: Db, input: { spaceId: number; organisationId: number; now: Date }): Promise<number> {
  const row = await db
    .selectFrom('service_orientation as o')
    .innerJoin('catalogue_service as s', 's.id', 'o.service_id')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('s.space_id', '=', input.spaceId)
    .where('st.organisation_id', '=', input.organisationId)
    .where('o.status', '=', 'pending')
    .where('o.expires_at', '>', input.now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
