/**
 * The page that follows a large export run in the background (issue 4 §6): its state, its progress
 * and, once done, the download link. While the export is not finished, a small script of our own
 * (`/static/export-progress.js`; the CSP forbids inline scripts) asks its state every few seconds and
 * updates the bar in place, showing the finished page at the end — no timed reload of the whole page
 * (WCAG 2.2.1). The user may stop that updating, and without JavaScript reloads by hand.
 */
import type { ExportJobStatus } from '../../../domains/ami/adapters/exports.js';
import type { ExportFormat } from '../../../domains/ami/use-cases/export-applications.js';
import { CsrfField, Layout, type PageContext } from '../components/layout.js';
import { Breadcrumb } from '../components/ui.js';

/** Seconds between two questions of the script to the export's state. */
export const EXPORT_REFRESH_SECONDS = 2;

const STATE_LABELS: Record<ExportJobStatus['state'], { label: string; badge: string }> = {
  queued: { label: 'en attente', badge: 'fr-badge--info' },
  running: { label: 'en cours', badge: 'fr-badge--new' },
  done: { label: 'terminé', badge: 'fr-badge--success' },
  failed: { label: 'échec', badge: 'fr-badge--error' },
};

const FORMAT_LABELS: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'XLSX' };

export interface ExportCall {
  id: number;
  title: string;
}

/** "0 ligne", "1 ligne", "2 lignes": French takes the singular below 2. */
function count(n: number, singular: string, plural: string): string {
  return `${n.toLocaleString('fr-FR')} ${n < 2 ? singular : plural}`;
}

export function exportPagePath(callId: number, jobId: string): string {
  return `/appels/${callId}/exports/${jobId}`;
}

function ExportBreadcrumb({ call }: { call: ExportCall }) {
  return <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Appels', href: '/appels' }, { label: call.title, href: `/appels/${call.id}` }, { label: 'Export des candidatures' }]} />;
}

/** A small form that queues a new export of the call (used again after a failure). */
function RequestExportForm({ ctx, call, format, label }: { ctx: PageContext; call: ExportCall; format: ExportFormat; label: string }) {
  return (
    <form method="post" action={`/appels/${call.id}/exports`}>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="format" value={format} />
      <button class="fr-btn" type="submit" safe>
        {label}
      </button>
    </form>
  );
}

export interface ExportJobPageProps {
  ctx: PageContext;
  call: ExportCall;
  status: ExportJobStatus;
  format: ExportFormat;
  /** False once the user has stopped the automatic reloading. */
  autoRefresh: boolean;
}

