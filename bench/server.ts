/**
 * Forked by bench/run.ts for one database: starts the application (signed-in page /tableau-de-bord)
 * and, on another port, a bare Fastify instance with no plugins whose only route runs the same
 * dashboard SQL through the same database handle. Reports "ready", then waits for "stop".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createApp, type RunningApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { seedDemoData } from '../src/demo/seed.js';
import { SESSION_COOKIE, createSession } from '../src/adapters/web/session.js';
import { organisationScope } from '../src/domains/authorization/authorize.js';
import { loadActor } from '../src/domains/identity/adapters/users.js';
import { dashboardFigures } from '../src/domains/organisation/adapters/dashboard.js';
import { ENV_DATABASE, ENV_DATABASE_URL, type DriverMessage, type ServerMessage } from './protocol.js';
import { seedBenchData } from './seed-bench-data.js';

/** The national admin of the demo data: her dashboard covers every organisation. */
const NATIONAL_ADMIN_EMAIL = 'nadia.benali@dgefp.demo.test';
const BENCH_SIZE = { organisations: 2_000, users: 10_000 };
const PATH = '/tableau-de-bord';

function send(message: ServerMessage): void {
  if (!process.send) throw new Error('bench/server.ts se lance depuis bench/run.ts (npm run bench).');
  process.send(message);
}

async function start(dataDir: string): Promise<{ app: RunningApp; stop: () => Promise<void> }> {
  const kind = process.env[ENV_DATABASE] === 'postgres' ? 'postgres' : 'pglite';
  const databaseUrl = process.env[ENV_DATABASE_URL];
  if (kind === 'postgres' && !databaseUrl) throw new Error(`${ENV_DATABASE_URL} manquant.`);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'no',
    PORT: '0',
    DATA_DIR: dataDir,
    ...(kind === 'postgres' ? { DATABASE_URL: databaseUrl } : {}),
  });

  const seedStart = performance.now();
  const app = await createApp(config, { jobs: false, withCommunes: false, logger: false });
  const db = app.database.db;
  await seedDemoData(db);
  await seedBenchData(db, BENCH_SIZE);
  await sql`analyze`.execute(db);
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const admin = await db.selectFrom('app_user').select('id').where('email', '=', NATIONAL_ADMIN_EMAIL).executeTakeFirst();
  const actor = admin && (await loadActor(db, admin.id));
  if (!admin || !actor) throw new Error(`Utilisateur ${NATIONAL_ADMIN_EMAIL} introuvable ou inactif : une base vide est attendue.`);
  const scope = organisationScope(actor);

  const bare = Fastify();
  bare.get(PATH, async () => dashboardFigures(db, scope));

  const pageBase = await app.app.listen({ port: 0, host: '127.0.0.1' });
  const bareBase = await bare.listen({ port: 0, host: '127.0.0.1' });
  const { token, state } = await createSession(app.deps, admin.id);

  const version = await sql<{ server_version: string }>`show server_version`.execute(db);
  const counts = await db
    .selectFrom('organisation')
    .select((eb) => [
      eb.fn.countAll<number>().as('organisations'),
      eb.selectFrom('app_user').select(eb.fn.countAll<number>().as('n')).where('active', '=', true).as('users'),
    ])
    .executeTakeFirstOrThrow();

  send({
    type: 'ready',
    database: kind,
    serverVersion: version.rows[0]?.server_version ?? '?',
    pageUrl: `${pageBase}${PATH}`,
    cookie: `${SESSION_COOKIE}=${token}`,
    bareUrl: `${bareBase}${PATH}`,
    figures: await dashboardFigures(db, scope),
    counts: { organisations: Number(counts.organisations), users: Number(counts.users) },
    seedSeconds,
  });

  return {
    app,
    async stop() {
      await db.deleteFrom('session').where('id_hash', '=', state.idHash).execute();
      await bare.close();
      await app.close();
    },
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'spie-bench-'));
  let stop: (() => Promise<void>) | null = null;
  let finishing = false;
  const finish = async (code: number) => {
    if (finishing) return;
    finishing = true;
    try {
      await stop?.();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(code);
    }
  };
  process.on('message', (message: DriverMessage) => {
    if (message.type === 'stop') void finish(0);
  });
  process.on('disconnect', () => void finish(0)); // the driver died: do not linger
  process.on('SIGINT', () => void finish(130));
  try {
    ({ stop } = await start(dataDir));
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    await finish(1);
  }
}

await main();
