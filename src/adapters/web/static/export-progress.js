// Follows a background export (issue 4 §6) without reloading the page on a timer (WCAG 2.2.1):
// asks the export's state every 2 seconds, updates the progress bar and its text in place, and
// shows the finished page (download link) once the export is done or has failed.
// Without JavaScript, the page still works: the user reloads it with its « Actualiser » link.
(() => {
  const box = document.querySelector('[data-export-etat]');
  if (!box) return;
  const url = box.getAttribute('data-export-etat');
  const bar = document.getElementById('progression-export');
  const text = document.getElementById('progression-export-texte');
  const badge = document.getElementById('etat-export');
  const labels = { queued: 'en attente', running: 'en cours', done: 'terminé', failed: 'échec' };
  const tick = async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const status = await response.json();
      if (status.state === 'done' || status.state === 'failed') {
        window.location.reload();
        return;
      }
      if (badge) badge.textContent = `État : ${labels[status.state] ?? status.state}`;
      if (bar && typeof status.total === 'number') {
        bar.max = Math.max(status.total, 1);
        bar.value = status.total === 0 ? 1 : status.done;
      }
      if (text && typeof status.total === 'number') {
        const n = status.total;
        text.textContent = `${status.done.toLocaleString('fr-FR')} sur ${n.toLocaleString('fr-FR')} ${n < 2 ? 'candidature' : 'candidatures'}`;
      }
    } catch {
      // A lost connection: try again at the next tick.
    }
    window.setTimeout(tick, 2000);
  };
  window.setTimeout(tick, 2000);
})();
