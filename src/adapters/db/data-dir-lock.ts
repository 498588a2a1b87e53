/**
 * PGlite is a single-process database: two processes opening the same folder would lose writes.
 * A lock file beside the folder, holding the owner's pid, makes the second opener stop with a clear
 * message; a lock left by a process that no longer exists is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(lockPath, 'utf8') === String(process.pid)) unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
        throw new Error(
          `La base embarquée est déjà ouverte par un autre processus (pid ${owner}). ` +
            'Arrêtez-le d’abord, ou utilisez un serveur PostgreSQL (DATABASE_URL) pour y accéder à plusieurs.',
        );
      }
      unlinkSync(lockPath); // stale: its owner is gone
    }
  }
  throw new Error(`Impossible de verrouiller ${lockPath}.`);
}
