/**
 * The databases every database test runs against: PGlite always, and a real PostgreSQL when
 * TEST_DATABASE_URL is set (CI sets it). Each test gets a database of its own.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/adapters/db/database.js';

export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, empty database; `dispose` closes and drops it. */
  open(): Promise<DatabaseHandle & { dispose(): Promise<void> }>;
}

const pgliteTarget: DatabaseTarget = {
  name: 'pglite',
  async open() {
    const handle = await openDatabase({ inMemory: true });
    return { ...handle, dispose: () => handle.close() };
  },
};

function postgresTarget(url: string): DatabaseTarget {
  return {
    name: 'postgres',
    async open() {
      const name = `spie_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const dbUrl = new URL(url);
      dbUrl.pathname = `/${name}`;
      const handle = await openDatabase({ databaseUrl: dbUrl.href, poolSize: 5 });
      return {
        ...handle,
        async dispose() {
          await handle.close();
          const drop = new pg.Client({ connectionString: url });
          await drop.connect();
          // pg's pool.end() resolves before its sockets are closed: wait for the backends to go.
          for (let i = 0; i < 50; i++) {
            const { rows } = await drop.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
            if (rows[0].n === 0) break;
            await new Promise((r) => setTimeout(r, 20));
          }
          await drop.query(`drop database if exists ${name} with (force)`);
          await drop.end();
        },
      };
    },
  };
}

export const DATABASE_TARGETS: DatabaseTarget[] = [
  pgliteTarget,
  ...(process.env.TEST_DATABASE_URL ? [postgresTarget(process.env.TEST_DATABASE_URL)] : []),
];

if (!process.env.TEST_DATABASE_URL) {
  if (process.env.CI === 'true') throw new Error('CI=true mais TEST_DATABASE_URL est absent : les tests PostgreSQL sont obligatoires en CI.');
  console.log('TEST_DATABASE_URL absent : tests de base de données sur PGlite seulement (PostgreSQL ignoré).');
}
