/** Everything the application page (and the API) shows: content, admissibility checklist, quality signals. */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import {
  commitmentLetterSigners,
  contentOf,
  getApplication,
  loadSections,
  otherSubmittedForTerritory,
  territoryOf,
} from '../adapters/applications.js';
import { listAttachments } from '../adapters/attachments.js';
import { checkAdmissibility } from '../entities/admissibility.js';
import { qualitySignals } from '../entities/quality-signals.js';
import { withSubmissionWindow } from '../entities/submission-window.js';

export async function applicationOverview(db: Kysely<Database>, id: number, now: Date) {
  const app = await getApplication(db, id);
  if (!app) return null;
  const sections = await loadSections(db, id);
  const content = contentOf(sections);
  const territory = territoryOf(app);
  const failures = withSubmissionWindow(checkAdmissibility({
    call: { deadlineAt: app.deadline_at, maxGrantCents: app.max_grant_cents, minSelfFundingRateBp: app.min_self_funding_rate_bp, excludedTerritories: app.excluded_territories },
    leadOrganisationKind: app.lead_kind,
    territory,
    content,
    commitmentLetterSigners: await commitmentLetterSigners(db, id),
    otherSubmittedForTerritory: await otherSubmittedForTerritory(db, app),
    now,
  }), app.status, app.call_status);
  const attachments = await listAttachments(db, id);
  const collaborators = await db.selectFrom('application_collaborator').select(['email', 'invited_at']).where('application_id', '=', id).orderBy('invited_at').execute();
  const transitions = await db
    .selectFrom('application_transition as t')
    .innerJoin('app_user as u', 'u.id', 't.actor_user_id')
    .select(['t.from_status', 't.to_status', 't.occurred_at', 't.reason', 'u.given_name', 'u.family_name'])
    .where('t.application_id', '=', id)
    .orderBy('t.id')
    .execute();
  const submission = await db
    .selectFrom('application_submission')
    .select(['id', 'submitted_at', 'digest', 'receipt_file_id'])
    .where('application_id', '=', id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return { app, sections, content, territory, failures, signals: qualitySignals({ content, territory }), attachments, collaborators, transitions, submission };
}

export type ApplicationOverview = NonNullable<Awaited<ReturnType<typeof applicationOverview>>>;
