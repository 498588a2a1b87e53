/**
 * AMI-23: the grant agreement of a selected application — its amount, payment schedule (an advance
 * at signature, the balance on the final report, the share set per call) and what remains to pay.
 * Exact integer cents; a payment beyond the agreement is refused.
 */
export interface PaymentScheduleLine {
  label: string;
  cents: number;
}

export function paymentSchedule(amountCents: number, advanceRateBp: number): PaymentScheduleLine[] {
  const advance = Number((BigInt(amountCents) * BigInt(advanceRateBp)) / 10_000n);
  return [
    { label: 'Avance à la signature de la convention', cents: advance },
    { label: 'Solde à la remise du rapport final', cents: amountCents - advance },
  ];
}

/** The agreement's amount: the State grant requested, never more than the call's maximum (AMI-11). */
export function agreementAmount(stateGrantRequestedCents: number, maxGrantCents: number): number {
  return Math.min(stateGrantRequestedCents, maxGrantCents);
}

export function remainingCents(amountCents: number, paidCents: readonly number[]): number {
  return amountCents - paidCents.reduce((total, c) => total + c, 0);
}

export type PaymentCheck = { ok: true } | { ok: false; message: string };

export function checkPayment(amountCents: number, remaining: number): PaymentCheck {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return { ok: false, message: 'Le montant du versement doit être positif.' };
  if (amountCents > remaining) return { ok: false, message: 'Ce versement dépasse le montant restant dû au titre de la convention.' };
  return { ok: true };
}
