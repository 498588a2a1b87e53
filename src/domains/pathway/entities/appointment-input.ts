/**
 * What a professional asks for when fixing an appointment (issue 5 §7, plan SPIE-5), checked the same
 * way on the pathway's page and in the API, before anything is written:
 * - when: a day and a time read on a Paris clock (the page), or an ISO 8601 instant with its offset (the
 *   API) — never a guessed time zone; an hour that does not exist (spring change of time) is refused;
 *   it must be in the future;
 * - a place and a subject, each required and at most MAX_APPOINTMENT_TEXT characters;
 * - the professional met (whether they are active in the space is checked where it is written, record.ts);
 * - the invitations: by e-mail and by SMS only where the person can be reached that way.
 * Pure: no I/O.
 */
import { TZDate } from '@date-fns/tz';
import { PARIS } from '../../shared/paris-time.js';

export const MAX_APPOINTMENT_TEXT = 200;

/** A day and a time on a Paris clock (« 2026-12-03 », « 14:30 »), or an instant with its offset. */
export type AppointmentWhen = { day: string; time: string } | { instant: string };

export interface AppointmentInput {
  when: AppointmentWhen;
  place: string;
  subject: string;
  /** An id (the API), or the text of the form's field. */
  professionalUserId: number | string | undefined;
}

export type AppointmentField = 'day' | 'time' | 'startsAt' | 'place' | 'subject' | 'professionalUserId';

export type AppointmentCheck =
  | { ok: true; appointment: { startsAt: Date; place: string; subject: string; professionalUserId: number } }
  | { ok: false; errors: Partial<Record<AppointmentField, string>> };

/**
 * The instant of a day and a time read on a Paris clock; null when either is not valid, or when the
 * time does not exist that day (the spring change of time).
 */
export function parisInstant(day: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, date, hours, minutes] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (hours > 23 || minutes > 59) return null;
  const at = new TZDate(year, month - 1, date, hours, minutes, PARIS);
  if (at.getFullYear() !== year || at.getMonth() !== month - 1 || at.getDate() !== date || at.getHours() !== hours || at.getMinutes() !== minutes) return null;
  return new Date(at.getTime());
}

/** An instant with its offset (« 2026-12-03T14:30:00+01:00 », « …Z »): no guessing of a time zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isoInstant(text: string): Date | null {
  if (!INSTANT.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

const FUTURE = 'Le rendez-vous doit être fixé dans le futur.';

/** When the appointment starts, or the errors said on the fields it was given by. */
function startOf(when: AppointmentWhen, now: Date, errors: Partial<Record<AppointmentField, string>>): Date | null {
  if ('instant' in when) {
    const at = isoInstant(when.instant.trim());
    if (!at) errors.startsAt = 'Indiquez la date et l’heure au format ISO 8601 avec le décalage horaire, par exemple 2026-12-03T14:30:00+01:00.';
    else if (at.getTime() <= now.getTime()) errors.startsAt = FUTURE;
    return errors.startsAt ? null : at;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(when.day)) errors.day = 'Indiquez la date du rendez-vous.';
  if (!/^\d{2}:\d{2}$/.test(when.time)) errors.time = 'Indiquez l’heure du rendez-vous (hh:mm).';
  if (errors.day || errors.time) return null;
  const at = parisInstant(when.day, when.time);
  if (!at) errors.time = 'Cette date ou cette heure n’existe pas (changement d’heure ?).';
  else if (at.getTime() <= now.getTime()) errors.day = FUTURE;
  return errors.day || errors.time ? null : at;
}

function professionalId(value: number | string | undefined): number {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : 0;
  return /^[1-9]\d{0,15}$/.test(value ?? '') ? Number(value) : 0;
}

/** SPIE-5 / issue 5 §7: the appointment asked for, or the error of each field (French, shown next to it). */
export function checkAppointment(input: AppointmentInput, now: Date): AppointmentCheck {
  const errors: Partial<Record<AppointmentField, string>> = {};
  const startsAt = startOf(input.when, now, errors);
  const place = input.place.trim();
  const subject = input.subject.trim();
  if (!place) errors.place = 'Indiquez le lieu du rendez-vous.';
  else if (place.length > MAX_APPOINTMENT_TEXT) errors.place = `Le lieu dépasse ${MAX_APPOINTMENT_TEXT} caractères.`;
  if (!subject) errors.subject = 'Indiquez l’objet du rendez-vous.';
  else if (subject.length > MAX_APPOINTMENT_TEXT) errors.subject = `L’objet dépasse ${MAX_APPOINTMENT_TEXT} caractères.`;
  const professionalUserId = professionalId(input.professionalUserId);
  if (!professionalUserId) errors.professionalUserId = 'Choisissez le professionnel rencontré.';
  if (Object.keys(errors).length || !startsAt) return { ok: false, errors };
  return { ok: true, appointment: { startsAt, place, subject, professionalUserId } };
}

/** Where the person can be invited (appointmentContact in record.ts). */
export interface AppointmentContact {
  email: string | null;
  mobile: string | null;
}

/**
 * The invitations of an appointment: each channel asked for, or — not said — whenever the person can be
 * reached that way; and the error of a channel asked for where the person cannot be reached.
 */
export function appointmentInvitations(asked: { email?: boolean; sms?: boolean }, contact: AppointmentContact) {
  const inviteEmail = asked.email ?? contact.email !== null;
  const inviteSms = asked.sms ?? contact.mobile !== null;
  const errors: { inviteEmail?: string; inviteSms?: string } = {};
  if (inviteEmail && !contact.email) errors.inviteEmail = 'Aucune adresse électronique n’est connue pour cette personne.';
  if (inviteSms && !contact.mobile) errors.inviteSms = 'Aucun numéro de mobile n’est connu pour cette personne.';
  return { inviteEmail, inviteSms, errors };
}
