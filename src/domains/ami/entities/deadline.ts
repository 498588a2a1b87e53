/**
 * AMI-2: deadlines are instants in Europe/Paris. The call's deadline is stored as the instant of
 * 23:59:59 Paris time on the deadline day; a submission is accepted up to the end of that second
 * (23:59:59.999) and refused from 00:00:00 the next day, whatever the server's time zone.
 */
import { TZDate } from '@date-fns/tz';
import { PARIS, startOfParisDay } from '../../shared/paris-time.js';

/** The instant of 23:59:59 Paris time on the given day (YYYY-MM-DD). Throws on a date that does not exist. */
export function parisDeadline(isoDate: string): Date {
  const start = startOfParisDay(isoDate);
  if (!start) throw new RangeError(`Date limite invalide : ${isoDate}`);
  const day = new TZDate(start.getTime(), PARIS);
  return new Date(new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), 23, 59, 59, PARIS).getTime());
}

/** AMI-2: true while `now` is before the end of the deadline's second. */
export function isBeforeDeadline(now: Date, deadlineAt: Date): boolean {
  const endOfDeadlineSecond = Math.floor(deadlineAt.getTime() / 1000) * 1000 + 1000;
  return now.getTime() < endOfDeadlineSecond;
}

const PARIS_DATE_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, dateStyle: 'long', timeStyle: 'medium' });

/** « 28 février 2021 à 23:59:59 » — an instant as read on a Paris clock, for messages. */
export function formatParisDateTime(instant: Date): string {
  return PARIS_DATE_TIME.format(instant);
}
