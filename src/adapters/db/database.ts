/**
 * Opens the database: a real PostgreSQL server when a URL is given, otherwise an embedded
 * PostgreSQL (PGlite) in a folder, or in memory for tests. Same migrations, same code.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { migrationProvider } from './migrations/index.js';
import { ExclusiveLock, PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

/** What pg-boss needs to run SQL on either database. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface DatabaseHandle {
  kind: 'postgres' | 'pglite';
  db: Kysely<Database>;
  executor: SqlExecutor;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { databaseUrl: string; poolSize?: number }
  | { pgliteDir: string }
  | { inMemory: true };

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if ('databaseUrl' in options) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return (value: string) => Number(value);
          if (oid === DATE) return (value: string) => value;
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection cut by the server (restart, failover, administrator) must not crash the process:
    // the pool drops it and opens a new one on the next query.
    pool.on('error', (error) => {
      process.emitWarning(`Connexion PostgreSQL inactive fermée par le serveur : ${error.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'postgres',
      db,
      executor: { executeSql: (text, values) => pool.query(text, values) },
      close: () => db.destroy(),
    };
  }

  let unlock = () => {};
  if ('pgliteDir' in options) {
    mkdirSync(options.pgliteDir, { recursive: true });
    unlock = lockDataDir(`${options.pgliteDir.replace(/\/$/, '')}.lock`);
  }
  const pglite = new PGlite({
    ...('pgliteDir' in options ? { dataDir: options.pgliteDir } : {}),
    // pg_trgm for the catalogue's free-text search (migration 010), as PostgreSQL's contrib has it.
    extensions: { pg_trgm },
    parsers: {
      [INT8]: (value: string) => Number(value),
      [DATE]: (value: string) => value,
      [NUMERIC]: (value: string) => value,
    },
  });
  try {
    await pglite.waitReady;
  } catch (error) {
    unlock();
    throw error;
  }
  const lock = new ExclusiveLock();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, lock) });
  return {
    kind: 'pglite',
    db,
    executor: {
      executeSql: (text, values) =>
        lock.runExclusive(async () => {
          if (values && values.length > 0) return pglite.query(text, values);
          const results = await pglite.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }),
    },
    async close() {
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
  };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Échec de la migration ${failed?.migrationName ?? ''}: ${String(error)}`, { cause: error });
  }
}

export async function allMigrationsApplied(db: Kysely<Database>): Promise<boolean> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const migrations = await migrator.getMigrations();
  return migrations.every((m) => m.executedAt !== undefined);
}
