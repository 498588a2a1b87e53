/**
 * An API upload (multipart/form-data): its fields and the one file of the field « file ». The whole
 * form is read even after a refusal, so that the client gets the answer, not a reset connection; a
 * framework limit (size, number of parts) is rethrown for the error handler to word; anything else
 * raised while reading is a malformed form (400).
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

const MULTIPART_LIMIT_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_PARTS_LIMIT', 'FST_PROTO_VIOLATION', 'FST_INVALID_JSON_FIELD_ERROR']);

export interface MultipartForm {
  fields: Record<string, string>;
  file: { bytes: Buffer; filename: string } | null;
}

/** `say`: how to send the form (415), where the file goes (a file in another field), and the size limit (413). */
export async function readMultipartForm(request: FastifyRequest, say: { howToSend: string; fileField: string; tooLarge: string }): Promise<MultipartForm> {
  if (!request.isMultipart()) throw new ApiError(415, 'Type de contenu non pris en charge.', [{ message: say.howToSend }]);
  const fields: Record<string, string> = {};
  let file: MultipartForm['file'] = null;
  let refusal: ApiError | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        continue;
      }
      const bytes = await part.toBuffer().catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
        refusal ??= new ApiError(413, 'Le fichier est trop volumineux.', [{ field: 'file', message: say.tooLarge }]);
        return null;
      });
      if (part.fieldname !== 'file') refusal ??= new ApiError(400, 'Le formulaire n’est pas valide.', [{ field: part.fieldname, message: say.fileField }]);
      else if (bytes) file = { bytes, filename: part.filename };
    }
  } catch (error) {
    if (MULTIPART_LIMIT_CODES.has(String((error as { code?: unknown }).code))) throw error;
    request.log.info({ err: error }, 'malformed multipart body');
    throw new ApiError(400, 'Le formulaire n’est pas valide.', [{ message: 'Le formulaire multipart est mal formé (coupé, ou délimiteur incorrect).' }]);
  }
  if (refusal) throw refusal;
  return { fields, file };
}
