/**
 * What the benches of one operation against its bare SQL share (bench/find-people.ts,
 * bench/search-services.ts): nearest-rank percentiles, a Kysely that reports the statements it sends
 * (to replay them bare), the machine's load, and running on BENCH_DATABASE_URL or a throwaway
 * PostgreSQL (bench/postgres.ts).
 */
import { availableParallelism, loadavg } from 'node:os';
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/adapters/db/schema.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from './postgres.js';

/** Nearest-rank percentile of sorted values (NaN for none). */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export interface Stats {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN, n: sorted.length };
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;

/** A Kysely on its own pool (int8 as numbers, dates as text, like the application's) calling `onQuery` with each statement it sends. */
export function tracingKysely(url: string, onQuery: (query: CompiledQuery) => void): Kysely<Database> {
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser;
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2, types: { getTypeParser } }) }),
    log: (event) => {
      if (event.level === 'query') onQuery(event.query);
    },
  });
}

/**
 * Runs `bench` on BENCH_DATABASE_URL, or else on a throwaway PostgreSQL on `port` (stopped after, and
 * on Ctrl-C), printing the machine's load before and after; exit code 0 when the bench met its target.
 */
export async function runOnPostgres(options: { port: number; generated: string }, bench: (url: string) => Promise<boolean>): Promise<number> {
  console.log(`Charge de la machine au départ : ${loadavg()[0]!.toFixed(2)} (1 min, ${availableParallelism()} processeurs).`);
  let throwaway: ThrowawayPostgres | null = null;
  let url = process.env.BENCH_DATABASE_URL;
  if (url) console.log(`PostgreSQL : base de BENCH_DATABASE_URL (les ${options.generated} générés y restent : un second passage les réutilise).`);
  else {
    console.log(`PostgreSQL : serveur jetable sur le port ${options.port} (.ci/postgres.sh, BENCH_PG_PORT pour en changer)…`);
    throwaway = await startThrowawayPostgres(options.port);
    url = throwaway.url;
  }
  process.once('SIGINT', () => void (throwaway?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
  try {
    return (await bench(url)) ? 0 : 1;
  } finally {
    await throwaway?.stop();
    console.log(`Charge de la machine à la fin : ${loadavg()[0]!.toFixed(2)}.`);
  }
}
