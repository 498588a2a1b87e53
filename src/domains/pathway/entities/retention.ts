/** SPIE-8: pathways closed for longer than the territory's retention (24 months by default) are anonymised. */
export const DEFAULT_RETENTION_MONTHS = 24;

/** The instant from which a pathway closed at `closedAt` is to be anonymised (calendar months, UTC). */
export function anonymisationDueAt(closedAt: Date, retentionMonths: number): Date {
  const due = new Date(closedAt.getTime());
  const day = due.getUTCDate();
  due.setUTCDate(1);
  due.setUTCMonth(due.getUTCMonth() + retentionMonths);
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due;
}

export function isAnonymisationDue(closedAt: Date | null, retentionMonths: number, now: Date): boolean {
  return closedAt !== null && now.getTime() >= anonymisationDueAt(closedAt, retentionMonths).getTime();
}