function ExportJobPage({ ctx, call, status, format, autoRefresh }: ExportJobPageProps) {
  const state = STATE_LABELS[status.state];
  const formatLabel = FORMAT_LABELS[format];
  const pagePath = exportPagePath(call.id, status.jobId);
  const finished = status.state === 'done' || status.state === 'failed';
  const stateText: string = `État : ${state.label}`;
  const counted = status.total !== null;
  const progressText: string = counted
    ? `${status.done.toLocaleString('fr-FR')} sur ${count(status.total ?? 0, 'candidature', 'candidatures')}`
    : status.state === 'queued'
      ? 'L’export attend son tour : il commencera dans quelques instants.'
      : status.state === 'failed'
        ? 'L’export s’est arrêté avant d’avoir compté les candidatures.'
        : 'Comptage des candidatures de votre périmètre…';
  const downloadText: string = status.result ? `Télécharger le fichier (${formatLabel}, ${count(status.result.rowCount, 'ligne', 'lignes')})` : '';
  const filenameText: string = status.result ? `Fichier : ${status.result.filename}` : '';
  const refreshText: string = `La progression se met à jour toutes les ${EXPORT_REFRESH_SECONDS} secondes jusqu’à la fin de l’export.`;
  const lead: string = `Candidatures de votre périmètre pour l’appel « ${call.title} », au format ${formatLabel}.`;
  return (
    <Layout ctx={ctx} title="Export des candidatures">
      <ExportBreadcrumb call={call} />
      <h1>Export des candidatures</h1>
      <p class="fr-text--lead" safe>
        {lead}
      </p>
      <p>
        <span class={`fr-badge ${state.badge}`} id="etat-export" safe>
          {stateText}
        </span>
      </p>
      <div class="fr-mb-3w" data-export-etat={!finished && autoRefresh ? `${pagePath}/etat` : undefined}>
        <p class="fr-mb-1w" id="progression-export-libelle">
          Progression
        </p>
        {counted ? (
          <progress class="spie-progress" id="progression-export" aria-labelledby="progression-export-libelle" aria-describedby="progression-export-texte" max={String(Math.max(status.total ?? 0, 1))} value={String(status.total === 0 ? 1 : status.done)} />
        ) : (
          <progress class="spie-progress" id="progression-export" aria-labelledby="progression-export-libelle" aria-describedby="progression-export-texte" />
        )}
        <p class="fr-mt-1w" id="progression-export-texte" safe>
          {progressText}
        </p>
      </div>
      {status.state === 'done' && status.result ? (
        <div class="fr-mb-3w">
          <div class="fr-alert fr-alert--success fr-mb-3w">
            <p>L’export est prêt. Il ne contient que les candidatures de votre périmètre, sans les contributions des experts.</p>
          </div>
          <p>
            <a class="fr-btn fr-icon-download-line fr-btn--icon-left" id="telecharger-export" href={`${pagePath}/fichier`} safe>
              {downloadText}
            </a>
          </p>
          <p class="fr-text--sm" safe>
            {filenameText}
          </p>
        </div>
      ) : (
        ''
      )}
      {status.state === 'failed' ? (
        <div class="fr-mb-3w">
          <div class="fr-alert fr-alert--error fr-mb-3w">
            <p>L’export a échoué. Vous pouvez le relancer ; si l’échec se répète, signalez-le à l’équipe nationale.</p>
          </div>
          <RequestExportForm ctx={ctx} call={call} format={format} label={`Relancer l’export ${formatLabel}`} />
        </div>
      ) : (
        ''
      )}
      {!finished && autoRefresh ? (
        <p>
          <span safe>{refreshText}</span>{' '}
          <a class="fr-link" href={`${pagePath}?actualiser=non`}>
            Arrêter la mise à jour automatique
          </a>
        </p>
      ) : (
        ''
      )}
      {!finished && !autoRefresh ? (
        <p>
          La mise à jour automatique est arrêtée.{' '}
          <a class="fr-link" href={`${pagePath}?actualiser=non`}>
            Actualiser la page
          </a>{' '}
          ou{' '}
          <a class="fr-link" href={pagePath}>
            reprendre la mise à jour automatique
          </a>
        </p>
      ) : (
        ''
      )}
      <p class="fr-mt-3w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={`/appels/${call.id}`}>
          Retour à l’appel
        </a>
      </p>
      {!finished && autoRefresh ? <script src="/static/export-progress.js" defer></script> : ''}
    </Layout>
  );
}

/** The export's page; while it runs, its script follows it unless the user stopped that. */
export async function exportJobPage(props: ExportJobPageProps): Promise<string> {
  return ExportJobPage(props);
}

/** When this instance runs no background jobs: say so, and offer the immediate download instead. */
export function exportsUnavailablePage({ ctx, call }: { ctx: PageContext; call: ExportCall }): JSX.Element {
  return (
    <Layout ctx={ctx} title="Export des candidatures indisponible">
      <ExportBreadcrumb call={call} />
      <h1>Export des candidatures indisponible</h1>
      <div class="fr-alert fr-alert--error fr-mb-3w">
        <h2 class="fr-alert__title">Les exports en arrière-plan ne fonctionnent pas en ce moment</h2>
        <p>Ce serveur n’exécute pas les tâches en arrière-plan : l’export ne peut pas être préparé ni suivi ici. Réessayez plus tard ; si le problème persiste, signalez-le à l’équipe nationale.</p>
      </div>
      <p>En attendant, vous pouvez télécharger directement les candidatures de votre périmètre (le téléchargement peut être long pour un grand nombre de candidatures) :</p>
      <ul>
        <li>
          <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/appels/${call.id}/export.xlsx`}>
            tableur (XLSX)
          </a>
        </li>
        <li>
          <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/appels/${call.id}/export.csv`}>
            CSV
          </a>
        </li>
      </ul>
      <p class="fr-mt-3w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={`/appels/${call.id}`}>
          Retour à l’appel
        </a>
      </p>
    </Layout>
  );
}
