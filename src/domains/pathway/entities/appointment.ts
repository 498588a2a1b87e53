/** Appointments of a pathway (issue 5 §7): statuses, how their date is said, and the reminder two days before. */
import { PARIS } from '../../shared/paris-time.js';

export const APPOINTMENT_STATUSES = { planned: 'Prévu', attended: 'Honoré', absent: 'Absence', excused: 'Excusé' } as const;
export type AppointmentStatus = keyof typeof APPOINTMENT_STATUSES;
export function isAppointmentStatus(value: string): value is AppointmentStatus {
  return Object.hasOwn(APPOINTMENT_STATUSES, value);
}

/** The reminder goes 48 hours before the appointment. */
export const REMINDER_HOURS_BEFORE = 48;

/** Whether a planned appointment's reminder is due at `now` (inside the 48 hours, not yet past). */
export function reminderDue(startsAt: Date, status: string, reminderSentAt: Date | null, now: Date): boolean {
  if (status !== 'planned' || reminderSentAt) return false;
  const ms = startsAt.getTime() - now.getTime();
  return ms > 0 && ms <= REMINDER_HOURS_BEFORE * 3_600_000;
}

const PARIS_LONG = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** « jeudi 3 décembre 2026 à 10:00 », Paris time (the pathway's page, the invitations). */
export function longParis(instant: Date): string {
  return PARIS_LONG.format(instant);
}
