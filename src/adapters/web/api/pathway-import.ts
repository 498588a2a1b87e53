/**
 * importPeople (issue 5 §11): an RSA beneficiary list in CSV (UTF-8 or Windows-1252, `;` or `,`), in
 * multipart/form-data with the fields `mapping` and `dryRun`. A dry run lists each bad row with its
 * reason and writes nothing; otherwise the file is imported at once (a re-import updates the people
 * already known instead of duplicating them) and recorded like the imports of the web page.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { MAX_IMPORT_BYTES, MAX_IMPORT_MEGABYTES } from '../../../domains/pathway/entities/import-csv.js';
import { importPeople } from '../../../domains/pathway/use-cases/import-people.js';
import { knownId } from './common.js';
import { ApiError, parseOr400, zodDetails } from './errors.js';
import { readMultipartForm } from './multipart-form.js';
import { pathwayAuthz } from './pathway-common.js';
import { ImportFieldsSchema, ImportMappingSchema } from './pathway-schemas.js';

const TOO_LARGE = `Le fichier dépasse ${MAX_IMPORT_MEGABYTES} Mo.`;

function mappingOf(text: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Le formulaire n’est pas valide.', [{ field: 'mapping', message: 'Le champ « mapping » doit être un objet JSON, par exemple {"cafNumber": "Matricule"}.' }]);
  }
  const parsed = ImportMappingSchema.safeParse(value);
  if (!parsed.success) throw new ApiError(400, 'Le formulaire n’est pas valide.', zodDetails(parsed.error).map((d) => ({ ...d, field: `mapping.${d.field}` })));
  return Object.fromEntries(Object.entries(parsed.data).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Multipart is registered in this scope only (the register is queued: the caller need not await it). */
export function registerPathwayImportApi(api: FastifyInstance): void {
  void api.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 10_000 } });

    scope.post('/api/v1/spaces/:id/imports', { config: pathwayAuthz.personImport }, async (request, reply) => {
      const spaceId = knownId(request);
      const { fields, file } = await readMultipartForm(request, {
        howToSend: 'Envoyez la liste en multipart/form-data, avec les champs « file », « mapping » et « dryRun ».',
        fileField: 'La liste se joint dans le champ « file ».',
        tooLarge: TOO_LARGE,
      });
      const { mapping, dryRun } = parseOr400(ImportFieldsSchema, fields, 'Le formulaire');
      if (!file || file.bytes.length === 0) throw new ApiError(400, 'Le formulaire n’est pas valide.', [{ field: 'file', message: 'Joignez la liste (CSV non vide) dans le champ « file ».' }]);
      const dry = dryRun === 'true';
      const result = await importPeople(scope.deps.db, { spaceId, actor: request.actor!, bytes: file.bytes, filename: file.filename, mapping: mappingOf(mapping), dryRun: dry, now: scope.deps.clock() });
      // Nothing could be read (not a CSV, a required column missing): said on the header line.
      if (result.total === 0 && result.errors.length > 0) {
        throw new ApiError(422, 'La liste ne peut pas être importée.', result.errors.map((e) => ({ rule: 'SPIE-1', field: 'file', message: `Ligne ${e.line} : ${e.reason}` })));
      }
      reply.status(dry ? 200 : 201);
      return { dryRun: dry, ...result };
    });
  });
}
