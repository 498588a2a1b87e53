/**
 * uploadAttachment: one piece per request, in multipart/form-data (fields kind, signer, file).
 * Multipart is registered in this scope only; its size limit is one byte above 20 MB so that the
 * 20 MB rule itself answers (413, in French), and the type is recognised from the content.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { MAX_ATTACHMENT_BYTES } from '../../files/detect-file-type.js';
import { addAttachment, listAttachments } from '../../../domains/ami/adapters/attachments.js';
import { authz, knownId } from './common.js';
import { ApiError, parseOr400 } from './errors.js';
import { readMultipartForm } from './multipart-form.js';
import { AttachmentFieldsSchema } from './schemas.js';

export async function registerAttachmentApi(api: FastifyInstance): Promise<void> {
  await api.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 10, parts: 12, fieldSize: 10_000 } });

    scope.post('/api/v1/applications/:id/attachments', { config: authz.applicationEdit }, async (request, reply) => {
      const id = knownId(request);
      const { fields, file } = await readMultipartForm(request, {
        howToSend: 'Envoyez la pièce en multipart/form-data, avec les champs « kind », « signer » et « file ».',
        fileField: 'Le fichier se joint dans le champ « file ».',
        tooLarge: 'Le fichier dépasse 20 Mo.',
      });
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
