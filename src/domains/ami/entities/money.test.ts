import { describe, expect, it } from 'vitest';
import { AMOUNT_MESSAGES, formatEuros, MAX_AMOUNT_CENTS, parseEuroAmount } from './money.js';

/** Intl puts U+202F between thousands and U+00A0 before €: compare with ordinary spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('parseEuroAmount', () => {
  it.each([
    ['12 500,50', 1_250_050],
    ['12500', 1_250_000],
    ['12 500,5', 1_250_050],
    ['500 000,00 €', 50_000_000],
    ['500 000,01€', 50_000_001],
    ['12\u00a0500,50', 1_250_050],
    ['12\u202f500,50\u00a0€', 1_250_050],
    ['1\u2009234\u2009567', 123_456_700],
    ['12500.50', 1_250_050],
    ['12500.5', 1_250_050],
    ['  0,01 ', 1],
    ['0', 0],
    ['007', 700],
    ['1 000 000 000,00', MAX_AMOUNT_CENTS],
  ])('reads « %s » as %i cents', (text, cents) => {
    expect(parseEuroAmount(text)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', AMOUNT_MESSAGES.empty],
    ['   ', AMOUNT_MESSAGES.empty],
    ['-12', AMOUNT_MESSAGES.negative],
    ['−12,50 €', AMOUNT_MESSAGES.negative],
    ['12,505', AMOUNT_MESSAGES.decimals],
    ['12500.5055', AMOUNT_MESSAGES.decimals],
    ['12 500 euros', AMOUNT_MESSAGES.notANumber],
    ['douze', AMOUNT_MESSAGES.notANumber],
    ['1e5', AMOUNT_MESSAGES.notANumber],
    ['+12', AMOUNT_MESSAGES.notANumber],
    [',50', AMOUNT_MESSAGES.notANumber],
    ['12,', AMOUNT_MESSAGES.notANumber],
    ['€', AMOUNT_MESSAGES.notANumber],
    ['12.500', AMOUNT_MESSAGES.ambiguous],
    ['1.250.000', AMOUNT_MESSAGES.ambiguous],
    ['1.250,00', AMOUNT_MESSAGES.ambiguous],
    ['1,2,3', AMOUNT_MESSAGES.ambiguous],
    ['12 50,00', AMOUNT_MESSAGES.grouping],
    ['1 2500', AMOUNT_MESSAGES.grouping],
    ['1 000 000 000,01', AMOUNT_MESSAGES.tooLarge],
    ['99999999999999999999', AMOUNT_MESSAGES.tooLarge],
  ])('refuses « %s » with a French message', (text, message) => {
    expect(parseEuroAmount(text)).toEqual({ ok: false, message });
  });

  it('parses digits, never floats: 0,29 € is 29 cents (0.29 × 100 is 28.999… in floating point)', () => {
    expect(parseEuroAmount('0,29')).toEqual({ ok: true, cents: 29 });
    expect(parseEuroAmount('999 999 999,99')).toEqual({ ok: true, cents: 99_999_999_999 });
  });
});

describe('formatEuros', () => {
  it.each([
    [1_250_050, '12 500,50 €'],
    [50_000_000, '500 000,00 €'],
    [1, '0,01 €'],
    [0, '0,00 €'],
    [MAX_AMOUNT_CENTS, '1 000 000 000,00 €'],
    [-1_050, '-10,50 €'],
    [-5, '-0,05 €'],
  ])('formats %i cents as « %s »', (cents, text) => {
    expect(plain(formatEuros(cents))).toBe(text);
  });

  it('uses the non-breaking spaces of Intl fr-FR, and reads back what it writes', () => {
    expect(formatEuros(1_250_050)).toMatch(/^12[\u00a0\u202f]500,50[\u00a0\u202f]€$/);
    for (const cents of [0, 1, 99, 12_345_678, 50_000_001, MAX_AMOUNT_CENTS]) {
      expect(parseEuroAmount(formatEuros(cents))).toEqual({ ok: true, cents });
    }
  });

  it('refuses a non-integer number of cents', () => {
    expect(() => formatEuros(12.5)).toThrow(RangeError);
  });
});
