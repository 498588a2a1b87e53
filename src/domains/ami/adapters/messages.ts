/**
 * Exchanges on an application (issue 4 §1 and §3): messages between its authors and the State's
 * reviewers, with files, read marks and the people to notify. Before submission, the same thread
 * carries the prefecture's comments on a draft shared with it (« aide à constituer le dossier »),
 * each message may name the part of the application it is about.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { detectAttachmentType } from '../../../adapters/files/detect-file-type.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import { SECTION_KEYS } from '../entities/application-content.js';
import { storeFile } from './files.js';

type Db = Kysely<Database> | Transaction<Database>;

export const MAX_MESSAGE_LENGTH = 5000;
export const MAX_MESSAGE_FILES = 3;

export interface UploadedFile {
  filename: string;
  bytes: Uint8Array;
}

export type PostMessageResult = { ok: true; id: number } | { ok: false; errors: { body?: string; section?: string; files?: string } };

export async function postMessage(
  db: Kysely<Database>,
  input: { applicationId: number; actor: Actor; body: string; section: string; files: UploadedFile[]; now: Date },
): Promise<PostMessageResult> {
  const body = input.body.trim();
  const errors: { body?: string; section?: string; files?: string } = {};
  if (!body) errors.body = 'Écrivez votre message.';
  else if (body.length > MAX_MESSAGE_LENGTH) errors.body = `Le message dépasse ${MAX_MESSAGE_LENGTH} caractères (${body.length}).`;
  const section = input.section.trim();
  if (section && !(SECTION_KEYS as readonly string[]).includes(section)) errors.section = 'Choisissez une partie de la candidature dans la liste.';
  if (input.files.length > MAX_MESSAGE_FILES) errors.files = `Joignez au plus ${MAX_MESSAGE_FILES} fichiers.`;
  const checked: { filename: string; bytes: Uint8Array; mediaType: string }[] = [];
  for (const file of input.files) {
    if (errors.files) break;
    const type = await detectAttachmentType(file.bytes, file.filename);
    if (!type.ok) errors.files = `${file.filename} : ${type.message}`;
    else checked.push({ filename: type.fileName.slice(0, 200) || `piece.${type.extension}`, bytes: file.bytes, mediaType: type.mediaType });
  }
  if (errors.body || errors.section || errors.files) return { ok: false, errors };
  return db.transaction().execute(async (trx) => {
    const message = await trx
      .insertInto('application_message')
      .values({ application_id: input.applicationId, author_user_id: input.actor.userId, section: section || null, body, created_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const file of checked) {
      const fileId = await storeFile(trx, file.bytes, file.mediaType, input.now);
      await trx.insertInto('application_message_file').values({ message_id: message.id, file_id: fileId, filename: file.filename }).execute();
    }
    // Writing a message means having read the thread up to it.
    await markRead(trx, input.applicationId, input.actor.userId, message.id, input.now);
    await recordAudit(trx, {
      actorUserId: input.actor.userId,
      actorLabel: input.actor.displayName,
      action: 'application.message',
      objectType: 'application',
      objectId: input.applicationId,
      summary: { messageId: message.id, section: section || null, files: checked.length },
    }, input.now);
    return { ok: true as const, id: message.id };
  });
}

export async function markRead(db: Db, applicationId: number, userId: number, messageId: number, now: Date): Promise<void> {
  await db
    .insertInto('application_message_read')
    .values({ application_id: applicationId, user_id: userId, last_read_message_id: messageId, read_at: now })
    .onConflict((oc) =>
      oc.columns(['application_id', 'user_id']).doUpdateSet({ last_read_message_id: messageId, read_at: now }).where('application_message_read.last_read_message_id', '<', messageId),
    )
    .execute();
}

export interface ThreadMessage {
  id: number;
  authorUserId: number;
  authorName: string;
  authorOrganisation: string | null;
  section: string | null;
  body: string;
  createdAt: Date;
  files: { id: number; filename: string; sizeBytes: number }[];
  /** Who else has read it (their read mark reaches this message), with when they last read the thread. */
  readBy: { userId: number; name: string; readAt: Date }[];
}

