/**
 * Step 1 of an import (issue 5 §11): the coordinator uploads the CSV list of RSA beneficiaries sent by
 * the CAF or the MSA; the page also lists the earlier imports of the space. A file that cannot be read
 * as CSV is refused with the reason next to the field, and nothing is kept.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { MAX_IMPORT_BYTES, MAX_IMPORT_MEGABYTES, readCsv } from '../../../../domains/pathway/entities/import-csv.js';
import { FileField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../../components/layout.js';
import { EmptyState, formatParis, Table } from '../../components/ui.js';
import { readUploadForm } from '../../upload-form.js';
import { sendPage } from '../../render.js';
import { ImportBreadcrumb, importPath, importsPath, STATUS_LABELS } from './import-common.js';
import { createImport, idParam, importSpaceObject, listImports, spaceName, type ImportRecord } from './import-records.js';

const config = { authz: { action: 'person.import' as const, object: importSpaceObject } };
const FILE_HINT: string = `Séparateur point-virgule ou virgule, encodage UTF-8 ou Windows (Excel « CSV »), première ligne avec les noms des colonnes. Taille maximale : ${MAX_IMPORT_MEGABYTES} Mo.`;

function ImportsTable({ spaceId, imports }: { spaceId: number; imports: ImportRecord[] }) {
  if (imports.length === 0) {
    return (
      <EmptyState title="Aucun import pour l’instant">
        <p>Les listes importées apparaîtront ici, avec le nombre de personnes créées, mises à jour et de lignes ignorées.</p>
      </EmptyState>
    );
  }
  return (
    <Table caption="Les derniers imports, du plus récent au plus ancien" headers={['Déposé le', 'Fichier', 'Par', 'État', 'Lignes', 'Créées', 'Mises à jour', 'Ignorées']}>
      {imports.map((i) => {
        const status = STATUS_LABELS[i.status];
        const finished = i.status === 'done';
        const figures: string[] = [i.total, ...(finished ? [i.created, i.updated, i.errors] : [])].map((n) => n.toLocaleString('fr-FR'));
        while (figures.length < 4) figures.push('—');
        return (
          <tr>
            <td safe>{formatParis(i.createdAt)}</td>
            <td>
              <a class="fr-link" href={importPath(spaceId, i.id)} safe>
                {i.filename}
              </a>
            </td>
            <td safe>{i.createdBy}</td>
            <td>
              <span class={`fr-badge fr-badge--sm ${status.badge}`} safe>
                {status.label}
              </span>
            </td>
            {figures.map((f) => (
              <td safe>{f}</td>
            ))}
          </tr>
        );
      })}
    </Table>
  );
}

function UploadPage({ ctx, space, imports, error }: { ctx: PageContext; space: { id: number; name: string }; imports: ImportRecord[]; error?: string }) {
  return (
    <Layout ctx={ctx} title={`${error ? 'Erreur – ' : ''}Importer une liste d’allocataires du RSA – ${space.name}`}>
      <ImportBreadcrumb space={space} />
      <h1>Importer une liste d’allocataires du RSA</h1>
      <p class="fr-text--lead">Déposez la liste transmise par la CAF ou la MSA : chaque ligne devient une personne du SPIE, ou met à jour la personne déjà connue.</p>
      <ol class="fr-mb-4w">
        <li>vous déposez le fichier CSV ;</li>
        <li>vous indiquez quelle colonne contient le nom, le prénom, la date de naissance, le numéro CAF/MSA… ;</li>
        <li>un essai à blanc liste les lignes qui ne peuvent pas être importées, avec leur motif, et compte les personnes à créer et à mettre à jour, sans rien enregistrer ;</li>
        <li>vous lancez l’import, qui se poursuit en arrière-plan.</li>
      </ol>
      <p>Une personne déjà connue dans le SPIE (même numéro CAF/MSA, ou à défaut même identifiant France Travail) est mise à jour, jamais créée deux fois : importer à nouveau la même liste ne crée aucun doublon.</p>
      {error ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title">Le fichier n’a pas été déposé</h2>
          <p>
            <a href="#fichier" safe>
              {error}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={importsPath(space.id)} enctype="multipart/form-data" class="fr-mb-6w">
        <CsrfField ctx={ctx} />
        <FileField id="fichier" name="fichier" label="Liste des allocataires (fichier CSV)" hint={FILE_HINT} accept=".csv,.txt,text/csv,text/plain" error={error} />
        <button class="fr-btn fr-mt-3w" type="submit">
          Déposer le fichier
        </button>
      </form>
      <h2>Imports précédents</h2>
      <ImportsTable spaceId={space.id} imports={imports} />
    </Layout>
  );
}

export async function registerUploadPage(app: FastifyInstance): Promise<void> {
  app.get('/spie/:spaceId/imports', { config }, async (request, reply) => {
    const space = await spaceName(app.deps.db, idParam(request, 'spaceId'));
    return sendPage(reply, <UploadPage ctx={pageContext(request)} space={space} imports={await listImports(app.deps.db, space.id)} />);
  });

  // The upload is multipart: the CSRF token travels as a form field, checked here (application-actions.tsx).
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } });
    scope.post('/spie/:spaceId/imports', { config: { ...config, csrfCheckedInHandler: true } }, async (request, reply) => {
      const space = await spaceName(app.deps.db, idParam(request, 'spaceId'));
      const { file, tooBig } = await readUploadForm(request);
      const bytes = file?.bytes ?? null;
      const filename = file?.filename ?? '';
      const reading = bytes && bytes.length > 0 ? readCsv(bytes) : null;
      const error = tooBig ? `Le fichier dépasse ${MAX_IMPORT_MEGABYTES} Mo : découpez la liste en plusieurs fichiers.` : !reading ? 'Choisissez le fichier CSV de la liste.' : reading.ok ? undefined : reading.reason;
      if (error || !reading?.ok) {
        const imports = await listImports(app.deps.db, space.id);
        return sendPage(reply, <UploadPage ctx={pageContext(request)} space={space} imports={imports} error={error} />, 422);
      }
      const importId = await createImport(app.deps.db, { spaceId: space.id, userId: request.actor!.userId, filename: filename.slice(0, 200) || 'liste.csv', bytes: bytes!, file: reading.file, now: app.deps.clock() });
      return reply.redirect(`${importPath(space.id, importId)}/colonnes`, 303);
    });
  });
}
