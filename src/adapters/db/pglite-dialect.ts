/**
 * A Kysely dialect for PGlite (embedded PostgreSQL).
 *
 * PGlite is a single connection. Kysely believes it has a pool, so two overlapping transactions
 * would interleave their statements on that one connection (the bug found in kysely-pglite 0.6.1,
 * which loses committed rows). This driver hands out the connection to one holder at a time:
 * every other acquirer waits in a queue until it is released. pg-boss shares the same lock through
 * `runExclusive`.
 */
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

export class ExclusiveLock {
  private tail: Promise<void> = Promise.resolve();

  /**
   * Resolves with a release function once every earlier holder has released. A wait of more than
   * 30 s is reported: on PGlite it usually means code inside a transaction used `db` instead of `trx`,
   * which can never get the connection the transaction holds.
   */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => next);
    const slow = setTimeout(() => {
      process.emitWarning('PGlite : connexion attendue depuis plus de 30 s (appel à `db` au lieu de `trx` dans une transaction ?)');
    }, 30_000);
    slow.unref();
    return previous.then(() => {
      clearTimeout(slow);
      let released = false;
      return () => {
        if (!released) {
          released = true;
          release();
        }
      };
    });
  }

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pg.query<R>(compiledQuery.sql, compiledQuery.parameters as unknown[]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && compiledQuery.query.kind !== 'SelectQueryNode'
        ? { numAffectedRows: BigInt(affected) }
        : {}),
    };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Le streaming de requêtes n’est pas pris en charge par PGlite.');
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private readonly releases = new WeakMap<DatabaseConnection, () => void>();

  constructor(
    private readonly pg: PGlite,
    private readonly lock: ExclusiveLock,
  ) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.lock.acquire();
    this.releases.set(this.connection, release);
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.releases.get(connection);
    this.releases.delete(connection);
    release?.();
  }

  async destroy(): Promise<void> {
    await this.lock.runExclusive(async () => {
      if (!this.pg.closed) await this.pg.close();
    });
  }
}

export class PGliteDialect implements Dialect {
  constructor(
    private readonly pg: PGlite,
    readonly lock: ExclusiveLock = new ExclusiveLock(),
  ) {}

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.lock);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
