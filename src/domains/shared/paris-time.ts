/** Calendar dates and instants in Europe/Paris, whatever the server's time zone (date-fns/tz). */
import { TZDate } from '@date-fns/tz';

export const PARIS = 'Europe/Paris';

/** The instant at which a Paris calendar day (YYYY-MM-DD) starts; null if the text is not a real date. */
export function startOfParisDay(isoDate: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new TZDate(year, month - 1, day, PARIS);
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return null;
  return new Date(d.getTime());
}

/** The instant at which the Paris day after the given one starts. */
export function startOfNextParisDay(isoDate: string): Date | null {
  const start = startOfParisDay(isoDate);
  if (!start) return null;
  const d = new TZDate(start.getTime(), PARIS);
  return new Date(new TZDate(d.getFullYear(), d.getMonth(), d.getDate() + 1, PARIS).getTime());
}