export async function listMessages(db: Db, applicationId: number): Promise<ThreadMessage[]> {
  const rows = await db
    .selectFrom('application_message as m')
    .innerJoin('app_user as u', 'u.id', 'm.author_user_id')
    .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['m.id', 'm.author_user_id', 'm.section', 'm.body', 'm.created_at', 'u.given_name', 'u.family_name', 'o.name as organisation_name'])
    .where('m.application_id', '=', applicationId)
    .orderBy('m.id')
    .execute();
  if (rows.length === 0) return [];
  const files = await db
    .selectFrom('application_message_file as f')
    .innerJoin('stored_file as s', 's.id', 'f.file_id')
    .select(['f.id', 'f.message_id', 'f.filename', 's.size_bytes'])
    .where(
      'f.message_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('f.id')
    .execute();
  const reads = await db
    .selectFrom('application_message_read as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'r.last_read_message_id', 'r.read_at', 'u.given_name', 'u.family_name'])
    .where('r.application_id', '=', applicationId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    authorUserId: r.author_user_id,
    authorName: `${r.given_name} ${r.family_name}`,
    authorOrganisation: r.organisation_name,
    section: r.section,
    body: r.body,
    createdAt: r.created_at,
    files: files.filter((f) => f.message_id === r.id).map((f) => ({ id: f.id, filename: f.filename, sizeBytes: Number(f.size_bytes) })),
    readBy: reads
      .filter((x) => x.user_id !== r.author_user_id && Number(x.last_read_message_id) >= r.id)
      .map((x) => ({ userId: x.user_id, name: `${x.given_name} ${x.family_name}`, readAt: x.read_at })),
  }));
}

