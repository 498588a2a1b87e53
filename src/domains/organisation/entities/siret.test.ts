import { describe, expect, it } from 'vitest';
import { checkSiret } from './siret.js';

describe('checkSiret', () => {
  it('accepts a SIRET whose Luhn key is right, spaces allowed', () => {
    // SIRET of the DINUM (13002526500013), published by INSEE.
    expect(checkSiret('130 025 265 00013')).toEqual({ valid: true, siret: '13002526500013' });
  });
  it('refuses a SIRET with a wrong key', () => {
    expect(checkSiret('13002526500014')).toMatchObject({ valid: false, message: expect.stringContaining('clé') });
  });
  it('refuses anything that is not 14 digits', () => {
    expect(checkSiret('1300252650001')).toMatchObject({ valid: false, message: expect.stringContaining('14 chiffres') });
    expect(checkSiret('1300252650001A')).toMatchObject({ valid: false });
  });
  it('applies La Poste’s sum-of-digits rule', () => {
    // 35600000049837: Luhn-invalid, but digits add up to 45 (divisible by 5).
    expect(checkSiret('35600000049837').valid).toBe(true);
    expect(checkSiret('35600000049838').valid).toBe(false);
  });
});
