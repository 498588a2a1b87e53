/** Messages between the benchmark driver (bench/run.ts) and the server process it forks (bench/server.ts). */
import type { DashboardFigures } from '../src/domains/organisation/adapters/dashboard.js';

export type DatabaseKind = 'postgres' | 'pglite';

/** Server process → driver. */
export type ServerMessage =
  | {
      type: 'ready';
      database: DatabaseKind;
      /** `show server_version` */
      serverVersion: string;
      /** The signed-in page of the application, and the cookie that signs the requests in. */
      pageUrl: string;
      cookie: string;
      /** The bare Fastify route running the same SQL on the same database handle. */
      bareUrl: string;
      figures: DashboardFigures;
      counts: { organisations: number; users: number };
      seedSeconds: number;
    }
  | { type: 'error'; message: string };

/** Driver → server process. */
export type DriverMessage = { type: 'stop' };

/** Environment variables the driver passes to the server process. */
export const ENV_DATABASE = 'BENCH_SERVER_DATABASE';
export const ENV_DATABASE_URL = 'BENCH_SERVER_DATABASE_URL';
