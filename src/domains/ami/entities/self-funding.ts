/**
 * AMI-12: self-funding ≥ the call's minimum rate (20 %) of the total budget (total expenses).
 * Computed exactly: rates in basis points (2000 = 20 %), products in BigInt because
 * cents × 10 000 can exceed 2^53.
 */
const BP = 10_000n;

/** AMI-12: selfFunding / totalExpenses ≥ minRateBp / 10 000, exactly. */
export function meetsSelfFundingRate(selfFundingCents: number, totalExpensesCents: number, minRateBp: number): boolean {
  return BigInt(selfFundingCents) * BP >= BigInt(minRateBp) * BigInt(totalExpensesCents);
}

/** The smallest self-funding that meets the rate: ⌈total × rate / 10 000⌉ cents. */
export function minimumSelfFundingCents(totalExpensesCents: number, minRateBp: number): number {
  const product = BigInt(totalExpensesCents) * BigInt(minRateBp);
  return Number((product + BP - 1n) / BP);
}

/** The actual rate in basis points, rounded down (19,999 % shows as 19,99 %, never as 20 %); null for an empty budget. */
export function selfFundingRateBp(selfFundingCents: number, totalExpensesCents: number): number | null {
  if (totalExpensesCents <= 0) return null;
  return Number((BigInt(selfFundingCents) * BP) / BigInt(totalExpensesCents));
}

const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 2 });

/** « 20 % », « 19,99 % », « 12,5 % » (Intl fr-FR, with its narrow no-break space). */
export function formatRateBp(rateBp: number): string {
  return PERCENT.format(rateBp / 10_000);
}
