/**
 * A throwaway PostgreSQL 15 for the benchmark, started and stopped with the functions of
 * .ci/postgres.sh (initdb in a temporary folder, 127.0.0.1 only, fsync off).
 */
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopServer(dir: string): Promise<void> {
  await run('bash', ['-c', 'source .ci/postgres.sh && pg_throwaway_stop'], {
    cwd: repoRoot,
    env: { ...process.env, PG_THROWAWAY_DIR: dir },
    timeout: 60_000,
  });
}

/** Starts the server, or throws with the reason (the caller goes on with PGlite only). */
export async function startThrowawayPostgres(port: number): Promise<ThrowawayPostgres> {
  if (await portInUse(port)) throw new Error(`le port ${port} est déjà occupé (BENCH_PG_PORT pour en choisir un autre).`);
  // pg_throwaway_start does not report failures in its status: print the folder anyway, then check the server answers.
  const script = `source .ci/postgres.sh && pg_throwaway_start ${port}; echo "PG_THROWAWAY_DIR=$PG_THROWAWAY_DIR"`;
  const { stdout, stderr } = await run('bash', ['-c', script], { cwd: repoRoot, timeout: 120_000 });
  const dir = /^PG_THROWAWAY_DIR=(.+)$/m.exec(stdout)?.[1]?.trim();
  if (!dir) throw new Error(`démarrage impossible : ${stderr.trim() || stdout.trim()}`);
  const url = `postgres://spie@127.0.0.1:${port}/spie`;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    await stopServer(dir).catch(() => undefined);
    throw new Error(`le serveur ne répond pas (${String(error)}). ${stderr.trim()}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
  return { url, stop: () => stopServer(dir) };
}
