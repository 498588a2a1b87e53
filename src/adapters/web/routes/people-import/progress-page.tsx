/**
 * Step 4 of an import (issue 5 §11): its progress while it runs in the background, then what it did —
 * people created and updated, rows skipped with their line and reason. While it runs, a small script of
 * our own (no inline script: the CSP forbids it) asks its state every few seconds and moves the bar in
 * place, showing the finished page at the end; without JavaScript, the « Actualiser » link does it.
 */
import type { FastifyInstance } from 'fastify';
import { importReport } from '../../../../domains/pathway/use-cases/import-people.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../../components/layout.js';
import { formatParis } from '../../components/ui.js';
import { sendPage } from '../../render.js';
import { count, ImportBreadcrumb, importPath, importsPath, RowErrorsTable, STATUS_LABELS } from './import-common.js';
import { importSpaceObject, loadImport, spaceName, type ImportRecord } from './import-records.js';
import { IMPORT_PROGRESS_SCRIPT_PATH, IMPORT_REFRESH_SECONDS } from './progress-script.js';

const config = { authz: { action: 'person.import' as const, object: importSpaceObject } };

/** What the script reads: the state and the counts of the import. */
export interface ImportState {
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  created: number;
  updated: number;
  errors: number;
}

function progressText(record: ImportRecord): string {
  return `${record.done.toLocaleString('fr-FR')} sur ${count(record.total, 'ligne traitée', 'lignes traitées')}`;
}

function ProgressPage({ ctx, space, record, errors }: { ctx: PageContext; space: { id: number; name: string }; record: ImportRecord; errors: { line: number; reason: string }[] | null }) {
  const status = STATUS_LABELS[record.status];
  const path = importPath(space.id, record.id);
  const running = record.status === 'running';
  const stateText: string = `État : ${status.label}`;
  const lead: string = `Fichier « ${record.filename} », déposé le ${formatParis(record.createdAt)} par ${record.createdBy}.`;
  const refreshText: string = `La progression se met à jour toutes les ${IMPORT_REFRESH_SECONDS} secondes jusqu’à la fin de l’import.`;
  const unchanged = record.total - record.created - record.updated - record.errors;
  const summary: string[] = [
    count(record.created, 'personne créée', 'personnes créées'),
    count(record.updated, 'personne mise à jour', 'personnes mises à jour'),
    count(Math.max(unchanged, 0), 'personne déjà à jour', 'personnes déjà à jour'),
    count(record.errors, 'ligne ignorée', 'lignes ignorées'),
  ];
  return (
    <Layout ctx={ctx} title={`Import de ${record.filename}`}>
      <ImportBreadcrumb space={space} here={record.filename} />
      <h1>Import de la liste des allocataires du RSA</h1>
      <p class="fr-text--lead" safe>
        {lead}
      </p>
      <p>
        <span class={`fr-badge ${status.badge}`} id="etat-import" safe>
          {stateText}
        </span>
      </p>
      <div class="fr-mb-3w" data-import-etat={running ? `${path}/etat` : undefined}>
        <p class="fr-mb-1w" id="progression-import-libelle">
          Progression
        </p>
        <progress
          class="spie-progress"
          id="progression-import"
          aria-labelledby="progression-import-libelle"
          aria-describedby="progression-import-texte"
          max={String(Math.max(record.total, 1))}
          value={String(record.total === 0 ? 1 : record.done)}
        />
        <p class="fr-mt-1w" id="progression-import-texte" safe>
          {progressText(record)}
        </p>
      </div>
      {running ? (
        <p>
          <span safe>{refreshText}</span>{' '}
          <a class="fr-link" href={path} id="actualiser-import">
            Actualiser
          </a>
        </p>
      ) : (
        ''
      )}
      {record.status === 'done' ? (
        <>
          <div class="fr-alert fr-alert--success fr-mb-3w">
            <h2 class="fr-alert__title">L’import est terminé</h2>
            <ul id="bilan-import">
              {summary.map((s) => (
                <li safe>{s}</li>
              ))}
            </ul>
          </div>
          {errors && errors.length ? (
            <>
              <h2 safe>{count(errors.length, 'ligne ignorée', 'lignes ignorées')}</h2>
              <p>Corrigez-les dans le fichier et importez-le à nouveau : les personnes déjà importées seront mises à jour, pas créées deux fois.</p>
              <RowErrorsTable errors={errors} caption="Lignes ignorées et motifs" />
            </>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
      {record.status === 'failed' ? (
        <div class="fr-mb-3w">
          <div class="fr-alert fr-alert--error fr-mb-3w">
            <h2 class="fr-alert__title">L’import s’est arrêté avant la fin</h2>
            <p>Les lots déjà enregistrés le restent. Vous pouvez relancer l’import : les personnes déjà importées seront mises à jour, pas créées deux fois. Si l’échec se répète, signalez-le à l’équipe nationale.</p>
          </div>
          <form method="post" action={`${path}/lancer`}>
            <CsrfField ctx={ctx} />
            <button class="fr-btn" type="submit">
              Relancer l’import
            </button>
          </form>
        </div>
      ) : (
        ''
      )}
      <p class="fr-mt-3w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={importsPath(space.id)}>
          Retour aux imports
        </a>
      </p>
      {running ? <script src={IMPORT_PROGRESS_SCRIPT_PATH} defer></script> : ''}
    </Layout>
  );
}

export function registerProgressPage(app: FastifyInstance): void {
  app.get('/spie/:spaceId/imports/:importId', { config }, async (request, reply) => {
    const record = await loadImport(request, app.deps);
    if (record.status === 'uploaded') return reply.redirect(`${importPath(record.spaceId, record.id)}/colonnes`, 303);
    if (record.status === 'checked') return reply.redirect(`${importPath(record.spaceId, record.id)}/verification`, 303);
    const space = await spaceName(app.deps.db, record.spaceId);
    const errors = record.status === 'done' ? await importReport(app.deps.db, record.id) : null;
    return sendPage(reply, <ProgressPage ctx={pageContext(request)} space={space} record={record} errors={errors} />);
  });

  app.get('/spie/:spaceId/imports/:importId/etat', { config }, async (request, reply) => {
    const record = await loadImport(request, app.deps);
    const state: ImportState = {
      state: record.status === 'done' ? 'done' : record.status === 'failed' ? 'failed' : 'running',
      done: record.done,
      total: record.total,
      created: record.created,
      updated: record.updated,
      errors: record.errors,
    };
    return reply.header('cache-control', 'no-store').send(state);
  });
}
