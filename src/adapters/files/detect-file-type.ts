/**
 * Attachments of an application (issue 3 §2): PDF, ODT, DOCX, JPEG or PNG only, 20 Mo each.
 * The type is recognised from the CONTENT (magic bytes, inspection of the ZIP entries for ODT and
 * DOCX, via `file-type`), never from the file name or the type declared by the browser.
 */
import { fileTypeFromBuffer } from 'file-type';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export type AttachmentMediaType =
  | 'application/pdf'
  | 'application/vnd.oasis.opendocument.text'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  | 'image/jpeg'
  | 'image/png';

export type AttachmentExtension = 'pdf' | 'odt' | 'docx' | 'jpg' | 'png';

export type AttachmentTypeResult =
  | {
      ok: true;
      mediaType: AttachmentMediaType;
      extension: AttachmentExtension;
      /** The declared name, stripped of any path, with the extension that matches the content. */
      fileName: string;
    }
  | { ok: false; message: string };

/** Types accepted, keyed by the `ext` that file-type reports. An animated PNG is still a PNG. */
const ACCEPTED: Record<string, { mediaType: AttachmentMediaType; extension: AttachmentExtension }> = {
  pdf: { mediaType: 'application/pdf', extension: 'pdf' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  jpg: { mediaType: 'image/jpeg', extension: 'jpg' },
  png: { mediaType: 'image/png', extension: 'png' },
  apng: { mediaType: 'image/png', extension: 'png' },
};

export async function detectAttachmentType(bytes: Uint8Array, declaredName: string): Promise<AttachmentTypeResult> {
  if (bytes.length === 0) return { ok: false, message: 'Le fichier est vide.' };
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, message: 'Le fichier dépasse 20 Mo.' };

  const detected = await detectSafely(bytes);
  const accepted = detected ? ACCEPTED[detected.ext] : undefined;
  if (!accepted) {
    const recognised = detected ? detected.ext.toUpperCase() : 'inconnu';
    return { ok: false, message: `Ce fichier n’est pas un PDF, ODT, DOCX, JPEG ou PNG (type reconnu : ${recognised}).` };
  }
  return { ok: true, ...accepted, fileName: `${baseName(declaredName)}.${accepted.extension}` };
}

/** A malformed file (truncated ZIP…) is just an unrecognised one, never an exception. */
async function detectSafely(bytes: Uint8Array): Promise<{ ext: string } | undefined> {
  try {
    return await fileTypeFromBuffer(bytes);
  } catch {
    return undefined;
  }
}

/** « C:\\Docs\\lettre.signée.PDF » → « lettre.signée »; control characters removed. */
function baseName(declaredName: string): string {
  const last = declaredName.split(/[/\\]/).pop() ?? '';
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const withoutExtension = clean.replace(/\.[^.]*$/, '').trim();
  return (withoutExtension || 'piece-jointe').slice(0, 200);
}
