/** Grant agreements and payments of selected applications (AMI-23); every change audited. */
import type { Kysely } from 'kysely';
import { renderGrantAgreement } from '../../../adapters/pdf/grant-agreement.js';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import { INDICATOR_FREQUENCIES } from '../entities/application-content.js';
import { agreementAmount, checkPayment, paymentSchedule, remainingCents } from '../entities/grant-agreement.js';
import { formatEuros } from '../entities/money.js';
import { applicationReference } from '../use-cases/submit-application.js';
import { contentOf, getApplication, loadSections } from './applications.js';
import { storeFile } from './files.js';

export type AgreementResult = { ok: true; agreementId: number } | { ok: false; status: 404 | 409 | 422; message: string };

const parisDay = (d: Date) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(d);

export async function generateAgreement(db: Kysely<Database>, input: { applicationId: number; actor: Actor; now: Date }): Promise<AgreementResult> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('application').select('status').where('id', '=', input.applicationId).forUpdate().executeTakeFirst();
    if (!locked) return { ok: false as const, status: 404 as const, message: 'Candidature introuvable.' };
    if (locked.status !== 'selected') return { ok: false as const, status: 409 as const, message: 'Seule une candidature lauréate reçoit une convention.' };
    const existing = await trx.selectFrom('grant_agreement').select('id').where('application_id', '=', input.applicationId).executeTakeFirst();
    if (existing) return { ok: false as const, status: 409 as const, message: 'La convention de cette candidature a déjà été établie.' };
    const app = (await getApplication(trx, input.applicationId))!;
    const call = await trx.selectFrom('ami_call').select(['advance_rate_bp', 'agreement_months', 'max_grant_cents']).where('id', '=', app.call_id).executeTakeFirstOrThrow();
    const content = contentOf(await loadSections(trx, input.applicationId));
    const amount = agreementAmount(content.budget.stateGrantCents, call.max_grant_cents);
    if (amount <= 0) return { ok: false as const, status: 422 as const, message: 'La candidature ne demande aucune subvention.' };
    const schedule = paymentSchedule(amount, call.advance_rate_bp);
    const pdf = await renderGrantAgreement({
      reference: applicationReference(app.id, app.submitted_at ?? input.now),
      callTitle: app.call_title,
      territory: { name: app.departement_name, code: app.departement_code },
      beneficiary: { name: app.lead_name, siret: app.lead_siret, contact: content.leadApplicant.contactName },
      amountText: formatEuros(amount),
      durationMonths: call.agreement_months,
      schedule: schedule.map((l) => ({ label: l.label, amountText: formatEuros(l.cents) })),
      indicators: content.objectives.indicators.map((i) => ({
        name: i.name,
        unit: i.unit,
        baseline: i.baseline === null ? '' : String(i.baseline).replace('.', ','),
        target: i.target === null ? '' : String(i.target).replace('.', ','),
        frequency: i.frequency ? INDICATOR_FREQUENCIES[i.frequency] : '',
      })),
      generatedOn: parisDay(input.now),
    });
    const fileId = await storeFile(trx, pdf, 'application/pdf', input.now);
    const row = await trx
      .insertInto('grant_agreement')
      .values({
        application_id: input.applicationId,
        amount_cents: amount,
        advance_cents: schedule[0]!.cents,
        balance_cents: schedule[1]!.cents,
        duration_months: call.agreement_months,
        pdf_file_id: fileId,
        generated_by: input.actor.userId,
        generated_at: input.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'agreement.generate', objectType: 'application', objectId: input.applicationId, summary: { agreementId: row.id, amountCents: amount } }, input.now);
    return { ok: true as const, agreementId: row.id };
  });
}

export async function recordSignature(db: Kysely<Database>, input: { agreementId: number; signedOn: string; actor: Actor; now: Date }): Promise<AgreementResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.signedOn)) return { ok: false, status: 422, message: 'Indiquez la date de signature.' };
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('grant_agreement').set({ signed_on: input.signedOn }).where('id', '=', input.agreementId).where('signed_on', 'is', null).returning('application_id').executeTakeFirst();
    if (!updated) return { ok: false as const, status: 409 as const, message: 'Cette convention est déjà signée, ou n’existe pas.' };
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'agreement.sign', objectType: 'application', objectId: updated.application_id, summary: { agreementId: input.agreementId, signedOn: input.signedOn } }, input.now);
    return { ok: true as const, agreementId: input.agreementId };
  });
}

export type PaymentResult = { ok: true; remainingCents: number } | { ok: false; status: 404 | 409 | 422; message: string };

/** Records a payment; the agreement row is locked so that two payments cannot together exceed it. */
export async function recordPayment(
  db: Kysely<Database>,
  input: { agreementId: number; paidOn: string; amountCents: number; reference: string; actor: Actor; now: Date },
): Promise<PaymentResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.paidOn)) return { ok: false, status: 422, message: 'Indiquez la date du versement.' };
  if (!input.reference.trim()) return { ok: false, status: 422, message: 'Indiquez la référence du versement (mandat, engagement…).' };
  return db.transaction().execute(async (trx) => {
    const agreement = await trx.selectFrom('grant_agreement').select(['amount_cents', 'signed_on', 'application_id']).where('id', '=', input.agreementId).forUpdate().executeTakeFirst();
    if (!agreement) return { ok: false as const, status: 404 as const, message: 'Convention introuvable.' };
    if (!agreement.signed_on) return { ok: false as const, status: 409 as const, message: 'La convention doit être signée avant tout versement.' };
    const paid = await trx.selectFrom('grant_payment').select('amount_cents').where('agreement_id', '=', input.agreementId).execute();
    const remaining = remainingCents(agreement.amount_cents, paid.map((p) => p.amount_cents));
    const check = checkPayment(input.amountCents, remaining);
    if (!check.ok) return { ok: false as const, status: 422 as const, message: `${check.message} Reste dû : ${formatEuros(remaining)}.` };
    await trx
      .insertInto('grant_payment')
      .values({ agreement_id: input.agreementId, paid_on: input.paidOn, amount_cents: input.amountCents, reference: input.reference.trim(), recorded_by: input.actor.userId, recorded_at: input.now })
      .execute();
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'agreement.payment', objectType: 'application', objectId: agreement.application_id, summary: { agreementId: input.agreementId, amountCents: input.amountCents, paidOn: input.paidOn } }, input.now);
    return { ok: true as const, remainingCents: remaining - input.amountCents };
  });
}

export async function agreementOf(db: Kysely<Database>, applicationId: number) {
  const agreement = await db.selectFrom('grant_agreement').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
  if (!agreement) return null;
  const payments = await db.selectFrom('grant_payment').selectAll().where('agreement_id', '=', agreement.id).orderBy('paid_on').orderBy('id').execute();
  return { agreement, payments, remainingCents: remainingCents(agreement.amount_cents, payments.map((p) => p.amount_cents)) };
}
