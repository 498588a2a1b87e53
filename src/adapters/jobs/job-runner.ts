/**
 * Background jobs on the database itself (pg-boss), on PostgreSQL or on PGlite alike:
 * jobs survive a restart, and a scheduled job runs once even with several app instances.
 */
import PgBoss from 'pg-boss';
import type { SqlExecutor } from '../db/database.js';

/** What a handler returns is kept by pg-boss as the job's output (see `getJob`). */
export type JobHandler = (data: Record<string, unknown>) => Promise<unknown>;

export interface JobState {
  id: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  data: Record<string, unknown>;
  output: unknown;
}

export interface JobRunner {
  /** Queues a job; it runs in the background, retried on failure. */
  enqueue(queue: string, data: Record<string, unknown>): Promise<string | null>;
  /** Runs a queue's job on a cron schedule (Europe/Paris), once across all app instances. */
  schedule(queue: string, cron: string): Promise<void>;
  /** Registers the handler that runs the jobs of a queue. */
  work(queue: string, handler: JobHandler): Promise<void>;
  /** A job of a queue by its id, with its state and output; null if never queued or gone from pg-boss's archive. */
  getJob(queue: string, id: string): Promise<JobState | null>;
  stop(): Promise<void>;
}

export async function startJobRunner(
  executor: SqlExecutor,
  options: { pollingIntervalSeconds?: number; onError?: (error: Error) => void } = {},
): Promise<JobRunner> {
  const boss = new PgBoss({ db: executor, schema: 'pgboss' });
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  const created = new Set<string>();
  const ensureQueue = async (queue: string) => {
    if (created.has(queue)) return;
    await boss.createQueue(queue);
    created.add(queue);
  };
  return {
    async enqueue(queue, data) {
      await ensureQueue(queue);
      return boss.send(queue, data, { retryLimit: 5, retryDelay: 10, retryBackoff: true });
    },
    async schedule(queue, cron) {
      await ensureQueue(queue);
      await boss.schedule(queue, cron, {}, { tz: 'Europe/Paris' });
    },
    async work(queue, handler) {
      await ensureQueue(queue);
      await boss.work<Record<string, unknown>>(
        queue,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          // One job per fetch by default: pg-boss keeps the handler's result as that job's output.
          let output: unknown;
          for (const job of jobs) output = await handler(job.data);
          return jobs.length === 1 ? output : undefined;
        },
      );
    },
    async getJob(queue, id) {
      const job = await boss.getJobById<Record<string, unknown>>(queue, id, { includeArchive: true });
      return job ? { id: job.id, state: job.state, data: job.data, output: job.output } : null;
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
