/** Attachments of an application: recognised by content (PDF, ODT, DOCX, JPEG, PNG; 20 MB), audited. */
import type { Kysely } from 'kysely';
import { detectAttachmentType } from '../../../adapters/files/detect-file-type.js';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import type { CommitmentLetterSigner } from '../entities/application-content.js';
import { isEditable } from '../entities/application-status.js';
import { storeFile } from './files.js';

export const ATTACHMENT_KINDS = {
  commitment_letter: 'Lettre d’engagement',
  deliberation: 'Délibération',
  annex: 'Autre annexe',
} as const;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;

export type AddAttachmentResult = { ok: true; id: number } | { ok: false; field: 'file' | 'kind' | 'signer' | 'status'; message: string };

export async function addAttachment(
  db: Kysely<Database>,
  input: { applicationId: number; bytes: Uint8Array; filename: string; kind: string; signer: string | null; actor: Actor; now: Date },
): Promise<AddAttachmentResult> {
  if (!Object.hasOwn(ATTACHMENT_KINDS, input.kind)) return { ok: false, field: 'kind', message: 'Choisissez le type de pièce.' };
  const signer = input.kind === 'commitment_letter' ? input.signer : null;
  if (input.kind === 'commitment_letter' && !['conseil_departemental', 'france_travail', 'other'].includes(signer ?? '')) {
    return { ok: false, field: 'signer', message: 'Indiquez qui signe la lettre d’engagement.' };
  }
  const type = await detectAttachmentType(input.bytes, input.filename);
  if (!type.ok) return { ok: false, field: 'file', message: type.message };
  // The stored name carries the extension of the real content (a PNG sent as « x.pdf » becomes « x.png »).
  const filename = type.fileName.slice(0, 200) || `piece.${type.extension}`;
  return db.transaction().execute(async (trx) => {
    const app = await trx.selectFrom('application').select('status').where('id', '=', input.applicationId).forUpdate().executeTakeFirstOrThrow();
    if (!isEditable(app.status)) return { ok: false as const, field: 'status' as const, message: 'La candidature a été déposée : ses pièces ne peuvent plus changer.' };
    const fileId = await storeFile(trx, input.bytes, type.mediaType, input.now);
    const row = await trx
      .insertInto('application_attachment')
      .values({ application_id: input.applicationId, file_id: fileId, kind: input.kind, signer: signer as CommitmentLetterSigner | null, filename, uploaded_by: input.actor.userId, uploaded_at: input.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: input.actor.userId,
      actorLabel: input.actor.displayName,
      action: 'application.attachment.add',
      objectType: 'application',
      objectId: input.applicationId,
      summary: { attachmentId: row.id, kind: input.kind, signer, mediaType: type.mediaType, size: input.bytes.byteLength },
    }, input.now);
    return { ok: true as const, id: row.id };
  });
}

export async function listAttachments(db: Kysely<Database>, applicationId: number) {
  return db
    .selectFrom('application_attachment as a')
    .innerJoin('stored_file as f', 'f.id', 'a.file_id')
    .leftJoin('app_user as u', 'u.id', 'a.uploaded_by')
    .select(['a.id', 'a.kind', 'a.signer', 'a.filename', 'a.uploaded_at', 'a.file_id', 'f.media_type', 'f.size_bytes', 'u.given_name', 'u.family_name'])
    .where('a.application_id', '=', applicationId)
    .where('a.removed_at', 'is', null)
    .orderBy('a.id')
    .execute();
}

export async function removeAttachment(db: Kysely<Database>, input: { applicationId: number; attachmentId: number; actor: Actor; now: Date }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const app = await trx.selectFrom('application').select('status').where('id', '=', input.applicationId).forUpdate().executeTakeFirstOrThrow();
    if (!isEditable(app.status)) return false;
    const result = await trx
      .updateTable('application_attachment')
      .set({ removed_at: input.now })
      .where('id', '=', input.attachmentId)
      .where('application_id', '=', input.applicationId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'application.attachment.remove', objectType: 'application', objectId: input.applicationId, summary: { attachmentId: input.attachmentId } }, input.now);
    return true;
  });
}
