/**
 * Background jobs on the database itself (pg-boss), on PostgreSQL or on PGlite alike:
 * jobs survive a restart, and a scheduled job runs once even with several app instances.
 */
import PgBoss from 'pg-boss';
import type { SqlExecutor } from '../db/database.js';

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

export interface JobRunner {
  /** Queues a job; it runs in the background, retried on failure. */
  enqueue(queue: string, data: Record<string, unknown>): Promise<string | null>;
  /** Runs a queue's job on a cron schedule (Europe/Paris), once across all app instances. */
  schedule(queue: string, cron: string): Promise<void>;
  /** Registers the handler that runs the jobs of a queue. */
  work(queue: string, handler: JobHandler): Promise<void>;
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
          for (const job of jobs) await handler(job.data);
        },
      );
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
