import { describe, expect, it } from 'vitest';
import { appointmentInvitations, checkAppointment, isoInstant, MAX_APPOINTMENT_TEXT, parisInstant } from './appointment-input.js';

const now = new Date('2026-11-27T09:00:00Z');
const form = (day: string, time: string, more: Partial<{ place: string; subject: string; professionalUserId: string }> = {}) =>
  checkAppointment({ when: { day, time }, place: 'Mission locale, Angers', subject: 'Point d’étape', professionalUserId: '7', ...more }, now);
const api = (instant: string, professionalUserId: number | undefined = 7) => checkAppointment({ when: { instant }, place: ' Angers ', subject: ' Point ', professionalUserId }, now);

describe('appointment: when (issue 5 §7, Europe/Paris)', () => {
  it('reads a day and a time on a Paris clock, winter and summer', () => {
    expect(parisInstant('2026-12-03', '14:30')?.toISOString()).toBe('2026-12-03T13:30:00.000Z');
    expect(parisInstant('2027-07-01', '09:00')?.toISOString()).toBe('2027-07-01T07:00:00.000Z');
  });

  it('refuses an hour that does not exist (spring change of time), an impossible date or time', () => {
    expect(parisInstant('2027-03-28', '02:30')).toBeNull();
    expect(parisInstant('2026-02-30', '10:00')).toBeNull();
    expect(parisInstant('2026-12-03', '24:00')).toBeNull();
    expect(form('2027-03-28', '02:30')).toEqual({ ok: false, errors: { time: 'Cette date ou cette heure n’existe pas (changement d’heure ?).' } });
  });

  it('names the missing day and time on their own fields', () => {
    expect(form('', '2 h')).toEqual({ ok: false, errors: { day: 'Indiquez la date du rendez-vous.', time: 'Indiquez l’heure du rendez-vous (hh:mm).' } });
  });

  it('takes an ISO 8601 instant only with its offset', () => {
    expect(isoInstant('2026-12-03T14:30:00+01:00')?.toISOString()).toBe('2026-12-03T13:30:00.000Z');
    expect(isoInstant('2026-12-03T13:30Z')?.toISOString()).toBe('2026-12-03T13:30:00.000Z');
    expect(isoInstant('2026-12-03 14:30')).toBeNull();
    expect(isoInstant('2026-12-03T14:30:00')).toBeNull();
    expect(api('2026-12-03T14:30')).toMatchObject({ ok: false, errors: { startsAt: expect.stringContaining('ISO 8601 avec le décalage horaire') } });
  });

  it('must be in the future, said on the day (page) or on startsAt (API)', () => {
    expect(form('2026-11-27', '10:00')).toEqual({ ok: false, errors: { day: 'Le rendez-vous doit être fixé dans le futur.' } });
    expect(form('2026-11-27', '10:01')).toMatchObject({ ok: true, appointment: { startsAt: new Date('2026-11-27T09:01:00Z') } });
    expect(api('2026-11-27T10:00:00+01:00')).toEqual({ ok: false, errors: { startsAt: 'Le rendez-vous doit être fixé dans le futur.' } });
  });
});

describe('appointment: place, subject, professional (issue 5 §7)', () => {
  it('keeps the trimmed place and subject, and the professional met', () => {
    expect(api('2026-12-03T14:30:00+01:00')).toEqual({ ok: true, appointment: { startsAt: new Date('2026-12-03T13:30:00Z'), place: 'Angers', subject: 'Point', professionalUserId: 7 } });
  });

  it('requires a place and a subject of at most 200 characters', () => {
    const long = 'x'.repeat(MAX_APPOINTMENT_TEXT + 1);
    expect(form('2026-12-03', '14:30', { place: '  ', subject: '' })).toEqual({ ok: false, errors: { place: 'Indiquez le lieu du rendez-vous.', subject: 'Indiquez l’objet du rendez-vous.' } });
    expect(form('2026-12-03', '14:30', { place: long, subject: long })).toEqual({ ok: false, errors: { place: 'Le lieu dépasse 200 caractères.', subject: 'L’objet dépasse 200 caractères.' } });
    expect(form('2026-12-03', '14:30', { place: 'x'.repeat(MAX_APPOINTMENT_TEXT) })).toMatchObject({ ok: true });
  });

  it('requires the professional met', () => {
    const refused = { ok: false, errors: { professionalUserId: 'Choisissez le professionnel rencontré.' } };
    expect(form('2026-12-03', '14:30', { professionalUserId: '' })).toEqual(refused);
    expect(form('2026-12-03', '14:30', { professionalUserId: '0' })).toEqual(refused);
    expect(api('2026-12-03T14:30:00+01:00', 0)).toEqual(refused);
  });
});

describe('appointment: invitations (issue 5 §7)', () => {
  const both = { email: 'elodie@example.test', mobile: '+33612345678' };
  const none = { email: null, mobile: null };

  it('by default, whenever the person can be reached that way', () => {
    expect(appointmentInvitations({}, both)).toEqual({ inviteEmail: true, inviteSms: true, errors: {} });
    expect(appointmentInvitations({}, { email: 'elodie@example.test', mobile: null })).toEqual({ inviteEmail: true, inviteSms: false, errors: {} });
    expect(appointmentInvitations({ email: false, sms: false }, both)).toEqual({ inviteEmail: false, inviteSms: false, errors: {} });
  });

  it('refuses a channel asked for where the person cannot be reached', () => {
    expect(appointmentInvitations({ email: true, sms: true }, none)).toEqual({
      inviteEmail: true,
      inviteSms: true,
      errors: { inviteEmail: 'Aucune adresse électronique n’est connue pour cette personne.', inviteSms: 'Aucun numéro de mobile n’est connu pour cette personne.' },
    });
  });
});
