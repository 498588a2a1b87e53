/**
 * Scheduled jobs of the territory's SPIE (issue 5): appointment reminders two days before (§7), every
 * hour, and the anonymisation of pathways closed longer than the retention (§12, SPIE-8), every night;
 * and the catalogue's review reminders (issue 6 §2), every morning.
 * pg-boss runs a scheduled job once across instances; the use-cases claim their rows besides.
 */
import { queueMail } from '../../app.js';
import { sendAppointmentReminders } from '../../domains/pathway/use-cases/appointment-reminders.js';
import { anonymiseDuePeople } from '../../domains/pathway/use-cases/retention.js';
import { sendServiceReviewReminders } from '../../domains/catalogue/use-cases/review-reminders.js';
import { sendServiceOrientationReminders } from '../../domains/catalogue/use-cases/service-orientation-reminders.js';
import type { AppDeps } from '../web/context.js';
import type { JobRunner } from './job-runner.js';

export const APPOINTMENT_REMINDERS_QUEUE = 'pathway-appointment-reminders';
export const RETENTION_QUEUE = 'pathway-retention';
export const CATALOGUE_REVIEW_QUEUE = 'catalogue-review-reminders';
export const SERVICE_ORIENTATION_QUEUE = 'service-orientation-reminders';

export async function registerPathwayJobs(jobs: JobRunner, deps: AppDeps): Promise<void> {
  await jobs.work(APPOINTMENT_REMINDERS_QUEUE, async () => ({
    reminded: await sendAppointmentReminders({ db: deps.db, sendMail: (m) => queueMail(deps, m), sms: deps.sms, publicUrl: deps.config.publicUrl }, deps.clock()),
  }));
  await jobs.schedule(APPOINTMENT_REMINDERS_QUEUE, '25 * * * *');
  await jobs.work(RETENTION_QUEUE, async () => ({ anonymised: await anonymiseDuePeople(deps.db, deps.clock()) }));
  await jobs.schedule(RETENTION_QUEUE, '40 3 * * *');
  // Issue 6 §2: services not reviewed for six months, their organisation is told once, every morning's sweep.
  await jobs.work(CATALOGUE_REVIEW_QUEUE, async () => ({ reminded: await sendServiceReviewReminders(deps.db, deps.clock(), (m) => queueMail(deps, m), deps.config.publicUrl) }));
  await jobs.schedule(CATALOGUE_REVIEW_QUEUE, '10 7 * * *');
  // Issue 6 §5: orientations to a service without answer — reminder after 10 days, expiry after 30.
  await jobs.work(SERVICE_ORIENTATION_QUEUE, async () => ({ handled: await sendServiceOrientationReminders(deps.db, deps.clock(), (m) => queueMail(deps, m), deps.config.publicUrl) }));
  await jobs.schedule(SERVICE_ORIENTATION_QUEUE, '20 7 * * *');
}
