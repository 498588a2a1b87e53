/**
 * The review of submitted applications (issue 4): opinions, expert invitations, national decision.
 * Every change records a transition when the status moves (AMI-20) and an audit entry.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { MailMessage } from '../../../adapters/mail/mailer.js';
import { renderDecisionLetter } from '../../../adapters/pdf/decision-letter.js';
import { applicationReference } from '../use-cases/submit-application.js';
import { getApplication } from './applications.js';
import { storeFile } from './files.js';
import { openSpaceForApplication } from '../../pathway/adapters/spaces.js';
import type { Actor } from '../../identity/entities/role.js';
import { canSelectAnother, slotsMessage } from '../entities/decision-slots.js';
import { acceptsOpinions, statusAfterOpinion, type OpinionKind, type OpinionVerdict } from '../entities/opinion.js';

export type ReviewResult = { ok: true } | { ok: false; status: 409 | 422; message: string };
export type DecisionResult = { ok: true; mail: MailMessage } | { ok: false; status: 409 | 422; message: string };

export async function recordOpinion(
  db: Kysely<Database>,
  input: { applicationId: number; actor: Actor; kind: OpinionKind; verdict: OpinionVerdict | null; reasons: string; confidential: boolean; now: Date },
): Promise<ReviewResult> {
  const reasons = input.reasons.trim();
  if (!reasons) return { ok: false, status: 422, message: 'Motivez votre avis en quelques phrases.' };
  if (input.kind !== 'expert' && !input.verdict) return { ok: false, status: 422, message: 'Choisissez un avis : favorable, réservé ou défavorable.' };
  return db.transaction().execute(async (trx) => {
    const app = await trx.selectFrom('application').select('status').where('id', '=', input.applicationId).forUpdate().executeTakeFirstOrThrow();
    if (!acceptsOpinions(app.status)) return { ok: false as const, status: 409 as const, message: 'Cette candidature ne reçoit pas d’avis dans son état actuel.' };
    await trx
      .insertInto('application_opinion')
      .values({
        application_id: input.applicationId,
        author_user_id: input.actor.userId,
        kind: input.kind,
        verdict: input.verdict,
        reasons,
        confidential: input.kind === 'expert' ? input.confidential : false,
        created_at: input.now,
      })
      .execute();
    const next = statusAfterOpinion(app.status, input.kind);
    if (next !== app.status) {
      await trx.updateTable('application').set({ status: next }).where('id', '=', input.applicationId).execute();
      await trx.insertInto('application_transition').values({ application_id: input.applicationId, from_status: app.status, to_status: next, actor_user_id: input.actor.userId, occurred_at: input.now }).execute();
    }
    await recordAudit(trx, {
      actorUserId: input.actor.userId,
      actorLabel: input.actor.displayName,
      action: 'application.opinion',
      objectType: 'application',
      objectId: input.applicationId,
      // The audit trail names the kind and verdict, never the confidential reasons.
      summary: { kind: input.kind, verdict: input.verdict, confidential: input.kind === 'expert' ? input.confidential : false },
    }, input.now);
    return { ok: true as const };
  });
}

export async function inviteExpert(
  db: Kysely<Database>,
  input: { applicationId: number; expertEmail: string; dueOn: string; actor: Actor; now: Date },
): Promise<ReviewResult & { expertUserId?: number }> {
  const expert = await db
    .selectFrom('app_user as u')
    .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', input.expertEmail.trim().toLowerCase()))
    .where('r.role', '=', 'expert')
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!expert) return { ok: false, status: 422, message: 'Aucun expert n’a cette adresse électronique.' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn)) return { ok: false, status: 422, message: 'Indiquez la date attendue de la contribution.' };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('expert_invitation')
      .values({ application_id: input.applicationId, expert_user_id: expert.id, invited_by: input.actor.userId, due_on: input.dueOn, invited_at: input.now })
      .onConflict((oc) => oc.columns(['application_id', 'expert_user_id']).doUpdateSet({ due_on: input.dueOn }))
      .execute();
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'application.inviteExpert', objectType: 'application', objectId: input.applicationId, summary: { expertUserId: expert.id, dueOn: input.dueOn } }, input.now);
  });
  return { ok: true, expertUserId: expert.id };
}

/** Opinions of an application; confidential ones only for those allowed to read them (AMI-21). */
export async function listOpinions(db: Kysely<Database>, applicationId: number, options: { includeConfidential: boolean }) {
  let q = db
    .selectFrom('application_opinion as o')
    .innerJoin('app_user as u', 'u.id', 'o.author_user_id')
    .select(['o.id', 'o.kind', 'o.verdict', 'o.reasons', 'o.confidential', 'o.created_at', 'u.given_name', 'u.family_name'])
    .where('o.application_id', '=', applicationId);
  if (!options.includeConfidential) q = q.where('o.confidential', '=', false);
  return q.orderBy('o.id').execute();
}

