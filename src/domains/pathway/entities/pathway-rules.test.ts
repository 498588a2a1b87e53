import { describe, expect, it } from 'vitest';
import { reminderDue } from './appointment.js';
import { checkDiagnosis } from './diagnosis-areas.js';
import { checkOrientationDecision, daysWaiting } from './orientation.js';
import { checkAction, checkContract } from './plan.js';
import { formerReferentMayRead } from './referent.js';
import { anonymisationDueAt, isAnonymisationDue } from './retention.js';

describe('diagnosis (SPIE-3)', () => {
  it('keeps the filled areas, refuses needs without a situation, requires one area', () => {
    expect(checkDiagnosis({ housing: { situation: 'Hébergée chez un tiers', needs: 'Logement autonome' }, health: {} })).toEqual({
      ok: true,
      entries: [{ area: 'housing', situation: 'Hébergée chez un tiers', needs: 'Logement autonome' }],
    });
    expect(checkDiagnosis({ mobility: { needs: 'Permis B' } })).toEqual({ ok: false, errors: { 'mobility.situation': 'Décrivez la situation (mobilité) avant les besoins.' } });
    expect(checkDiagnosis({})).toEqual({ ok: false, errors: { form: 'Renseignez au moins un domaine du diagnostic.' } });
  });
});

describe('orientation (SPIE-4)', () => {
  it('accepts, or refuses with a reason, only a pending request', () => {
    expect(checkOrientationDecision('pending', 'accepted', '')).toEqual({ ok: true, status: 'accepted', reason: '' });
    expect(checkOrientationDecision('pending', 'refused', ' ')).toMatchObject({ ok: false });
    expect(checkOrientationDecision('pending', 'refused', 'Hors secteur')).toEqual({ ok: true, status: 'refused', reason: 'Hors secteur' });
    expect(checkOrientationDecision('accepted', 'refused', 'Trop tard')).toMatchObject({ ok: false });
  });

  it('counts the days waiting since RSA rights opened, in calendar days', () => {
    expect(daysWaiting('2026-10-01', '2026-11-27')).toBe(57);
    expect(daysWaiting('2026-03-28', '2026-03-30')).toBe(2); // across the spring DST change
    expect(daysWaiting(null, '2026-11-27')).toBeNull();
  });
});

describe('plan (SPIE-5)', () => {
  it('an immersion needs a valid SIRET, the company and its dates in order', () => {
    expect(checkAction({ kind: 'immersion', label: 'Découverte du métier', companySiret: '123', companyName: '', startsOn: '2026-12-10', endsOn: '2026-12-01' })).toEqual({
      ok: false,
      errors: { companySiret: expect.any(String), companyName: 'Indiquez le nom de l’entreprise d’accueil.', endsOn: 'La date de fin précède la date de début.' },
    });
    const ok = checkAction({ kind: 'immersion', label: 'Découverte du métier', companySiret: '775 004 900 00145', companyName: 'Boulangerie Martin', startsOn: '2026-12-01', endsOn: '2026-12-05' });
    expect(ok).toEqual({ ok: true, action: { kind: 'immersion', label: 'Découverte du métier', companySiret: '77500490000145', companyName: 'Boulangerie Martin', startsOn: '2026-12-01', endsOn: '2026-12-05', serviceId: null } });
  });

  it('a contract has a kind and dates, the end after the start', () => {
    expect(checkContract({ kind: 'cer', startsOn: '2026-12-01', endsOn: '2027-06-01' })).toEqual({ ok: true, kind: 'cer', startsOn: '2026-12-01', endsOn: '2027-06-01' });
    expect(checkContract({ kind: 'cdi', startsOn: '2026-12-01', endsOn: '2026-12-01' })).toEqual({ ok: false, errors: { kind: 'Choisissez le type de contrat.', endsOn: 'La date de fin suit la date de début.' } });
  });
});

describe('referent, appointments, retention (SPIE-2, SPIE-8)', () => {
  it('a former referent reads for the configured days, not after', () => {
    const ended = new Date('2026-11-01T10:00:00Z');
    expect(formerReferentMayRead(ended, 90, new Date('2027-01-29T09:59:59Z'))).toBe(true);
    expect(formerReferentMayRead(ended, 90, new Date('2027-01-30T10:00:00Z'))).toBe(false);
    expect(formerReferentMayRead(ended, 0, ended)).toBe(false);
  });

  it('the reminder is due within 48 hours of a planned appointment, once', () => {
    const at = new Date('2026-12-03T09:00:00Z');
    expect(reminderDue(at, 'planned', null, new Date('2026-12-01T08:59:59Z'))).toBe(false);
    expect(reminderDue(at, 'planned', null, new Date('2026-12-01T09:00:00Z'))).toBe(true);
    expect(reminderDue(at, 'planned', new Date('2026-12-01T09:00:00Z'), new Date('2026-12-02T09:00:00Z'))).toBe(false);
    expect(reminderDue(at, 'excused', null, new Date('2026-12-02T09:00:00Z'))).toBe(false);
    expect(reminderDue(at, 'planned', null, at)).toBe(false);
  });

  it('anonymisation is due after the retention in calendar months, month ends clamped', () => {
    expect(anonymisationDueAt(new Date('2024-11-27T08:00:00Z'), 24).toISOString()).toBe('2026-11-27T08:00:00.000Z');
    expect(anonymisationDueAt(new Date('2024-08-31T08:00:00Z'), 6).toISOString()).toBe('2025-02-28T08:00:00.000Z');
    expect(isAnonymisationDue(new Date('2024-11-27T08:00:00Z'), 24, new Date('2026-11-27T07:59:59Z'))).toBe(false);
    expect(isAnonymisationDue(new Date('2024-11-27T08:00:00Z'), 24, new Date('2026-11-27T08:00:00Z'))).toBe(true);
    expect(isAnonymisationDue(null, 24, new Date())).toBe(false);
  });
});
