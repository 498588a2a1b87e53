/**
 * The script that follows a running import (issue 5 §11), served from this origin (the CSP allows no
 * inline script). Like /static/export-progress.js: it asks the import's state every few seconds,
 * updates the bar and its text in place (no timed reload of the page, WCAG 2.2.1), and shows the
 * finished page once the import is done or has failed. Without JavaScript, « Actualiser » does it.
 */
import type { FastifyInstance } from 'fastify';

export const IMPORT_PROGRESS_SCRIPT_PATH = '/scripts/suivi-import.js';
export const IMPORT_REFRESH_SECONDS = 2;

export const IMPORT_PROGRESS_SCRIPT = `(() => {
  const box = document.querySelector('[data-import-etat]');
  if (!box) return;
  const url = box.getAttribute('data-import-etat');
  const bar = document.getElementById('progression-import');
  const text = document.getElementById('progression-import-texte');
  const lines = (n) => n.toLocaleString('fr-FR') + (n < 2 ? ' ligne traitée' : ' lignes traitées');
  const tick = async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (response.ok) {
        const status = await response.json();
        if (status.state === 'done' || status.state === 'failed') {
          window.location.reload();
          return;
        }
        if (bar) {
          bar.max = Math.max(status.total, 1);
          bar.value = status.total === 0 ? 1 : status.done;
        }
        if (text) text.textContent = status.done.toLocaleString('fr-FR') + ' sur ' + lines(status.total);
      }
    } catch {
      // A lost connection: try again at the next tick.
    }
    window.setTimeout(tick, ${IMPORT_REFRESH_SECONDS * 1000});
  };
  window.setTimeout(tick, ${IMPORT_REFRESH_SECONDS * 1000});
})();
`;

export function registerProgressScript(app: FastifyInstance): void {
  app.get(IMPORT_PROGRESS_SCRIPT_PATH, { config: { authz: { action: 'public.view' } } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(IMPORT_PROGRESS_SCRIPT),
  );
}
