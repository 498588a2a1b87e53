/** Composition root: database, migrations, reference and demo data, mail, jobs, web server. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './adapters/db/database.js';
import { startJobRunner, type JobRunner } from './adapters/jobs/job-runner.js';
import { outboxMailer, smtpMailer, type MailMessage } from './adapters/mail/mailer.js';
import type { AppDeps } from './adapters/web/context.js';
import { buildServer, type BuiltServer } from './adapters/web/server.js';
import { purgeExpiredSessions } from './adapters/web/session.js';
import { seedDemoData } from './demo/seed.js';
import { outboxSmsSender } from './adapters/sms/sms-sender.js';
import { registerPathwayJobs } from './adapters/jobs/pathway-jobs.js';
import { registerPeopleImportJobs } from './adapters/jobs/people-import-jobs.js';
import { registerExportWorker } from './domains/ami/adapters/exports.js';
import { sendDueReminders } from './domains/ami/use-cases/send-reminders.js';
import { loadReferenceData } from './domains/territory/adapters/reference-data.js';

export interface RunningApp extends BuiltServer {
  deps: AppDeps;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export interface AppOptions {
  /** An already opened database (tests); otherwise opened from the configuration. */
  database?: DatabaseHandle;
  clock?: () => Date;
  /** Load the 35 000 communes and 1 250 EPCI (default true; tests that do not need them skip it). */
  withCommunes?: boolean;
  /** Start the background job runner (default true). */
  jobs?: boolean;
  logger?: boolean;
}

export function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: path.join(config.dataDir, 'pglite') });
}

export const MAIL_QUEUE = 'mail-send';
export const SESSION_PURGE_QUEUE = 'session-purge';
export const REMINDERS_QUEUE = 'ami-reminders';

export async function createApp(config: Config, options: AppOptions = {}): Promise<RunningApp> {
  mkdirSync(path.join(config.dataDir, 'files'), { recursive: true });
  const database = options.database ?? (await openConfiguredDatabase(config));
  await migrateToLatest(database.db);
  await loadReferenceData(database.db, { withCommunes: options.withCommunes ?? true });
  if (config.demoData) await seedDemoData(database.db, new Date(), { catalogue: config.demoCatalogue });

  const mailer = config.smtpUrl ? smtpMailer(database.db, config.smtpUrl, config.mailFrom) : outboxMailer(database.db);
  let jobs: JobRunner | null = null;
  const deps: AppDeps = {
    config,
    db: database.db,
    databaseKind: database.kind,
    mailer,
    jobs: null,
    sms: outboxSmsSender(database.db, options.clock ?? (() => new Date())),
    clock: options.clock ?? (() => new Date()),
  };
  if (options.jobs !== false) {
    jobs = await startJobRunner(database.executor);
    await jobs.work(MAIL_QUEUE, async (data) => mailer.send(data as unknown as MailMessage));
    await jobs.work(SESSION_PURGE_QUEUE, async () => {
      await purgeExpiredSessions(deps);
    });
    await jobs.schedule(SESSION_PURGE_QUEUE, '17 * * * *');
    await registerExportWorker(jobs, database.db, deps.clock);
    // Reminders (issue 4 §7): swept every hour; each reminder is claimed in the database, so sent once.
    await jobs.work(REMINDERS_QUEUE, async () => {
      await sendDueReminders(deps.db, deps.clock(), (message) => queueMail(deps, message), config.publicUrl);
    });
    await jobs.schedule(REMINDERS_QUEUE, '5 * * * *');
    // Issue 5: appointment reminders and retention (pathway-jobs.ts), imports of RSA lists (people-import-jobs.ts).
    await registerPathwayJobs(jobs, deps);
    await registerPeopleImportJobs(jobs, deps);
    deps.jobs = jobs;
  }
  const built = await buildServer(deps, { logger: options.logger });
  return {
    ...built,
    deps,
    database,
    async close() {
      // Keep-alive connections that go idle once their in-flight response is sent are closed too,
      // so that shutdown does not wait for the keep-alive timeout.
      const sweeper = setInterval(() => built.app.server.closeIdleConnections(), 100);
      try {
        await built.app.close();
      } finally {
        clearInterval(sweeper);
      }
      await jobs?.stop();
      if (!options.database) await database.close();
    },
  };
}

/** Sends a mail in the background (retried by the job runner), or at once when no runner is started. */
export async function queueMail(deps: AppDeps, message: MailMessage): Promise<void> {
  if (deps.jobs) await deps.jobs.enqueue(MAIL_QUEUE, { ...message });
  else await deps.mailer.send(message);
}
