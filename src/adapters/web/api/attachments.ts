/**
 * uploadAttachment: one piece per request, in multipart/form-data (fields kind, signer, file).
 * Multipart is registered in this scope only; its size limit is one byte above 20 MB so that the
 * 20 MB rule itself answers (413, in French), and the type is recognised from the content.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_ATTACHMENT_BYTES } from '../../files/detect-file-type.js';
import { addAttachment, listAttachments } from '../../../domains/ami/adapters/attachments.js';
import { authz, knownId } from './common.js';
import { ApiError, parseOr400 } from './errors.js';
import { AttachmentFieldsSchema } from './schemas.js';

const MULTIPART_LIMIT_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT', 'FST_PROTO_VIOLATION', 'FST_INVALID_JSON_FIELD_ERROR']);

async function readForm(request: FastifyRequest): Promise<{ fields: Record<string, string>; file: { bytes: Buffer; filename: string } | null }> {
  if (!request.isMultipart()) throw new ApiError(415, 'Type de contenu non pris en charge.', [{ message: 'Envoyez la pièce en multipart/form-data, avec les champs « kind », « signer » et « file ».' }]);
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; filename: string } | null = null;
  let refusal: ApiError | null = null;
  try {
    // The whole form is read even after a refusal, so that the client gets the answer, not a reset connection.
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        continue;
      }
      const bytes = await part.toBuffer().catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
        refusal ??= new ApiError(413, 'Le fichier est trop volumineux.', [{ field: 'file', message: 'Le fichier dépasse 20 Mo.' }]);
        return null;
      });
      if (part.fieldname !== 'file') refusal ??= new ApiError(400, 'Le formulaire n’est pas valide.', [{ field: part.fieldname, message: 'Le fichier se joint dans le champ « file ».' }]);
      else if (bytes) file = { bytes, filename: part.filename };
    }
  } catch (error) {
    if (MULTIPART_LIMIT_CODES.has(String((error as { code?: unknown }).code))) throw error;
    // Anything else raised while reading the stream is a malformed form (truncated, bad boundary…).
    request.log.info({ err: error }, 'malformed multipart body');
    throw new ApiError(400, 'Le formulaire n’est pas valide.', [{ message: 'Le formulaire multipart est mal formé (coupé, ou délimiteur incorrect).' }]);
  }
  if (refusal) throw refusal;
  return { fields, file };
}

export async function registerAttachmentApi(api: FastifyInstance): Promise<void> {
  await api.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 10_000 } });

    scope.post('/api/v1/applications/:id/attachments', { config: authz.applicationEdit }, async (request, reply) => {
      const id = knownId(request);
      const { fields, file } = await readForm(request);
      const { kind, signer } = parseOr400(AttachmentFieldsSchema, fields, 'Le formulaire');
      if (!file || file.bytes.length === 0) throw new ApiError(400, 'Le formulaire n’est pas valide.', [{ field: 'file', message: 'Joignez un fichier non vide dans le champ « file ».' }]);
      if (file.bytes.length > MAX_ATTACHMENT_BYTES) throw new ApiError(413, 'Le fichier est trop volumineux.', [{ field: 'file', message: 'Le fichier dépasse 20 Mo.' }]);
      const result = await addAttachment(scope.deps.db, { applicationId: id, bytes: file.bytes, filename: file.filename, kind, signer: signer || null, actor: request.actor!, now: scope.deps.clock() });
      if (!result.ok) {
        const status = result.field === 'status' ? 409 : result.field === 'file' ? 422 : 400;
        throw new ApiError(status, 'La pièce n’a pas été ajoutée.', [{ field: result.field, message: result.message }]);
      }
      const added = (await listAttachments(scope.deps.db, id)).find((a) => a.id === result.id)!;
      reply.status(201);
      return { id: added.id, kind: added.kind, signer: added.signer, filename: added.filename, mediaType: added.media_type, sizeBytes: added.size_bytes, uploadedAt: added.uploaded_at.toISOString() };
    });
  });
}
