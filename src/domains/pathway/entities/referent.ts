/**
 * SPIE-2: one referent at a time, every change kept; other professionals are members. A former
 * referent keeps read access for the territory's configured period after the change.
 */
export const DEFAULT_FORMER_REFERENT_DAYS = 90;

/** Until when a referent replaced at `endedAt` may still read the pathway. */
export function formerReferentReadsUntil(endedAt: Date, days: number): Date {
  return new Date(endedAt.getTime() + days * 86_400_000);
}

export function formerReferentMayRead(endedAt: Date, days: number, now: Date): boolean {
  return now.getTime() < formerReferentReadsUntil(endedAt, days).getTime();
}