/** Messages of the application the user has not read yet (their own never count). */
export async function unreadCount(db: Db, applicationId: number, userId: number): Promise<number> {
  const row = await db
    .selectFrom('application_message as m')
    .leftJoin('application_message_read as r', (j) => j.onRef('r.application_id', '=', 'm.application_id').on('r.user_id', '=', userId))
    .select(sql<string>`count(*)::text`.as('n'))
    .where('m.application_id', '=', applicationId)
    .where('m.author_user_id', '!=', userId)
    .where((eb) => eb.or([eb('r.last_read_message_id', 'is', null), eb('m.id', '>', eb.ref('r.last_read_message_id'))]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function messageFile(db: Db, applicationId: number, fileRowId: number): Promise<{ fileId: number; filename: string } | null> {
  const row = await db
    .selectFrom('application_message_file as f')
    .innerJoin('application_message as m', 'm.id', 'f.message_id')
    .select(['f.file_id', 'f.filename'])
    .where('f.id', '=', fileRowId)
    .where('m.application_id', '=', applicationId)
    .executeTakeFirst();
  return row ? { fileId: row.file_id, filename: row.filename } : null;
}

interface Recipient {
  userId: number;
  email: string;
}

/** The application's authors: the users of its lead organisation and its invited co-editors. */
async function applicantSide(db: Db, applicationId: number): Promise<Recipient[]> {
  const app = await db.selectFrom('application').select('lead_organisation_id').where('id', '=', applicationId).executeTakeFirstOrThrow();
  return db
    .selectFrom('app_user as u')
    .select(['u.id as userId', 'u.email'])
    .where('u.active', '=', true)
    .where((eb) =>
      eb.or([
        eb(
          'u.id',
          'in',
          eb
            .selectFrom('role_assignment')
            .select('user_id')
            .where('role', 'in', ['lead_applicant', 'consortium_member', 'territory_coordinator'])
            .where('perimeter_kind', '=', 'organisation')
            .where('perimeter_code', '=', String(app.lead_organisation_id)),
        ),
        eb(sql`lower(u.email)`, 'in', eb.selectFrom('application_collaborator').select('email').where('application_id', '=', applicationId)),
      ]),
    )
    .execute();
}

/**
 * The State's side: the prefect of the département (for a draft, only once it is shared with the
 * prefecture); once submitted, also the regional prefect, the commissaire of the region and the
 * experts invited on it.
 */
async function reviewerSide(db: Db, applicationId: number): Promise<Recipient[]> {
  const app = await db
    .selectFrom('application as a')
    .innerJoin('departement as d', 'd.code', 'a.departement_code')
    .select(['a.status', 'a.departement_code', 'd.region_code', 'a.shared_with_prefecture_at'])
    .where('a.id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const submitted = app.status !== 'draft';
  // A draft is its authors' own: the prefecture hears of it only once it is shared (issue 4 §1).
  if (!submitted && app.shared_with_prefecture_at === null) return [];
  return db
    .selectFrom('app_user as u')
    .select(['u.id as userId', 'u.email'])
    .where('u.active', '=', true)
    .where((eb) =>
      eb.or([
        eb('u.id', 'in', eb.selectFrom('role_assignment').select('user_id').where('role', '=', 'departement_prefect').where('perimeter_code', '=', app.departement_code)),
        ...(submitted
          ? [
              eb('u.id', 'in', eb.selectFrom('role_assignment').select('user_id').where('role', 'in', ['regional_prefect', 'poverty_commissioner']).where('perimeter_code', '=', app.region_code)),
              eb('u.id', 'in', eb.selectFrom('expert_invitation').select('expert_user_id').where('application_id', '=', applicationId)),
            ]
          : []),
      ]),
    )
    .execute();
}

/** Whom to tell about a new message: the other side of the exchange, never its author. */
export async function messageRecipients(db: Db, applicationId: number, authorUserId: number): Promise<string[]> {
  const authors = await applicantSide(db, applicationId);
  const fromApplicant = authors.some((a) => a.userId === authorUserId);
  const others = fromApplicant ? await reviewerSide(db, applicationId) : authors;
  return [...new Set(others.filter((r) => r.userId !== authorUserId).map((r) => r.email.toLowerCase()))].sort();
}

/** The département prefecture's agents, told when a draft is shared with them. */
export async function prefectureRecipients(db: Db, applicationId: number): Promise<string[]> {
  const app = await db.selectFrom('application').select('departement_code').where('id', '=', applicationId).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('app_user as u')
    .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
    .select('u.email')
    .where('u.active', '=', true)
    .where('r.role', '=', 'departement_prefect')
    .where('r.perimeter_code', '=', app.departement_code)
    .execute();
  return [...new Set(rows.map((r) => r.email.toLowerCase()))].sort();
}

export type ShareResult = { ok: true; changed: boolean } | { ok: false; message: string };

/** « Aide à constituer le dossier »: shares a draft with the prefecture, or stops sharing it (issue 4 §1). */
export async function setSharedWithPrefecture(db: Kysely<Database>, input: { applicationId: number; shared: boolean; actor: Actor; now: Date }): Promise<ShareResult> {
  return db.transaction().execute(async (trx) => {
    const app = await trx.selectFrom('application').select(['status', 'shared_with_prefecture_at']).where('id', '=', input.applicationId).forUpdate().executeTakeFirstOrThrow();
    if (app.status !== 'draft') return { ok: false as const, message: 'La candidature a déjà été déposée : la préfecture la voit.' };
    if ((app.shared_with_prefecture_at !== null) === input.shared) return { ok: true as const, changed: false };
    await trx
      .updateTable('application')
      .set({ shared_with_prefecture_at: input.shared ? input.now : null, shared_with_prefecture_by: input.shared ? input.actor.userId : null })
      .where('id', '=', input.applicationId)
      .execute();
    await recordAudit(trx, {
      actorUserId: input.actor.userId,
      actorLabel: input.actor.displayName,
      action: input.shared ? 'application.shareWithPrefecture' : 'application.unshareWithPrefecture',
      objectType: 'application',
      objectId: input.applicationId,
      summary: {},
    }, input.now);
    return { ok: true as const, changed: true };
  });
}
