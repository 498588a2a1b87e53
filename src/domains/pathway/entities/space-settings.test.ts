import { describe, expect, it } from 'vitest';
import { checkSpaceSettings } from './space-settings.js';

describe('space settings (SPIE-2, SPIE-8)', () => {
  it('accepts whole numbers inside the bounds, the edges included', () => {
    expect(checkSpaceSettings({ retentionMonths: '24', formerReferentDays: '90' })).toEqual({ ok: true, settings: { retentionMonths: 24, formerReferentDays: 90 } });
    expect(checkSpaceSettings({ retentionMonths: '1', formerReferentDays: '0' })).toEqual({ ok: true, settings: { retentionMonths: 1, formerReferentDays: 0 } });
    expect(checkSpaceSettings({ retentionMonths: '120', formerReferentDays: '3650' })).toMatchObject({ ok: true });
  });

  it('refuses what is out of bounds or not a whole number, next to each field', () => {
    expect(checkSpaceSettings({ retentionMonths: '0', formerReferentDays: '3651' })).toEqual({
      ok: false,
      errors: { retentionMonths: 'Indiquez une durée de conservation entière, de 1 à 120 mois.', formerReferentDays: 'Indiquez un nombre entier de jours, de 0 à 3 650.' },
    });
    expect(checkSpaceSettings({ retentionMonths: '12,5', formerReferentDays: '' })).toMatchObject({ ok: false, errors: { retentionMonths: expect.any(String), formerReferentDays: expect.any(String) } });
  });
});
