/**
 * Scheduled jobs of the territory's SPIE (issue 5): appointment reminders two days before (§7) and the
 * anonymisation of pathways closed longer than the retention (§12, SPIE-8).
 */
import type { AppDeps } from '../web/context.js';
import type { JobRunner } from './job-runner.js';

export async function registerPathwayJobs(_jobs: JobRunner, _deps: AppDeps): Promise<void> {
  // Filled in by the appointment reminders and retention work (issue 5 §7, §12).
}
