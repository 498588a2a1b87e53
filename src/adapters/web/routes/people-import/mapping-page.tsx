/**
 * Step 2 of an import (issue 5 §11): for each field of a person, the column of the file that holds it,
 * pre-selected from the header names. Name, first name, birth date and CAF/MSA number are required;
 * a wrong choice is refused with the reason next to its field, the choices kept, nothing saved.
 */
import type { FastifyInstance } from 'fastify';
import type { CsvFile } from '../../../../domains/pathway/entities/import-csv.js';
import { checkMapping, IMPORT_FIELDS, type ImportField, type ImportMapping } from '../../../../domains/pathway/entities/import-mapping.js';
import { ErrorSummary } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../../components/layout.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { count, ImportBreadcrumb, importPath } from './import-common.js';
import { importFile, importSpaceObject, loadImport, saveMapping, spaceName, type ImportRecord } from './import-records.js';

const config = { authz: { action: 'person.import' as const, object: importSpaceObject } };
const PREVIEW_ROWS = 3;

const ENCODING_LABELS = { 'utf-8': 'UTF-8', 'windows-1252': 'Windows (Windows-1252)' } as const;
const SEPARATOR_LABELS = { ';': 'point-virgule', ',': 'virgule' } as const;

function MappingSelect({ field, headers, value, error }: { field: (typeof IMPORT_FIELDS)[number]; headers: string[]; value: string; error: string | undefined }) {
  const id = `colonne-${field.key}`;
  const label: string = field.required ? field.label : `${field.label} (facultatif)`;
  return (
    <div class={`fr-select-group${error ? ' fr-select-group--error' : ''}`}>
      <label class="fr-label" for={id} safe>
        {label}
      </label>
      <select class={`fr-select${error ? ' fr-select--error' : ''}`} id={id} name={field.key} aria-describedby={error ? `${id}-erreur` : undefined} aria-invalid={error ? 'true' : undefined}>
        {field.required ? (
          <option value="" selected={value === ''} disabled>
            Choisissez une colonne
          </option>
        ) : (
          <option value="" selected={value === ''}>
            Ne pas importer
          </option>
        )}
        {headers.map((h) => (
          <option value={h} selected={h === value} safe>
            {h}
          </option>
        ))}
      </select>
      {error ? (
        <p class="fr-error-text" id={`${id}-erreur`} safe>
          {error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

function Preview({ file }: { file: CsvFile }) {
  const rows = file.records.slice(0, PREVIEW_ROWS);
  return (
    <div class="fr-table fr-mb-4w">
      <div class="fr-table__wrapper">
        {/* Scrolls sideways when the file has many columns: focusable, so that the keyboard scrolls it too. */}
        <div class="fr-table__container" tabindex="0" role="region" aria-label="Aperçu du fichier">
          <div class="fr-table__content">
            <table>
              <caption safe>{rows.length === 1 ? 'Aperçu : la première ligne du fichier' : `Aperçu : les ${rows.length} premières lignes du fichier`}</caption>
              <thead>
                <tr>
                  {file.headers.map((h) => (
                    <th scope="col" safe>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    {file.headers.map((_, index) => (
                      <td safe>{r.fields[index] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

interface MappingPageProps {
  ctx: PageContext;
  space: { id: number; name: string };
  record: ImportRecord;
  file: CsvFile;
  mapping: ImportMapping;
  errors: Partial<Record<ImportField, string>>;
}

function MappingPage({ ctx, space, record, file, mapping, errors }: MappingPageProps) {
  const about: string = `Fichier « ${record.filename} » : ${count(file.records.length, 'ligne', 'lignes')} après l’en-tête, ${count(file.headers.length, 'colonne', 'colonnes')}, encodage ${ENCODING_LABELS[file.encoding]}, séparateur ${SEPARATOR_LABELS[file.separator]}.`;
  const labels = Object.fromEntries(IMPORT_FIELDS.map((f) => [f.key, { id: `colonne-${f.key}`, label: f.label }]));
  return (
    <Layout ctx={ctx} title={`${Object.keys(errors).length ? 'Erreur – ' : ''}Choisir les colonnes – import de ${record.filename}`}>
      <ImportBreadcrumb space={space} here="Colonnes" />
      <h1>Choisir les colonnes du fichier</h1>
      <p safe>{about}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Preview file={file} />
      <form method="post" action={`${importPath(space.id, record.id)}/colonnes`}>
        <CsrfField ctx={ctx} />
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Pour chaque information, la colonne du fichier qui la contient</legend>
          <p class="fr-fieldset__element fr-text--sm">Les colonnes ont été proposées d’après leur nom : vérifiez-les. Le nom, le prénom, la date de naissance et le numéro CAF/MSA sont obligatoires.</p>
          {IMPORT_FIELDS.map((field) => (
            <div class="fr-fieldset__element">
              <MappingSelect field={field} headers={file.headers} value={mapping[field.key] ?? ''} error={errors[field.key]} />
            </div>
          ))}
        </fieldset>
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button class="fr-btn" type="submit">
              Vérifier le fichier (essai à blanc)
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={`/spie/${space.id}/imports`}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </Layout>
  );
}

export function registerMappingPage(app: FastifyInstance): void {
  app.get('/spie/:spaceId/imports/:importId/colonnes', { config }, async (request, reply) => {
    const record = await loadImport(request, app.deps);
    if (record.status !== 'uploaded' && record.status !== 'checked') return reply.redirect(importPath(record.spaceId, record.id), 303);
    const space = await spaceName(app.deps.db, record.spaceId);
    const { file } = await importFile(app.deps.db, record);
    return sendPage(reply, <MappingPage ctx={pageContext(request)} space={space} record={record} file={file} mapping={record.mapping} errors={{}} />);
  });

  app.post('/spie/:spaceId/imports/:importId/colonnes', { config }, async (request, reply) => {
    const record = await loadImport(request, app.deps);
    if (record.status !== 'uploaded' && record.status !== 'checked') throw new HttpError(409, 'Cet import est déjà lancé : ses colonnes ne peuvent plus changer.');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const mapping: ImportMapping = {};
    for (const field of IMPORT_FIELDS) {
      const value = typeof body[field.key] === 'string' ? (body[field.key] as string).trim() : '';
      if (value) mapping[field.key] = value;
    }
    const { file } = await importFile(app.deps.db, record);
    const errors = checkMapping(file.headers, mapping);
    if (Object.keys(errors).length) {
      const space = await spaceName(app.deps.db, record.spaceId);
      return sendPage(reply, <MappingPage ctx={pageContext(request)} space={space} record={record} file={file} mapping={mapping} errors={errors} />, 422);
    }
    if (!(await saveMapping(app.deps.db, record.id, mapping))) throw new HttpError(409, 'Cet import est déjà lancé : ses colonnes ne peuvent plus changer.');
    return reply.redirect(`${importPath(record.spaceId, record.id)}/verification`, 303);
  });
}
