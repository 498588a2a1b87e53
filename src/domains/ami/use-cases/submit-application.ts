/**
 * Submits an application (issue 3 §4): in one transaction, re-checks the admissibility rules and the
 * deadline (AMI-2, AMI-10…15) at the instant of submission, locks the application, records the
 * transition (AMI-20), keeps the submitted content with its SHA-256 digest, and stores the PDF receipt.
 * The confirmation mail is sent once the transaction has committed.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { renderSubmissionReceipt } from '../../../adapters/pdf/submission-receipt.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import { canonicalJson } from '../../audit/entities/audit-chain.js';
import type { Actor } from '../../identity/entities/role.js';
import {
  commitmentLetterSigners,
  contentOf,
  getApplication,
  loadSections,
  otherSubmittedForTerritory,
  territoryOf,
} from '../adapters/applications.js';
import { storeFile } from '../adapters/files.js';
import { checkAdmissibility } from '../entities/admissibility.js';
import type { RuleFailure } from '../entities/application-content.js';
import { isEditable } from '../entities/application-status.js';
import { withSubmissionWindow } from '../entities/submission-window.js';

export type SubmitResult =
  | { ok: true; submissionId: number; digest: string; receiptFileId: number; mail: { to: string[]; subject: string; text: string } }
  | { ok: false; reason: 'not_editable'; status: string }
  | { ok: false; reason: 'inadmissible'; failures: RuleFailure[] };

export function applicationReference(id: number, submittedAt: Date): string {
  const year = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric' }).format(submittedAt);
  return `SPIE-${year}-${String(id).padStart(6, '0')}`;
}

export async function submitApplication(db: Kysely<Database>, input: { applicationId: number; actor: Actor; now: Date }): Promise<SubmitResult> {
  const { applicationId, actor, now } = input;
  try {
    return await db.transaction().execute(async (trx) => {
      // The row lock serialises submissions of the same application; the unique index does the same across a territory.
      const locked = await trx.selectFrom('application').select(['status']).where('id', '=', applicationId).forUpdate().executeTakeFirstOrThrow();
      if (!isEditable(locked.status)) return { ok: false as const, reason: 'not_editable' as const, status: locked.status };
      const app = (await getApplication(trx, applicationId))!;
      const sections = await loadSections(trx, applicationId);
      const content = contentOf(sections);
      const territory = territoryOf(app);
      const signers = await commitmentLetterSigners(trx, applicationId);
      const failures = withSubmissionWindow(checkAdmissibility({
        call: {
          deadlineAt: app.deadline_at,
          maxGrantCents: app.max_grant_cents,
          minSelfFundingRateBp: app.min_self_funding_rate_bp,
          excludedTerritories: app.excluded_territories,
        },
        leadOrganisationKind: app.lead_kind,
        territory,
        content,
        commitmentLetterSigners: signers,
        otherSubmittedForTerritory: await otherSubmittedForTerritory(trx, app),
        now,
      }), locked.status, app.call_status);
      if (failures.length > 0) return { ok: false as const, reason: 'inadmissible' as const, failures };

      const attachments = await trx
        .selectFrom('application_attachment as a')
        .innerJoin('stored_file as f', 'f.id', 'a.file_id')
        .select(['a.kind', 'a.signer', 'a.filename', 'f.sha256', 'f.media_type'])
        .where('a.application_id', '=', applicationId)
        .where('a.removed_at', 'is', null)
        .orderBy('a.id')
        .execute();
      const submitted = { applicationId, callId: app.call_id, leadOrganisation: { name: app.lead_name, siret: app.lead_siret }, territory, content, attachments };
      const digest = createHash('sha256').update(canonicalJson(submitted)).digest('hex');
      const pdf = await renderSubmissionReceipt({
        callTitle: app.call_title,
        territory: { name: app.departement_name, code: app.departement_code },
        leadApplicant: { name: app.lead_name, siret: app.lead_siret },
        submittedAt: now,
        reference: applicationReference(applicationId, now),
        contentSha256: digest,
      });
      const receiptFileId = await storeFile(trx, pdf, 'application/pdf', now);
      const submission = await trx
        .insertInto('application_submission')
        .values({ application_id: applicationId, submitted_at: now, submitted_by: actor.userId, content: JSON.stringify(submitted), digest, receipt_file_id: receiptFileId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('application').set({ status: 'submitted', submitted_at: now, submitted_digest: digest }).where('id', '=', applicationId).execute();
      await trx
        .insertInto('application_transition')
        .values({ application_id: applicationId, from_status: locked.status, to_status: 'submitted', actor_user_id: actor.userId, occurred_at: now })
        .execute();
      await recordAudit(trx, {
        actorUserId: actor.userId,
        actorLabel: actor.displayName,
        action: 'application.submit',
        objectType: 'application',
        objectId: applicationId,
        summary: { digest, submissionId: submission.id },
      }, now);
      const submitter = await trx.selectFrom('app_user').select('email').where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const to = [...new Set([submitter.email, content.leadApplicant.contactEmail].filter(Boolean))];
      const reference = applicationReference(applicationId, now);
      return {
        ok: true as const,
        submissionId: submission.id,
        digest,
        receiptFileId,
        mail: {
          to,
          subject: `Candidature déposée : ${app.call_title} (${reference})`,
          text: [
            'Bonjour,',
            '',
            `La candidature ${reference} du territoire ${app.departement_name} (${app.departement_code}), portée par ${app.lead_name}, a été déposée pour l’appel « ${app.call_title} ».`,
            `Empreinte SHA-256 du dossier déposé : ${digest}`,
            '',
            'L’accusé de réception est téléchargeable depuis la page de la candidature.',
            '',
            'Service public de l’insertion et de l’emploi',
          ].join('\n'),
        },
      };
    });
  } catch (error) {
    // AMI-15 under concurrency: another application for this territory was submitted at the same moment.
    if ((error as { code?: string }).code === '23505' || /application_one_submitted_per_territory/.test(String(error))) {
      return { ok: false, reason: 'inadmissible', failures: [{ rule: 'AMI-15', field: 'territory', message: 'Une candidature a déjà été déposée pour ce territoire dans cet appel.' }] };
    }
    throw error;
  }
}
