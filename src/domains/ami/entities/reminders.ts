/**
 * Which reminders are due (issue 4 §7), counted in Paris calendar days: applicants with a draft
 * 7 days and 1 day before the call's deadline; experts 2 days before their due date.
 */
const PARIS_DAY = new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris' }); // YYYY-MM-DD

export function parisDayOf(instant: Date): string {
  return PARIS_DAY.format(instant);
}

/** Whole calendar days from `fromDay` to `toDay` (YYYY-MM-DD), independent of time zones and DST. */
export function daysBetween(fromDay: string, toDay: string): number {
  const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(toDay) - utc(fromDay)) / 86_400_000);
}

export type DraftReminder = 'draft-7-days' | 'draft-1-day';

export function draftReminderDue(deadlineAt: Date, now: Date): DraftReminder | null {
  const days = daysBetween(parisDayOf(now), parisDayOf(deadlineAt));
  if (days === 7) return 'draft-7-days';
  if (days === 1) return 'draft-1-day';
  return null;
}

export function expertReminderDue(dueOn: string, now: Date): boolean {
  return daysBetween(parisDayOf(now), dueOn) === 2;
}
