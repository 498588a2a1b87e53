/**
 * A page's upload form (multipart/form-data, one file): its fields and its file, read whole; a file
 * above the scope's size limit is reported (`tooBig`), not thrown. The CSRF token travels as a form
 * field, so it is checked here, once the body is read (routes say `csrfCheckedInHandler`).
 */
import type { FastifyRequest } from 'fastify';
import { csrfValid, CsrfError } from './csrf.js';

export interface UploadForm {
  fields: Record<string, string>;
  file: { bytes: Buffer; filename: string } | null;
  tooBig: boolean;
}

export async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  const fields: Record<string, string> = {};
  let file: UploadForm['file'] = null;
  let tooBig = false;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
        tooBig = true;
        return null;
      });
      file = bytes ? { bytes, filename: part.filename } : null;
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  request.body = fields;
  if (!csrfValid(request)) throw new CsrfError();
  return { fields, file, tooBig };
}
