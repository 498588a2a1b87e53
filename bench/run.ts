/**
 * `npm run bench`: the signed-in dashboard page against a bare Fastify route running the same SQL,
 * on PostgreSQL and on PGlite. Each database gets its own server process (bench/server.ts), so
 * autocannon, in this process, does not share the server's event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measure, summarise, warmUp, type LoadOptions, type Run, type Target } from './load.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres.js';
import { ENV_DATABASE, ENV_DATABASE_URL, type DatabaseKind, type DriverMessage, type ServerMessage } from './protocol.js';
import { printReport, type Outcome } from './report.js';

type Ready = Extract<ServerMessage, { type: 'ready' }>;

/** Other processes on the machine shift the absolute figures (less so the ratios): say how busy it was. */
function machineLoad(moment: string): string {
  return `Charge de la machine ${moment} : ${loadavg()[0]!.toFixed(2)} (moyenne sur 1 min, ${availableParallelism()} processeurs).`;
}

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} doit être un nombre positif.`);
  return value;
}

const settings: LoadOptions = {
  connections: envNumber('BENCH_CONNECTIONS', 10),
  warmupSeconds: envNumber('BENCH_WARMUP', 3),
  seconds: envNumber('BENCH_DURATION', 10),
};
const PG_PORT = envNumber('BENCH_PG_PORT', 55499);
const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
const LABELS: Record<DatabaseKind, string> = { postgres: 'PostgreSQL', pglite: 'PGlite' };

function startServer(database: DatabaseKind, databaseUrl: string | undefined): { child: ChildProcess; ready: Promise<Ready> } {
  const child = fork(SERVER, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [ENV_DATABASE]: database, [ENV_DATABASE_URL]: databaseUrl ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<Ready>((resolve, reject) => {
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'ready') resolve(message);
      else reject(new Error(message.message));
    });
    child.once('exit', (code) => reject(new Error(`le serveur de banc d’essai s’est arrêté (code ${code}).`)));
  });
  return { child, ready };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' } satisfies DriverMessage);
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Both targets must answer 200 with the same figures before anything is measured. */
async function checkTargets(ready: Ready): Promise<void> {
  const page = await fetch(ready.pageUrl, { headers: { cookie: ready.cookie }, redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200 || !html.includes('Bonjour Nadia Benali.') || !html.includes(`<td>${ready.figures.organisations}</td>`)) {
    throw new Error(`la page ${ready.pageUrl} ne montre pas le tableau de bord de Nadia Benali (statut ${page.status}).`);
  }
  const bare = await fetch(ready.bareUrl);
  if (bare.status !== 200 || JSON.stringify(await bare.json()) !== JSON.stringify(ready.figures)) {
    throw new Error(`la route nue ${ready.bareUrl} ne renvoie pas les mêmes chiffres.`);
  }
}

/**
 * Warms both targets up, then measures them in the order page, bare, bare, page (half the time
 * each): a drift during the run (the JIT still compiling PGlite's WebAssembly, caches filling)
 * weighs on both alike instead of favouring whichever is measured last.
 */
async function measureBoth(targets: Record<'page' | 'bare', Target>): Promise<Record<'page' | 'bare', Run[]>> {
  const names = { page: 'page', bare: 'route nue' };
  console.log(`  chauffe : ${settings.warmupSeconds} s sur chaque cible…`);
  await warmUp(targets.page, settings);
  await warmUp(targets.bare, settings);
  const runs: Record<'page' | 'bare', Run[]> = { page: [], bare: [] };
  for (const which of ['page', 'bare', 'bare', 'page'] as const) {
    const run = await measure(targets[which], settings.connections, settings.seconds / 2);
    console.log(`  ${names[which].padEnd(9)} ${(settings.seconds / 2).toFixed(1)} s : ${(run.requests / run.seconds).toFixed(0)} req/s`);
    runs[which].push(run);
  }
  return runs;
}

async function benchDatabase(database: DatabaseKind, databaseUrl?: string): Promise<Outcome> {
  const label = LABELS[database];
  console.log(`\n${label} : démarrage de l’application et chargement des données…`);
  const { child, ready } = startServer(database, databaseUrl);
  try {
    const info = await ready;
    console.log(
      `${label} ${info.serverVersion} : ${info.counts.organisations} organisations, ${info.counts.users} utilisateurs actifs (prêt en ${info.seedSeconds.toFixed(1)} s).`,
    );
    await checkTargets(info);
    const targets: Record<'page' | 'bare', Target> = {
      page: { url: info.pageUrl, headers: { cookie: info.cookie } },
      bare: { url: info.bareUrl },
    };
    const runs = await measureBoth(targets);
    const page = summarise(runs.page);
    const bare = summarise(runs.bare);
    return { database: label, serverVersion: info.serverVersion, page, bare };
  } catch (error) {
    return { database: label, failure: error instanceof Error ? error.message : String(error) };
  } finally {
    await stopServer(child);
  }
}

async function main(): Promise<number> {
  const outcomes: Outcome[] = [];
  let throwaway: ThrowawayPostgres | null = null;
  const stopPostgres = async () => {
    const server = throwaway;
    throwaway = null;
    await server?.stop();
  };
  process.once('SIGINT', () => void stopPostgres().finally(() => process.exit(130)));

  console.log(`Banc d’essai : ${settings.connections} connexions, ${settings.warmupSeconds} s de chauffe, ${settings.seconds} s de mesure par cible.`);
  console.log(machineLoad('au départ'));
  try {
    let url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
    if (url) console.log('PostgreSQL : base de BENCH_DATABASE_URL / DATABASE_URL (vide, ou déjà préparée par un banc d’essai ; les données y restent).');
    else {
      console.log(`PostgreSQL : démarrage d’un serveur jetable sur le port ${PG_PORT} (.ci/postgres.sh)…`);
      try {
        throwaway = await startThrowawayPostgres(PG_PORT);
        url = throwaway.url;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        console.error(`\n*** PostgreSQL indisponible : ${reason}\n*** Le banc d’essai continue avec PGlite seul.`);
        outcomes.push({ database: LABELS.postgres, failure: `PostgreSQL n’a pas pu être démarré : ${reason}` });
      }
    }
    if (url) outcomes.push(await benchDatabase('postgres', url));
    await stopPostgres(); // free its CPU before measuring PGlite
    outcomes.push(await benchDatabase('pglite'));
  } finally {
    await stopPostgres();
  }
  printReport(outcomes, settings);
  console.log(`\n${machineLoad('à la fin')}`);
  return outcomes.some((o) => 'failure' in o) ? 1 : 0;
}

process.exitCode = await main();