/** Records the national decision (AMI-22), with the decision letter (PDF) and the mail that notifies the applicant. */
export async function decide(
  db: Kysely<Database>,
  input: { applicationId: number; decision: 'selected' | 'not_selected'; reasons: string; actor: Actor; now: Date },
): Promise<DecisionResult> {
  const reasons = input.reasons.trim();
  if (!reasons) return { ok: false, status: 422, message: 'Motivez la décision.' };
  return db.transaction().execute(async (trx) => {
    const app = await trx.selectFrom('application').select(['status', 'call_id']).where('id', '=', input.applicationId).forUpdate().executeTakeFirstOrThrow();
    if (app.status !== 'opinions_given') return { ok: false as const, status: 409 as const, message: 'La décision suit l’avis collégial : cette candidature n’est pas prête à être décidée.' };
    // The call row is locked so that two decisions at once cannot both take the last slot (AMI-22).
    const call = await trx.selectFrom('ami_call').select(['laureate_slots']).where('id', '=', app.call_id).forUpdate().executeTakeFirstOrThrow();
    if (input.decision === 'selected') {
      const selected = await trx.selectFrom('application_decision').select((eb) => eb.fn.countAll<number>().as('n')).where('call_id', '=', app.call_id).where('decision', '=', 'selected').executeTakeFirstOrThrow();
      const count = Number(selected.n);
      if (!canSelectAnother(count, call.laureate_slots)) return { ok: false as const, status: 422 as const, message: slotsMessage(count, call.laureate_slots) };
    }
    const details = (await getApplication(trx, input.applicationId))!;
    const reference = applicationReference(input.applicationId, details.submitted_at ?? input.now);
    const letter = await renderDecisionLetter({
      reference,
      callTitle: details.call_title,
      territory: { name: details.departement_name, code: details.departement_code },
      beneficiaryName: details.lead_name,
      selected: input.decision === 'selected',
      reasons,
      decidedOn: new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(input.now),
    });
    const letterFileId = await storeFile(trx, letter, 'application/pdf', input.now);
    await trx
      .insertInto('application_decision')
      .values({ application_id: input.applicationId, call_id: app.call_id, decision: input.decision, reasons, decided_by: input.actor.userId, decided_at: input.now, letter_file_id: letterFileId })
      .execute();
    await trx.updateTable('application').set({ status: input.decision }).where('id', '=', input.applicationId).execute();
    await trx.insertInto('application_transition').values({ application_id: input.applicationId, from_status: app.status, to_status: input.decision, actor_user_id: input.actor.userId, occurred_at: input.now, reason: reasons }).execute();
    // Issue 5 §1: a selected territory becomes an operating space, with its consortium as member organisations.
    if (input.decision === 'selected') await openSpaceForApplication(trx, input.applicationId, input.now);
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'application.decide', objectType: 'application', objectId: input.applicationId, summary: { decision: input.decision } }, input.now);
    const author = await trx.selectFrom('app_user').select('email').innerJoin('application', 'application.created_by', 'app_user.id').where('application.id', '=', input.applicationId).executeTakeFirstOrThrow();
    const mail: MailMessage = {
      to: author.email,
      subject: `Décision sur la candidature ${reference} : ${input.decision === 'selected' ? 'retenue' : 'non retenue'}`,
      text: `Bonjour,\n\nLa décision nationale sur la candidature ${reference} (${details.departement_name}) a été prise : ${input.decision === 'selected' ? 'elle est retenue' : 'elle n’est pas retenue'}.\nLa lettre de décision est téléchargeable depuis la page de la candidature.\n\nService public de l’insertion et de l’emploi`,
    };
    return { ok: true as const, mail };
  });
}

/** The comparative table of a call (AMI-22): territory, region, opinions, State grant requested, decision. */
export async function callComparison(db: Kysely<Database>, callId: number) {
  const rows = await db
    .selectFrom('application as a')
    .innerJoin('departement as d', 'd.code', 'a.departement_code')
    .innerJoin('region as r', 'r.code', 'd.region_code')
    .innerJoin('organisation as o', 'o.id', 'a.lead_organisation_id')
    .leftJoin('application_section as b', (j) => j.onRef('b.application_id', '=', 'a.id').on('b.section', '=', 'budget'))
    .leftJoin('application_decision as dec', 'dec.application_id', 'a.id')
    .select(['a.id', 'a.status', 'a.departement_code', 'd.name as departement_name', 'r.name as region_name', 'o.name as lead_name', 'b.content as budget', 'dec.decision'])
    .where('a.call_id', '=', callId)
    .where('a.status', 'not in', ['draft', 'withdrawn'])
    .orderBy('a.departement_code')
    .execute();
  const opinions = rows.length
    ? await db
        .selectFrom('application_opinion')
        .select(['application_id', 'kind', 'verdict'])
        .where('application_id', 'in', rows.map((r) => r.id))
        .where('kind', '!=', 'expert')
        .orderBy('id')
        .execute()
    : [];
  return rows.map((r) => ({
    ...r,
    stateGrantCents: Number((r.budget as { stateGrantCents?: number } | null)?.stateGrantCents ?? 0),
    opinions: opinions.filter((o) => o.application_id === r.id).map((o) => ({ kind: o.kind, verdict: o.verdict })),
  }));
}

/** Reviewers return a submitted application for completion (AMI-20); its authors edit and submit it again. */
export async function returnForCompletion(
  db: Kysely<Database>,
  input: { applicationId: number; reason: string; actor: Actor; now: Date },
): Promise<ReviewResult> {
  const reason = input.reason.trim();
  if (!reason) return { ok: false, status: 422, message: 'Indiquez ce que le porteur doit compléter.' };
  return db.transaction().execute(async (trx) => {
    const app = await trx.selectFrom('application').select('status').where('id', '=', input.applicationId).forUpdate().executeTakeFirstOrThrow();
    if (app.status !== 'submitted' && app.status !== 'under_review') {
      return { ok: false as const, status: 409 as const, message: 'Seule une candidature déposée ou en instruction peut être renvoyée pour complément.' };
    }
    await trx.updateTable('application').set({ status: 'returned' }).where('id', '=', input.applicationId).execute();
    await trx.insertInto('application_transition').values({ application_id: input.applicationId, from_status: app.status, to_status: 'returned', actor_user_id: input.actor.userId, occurred_at: input.now, reason }).execute();
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'application.return', objectType: 'application', objectId: input.applicationId, summary: { from: app.status } }, input.now);
    return { ok: true as const };
  });
}
