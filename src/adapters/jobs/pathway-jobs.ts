/**
 * Scheduled jobs of the territory's SPIE (issue 5): appointment reminders two days before (§7), every
 * hour, and the anonymisation of pathways closed longer than the retention (§12, SPIE-8), every night.
 * pg-boss runs a scheduled job once across instances; the use-cases claim their rows besides.
 */
import { queueMail } from '../../app.js';
import { sendAppointmentReminders } from '../../domains/pathway/use-cases/appointment-reminders.js';
import { anonymiseDuePeople } from '../../domains/pathway/use-cases/retention.js';
import type { AppDeps } from '../web/context.js';
import type { JobRunner } from './job-runner.js';

export const APPOINTMENT_REMINDERS_QUEUE = 'pathway-appointment-reminders';
export const RETENTION_QUEUE = 'pathway-retention';

export async function registerPathwayJobs(jobs: JobRunner, deps: AppDeps): Promise<void> {
  await jobs.work(APPOINTMENT_REMINDERS_QUEUE, async () => ({
    reminded: await sendAppointmentReminders({ db: deps.db, sendMail: (m) => queueMail(deps, m), sms: deps.sms, publicUrl: deps.config.publicUrl }, deps.clock()),
  }));
  await jobs.schedule(APPOINTMENT_REMINDERS_QUEUE, '25 * * * *');
  await jobs.work(RETENTION_QUEUE, async () => ({ anonymised: await anonymiseDuePeople(deps.db, deps.clock()) }));
  await jobs.schedule(RETENTION_QUEUE, '40 3 * * *');
}
