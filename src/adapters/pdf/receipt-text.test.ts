import { describe, expect, it } from 'vitest';
import { digestLines, formatParisTimestamp, formatSiret, winAnsi } from './receipt-text.js';

describe('formatParisTimestamp', () => {
  it('formats in Europe/Paris, winter (UTC+1) and summer (UTC+2)', () => {
    expect(formatParisTimestamp(new Date('2026-11-27T13:32:05Z'))).toBe('27 novembre 2026 à 14:32:05 (heure de Paris)');
    expect(formatParisTimestamp(new Date('2026-07-14T08:00:00Z'))).toBe('14 juillet 2026 à 10:00:00 (heure de Paris)');
  });

  it('writes the first day of the month « 1er », also when the UTC date is still the day before', () => {
    expect(formatParisTimestamp(new Date('2027-02-28T23:30:00Z'))).toBe('1er mars 2027 à 00:30:00 (heure de Paris)');
  });
});

describe('formatSiret', () => {
  it('groups the 14 digits 3-3-3-5, leaves anything else as given', () => {
    expect(formatSiret('22420001400010')).toBe('224 200 014 00010');
    expect(formatSiret('224 200 014 00010')).toBe('224 200 014 00010');
    expect(formatSiret('inconnu')).toBe('inconnu');
  });
});

describe('digestLines', () => {
  it('cuts 64 characters into two lines of 32', () => {
    const digest = 'a'.repeat(32) + 'b'.repeat(32);
    expect(digestLines(digest)).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
  });
});

describe('winAnsi', () => {
  it('keeps French text, œ, ’, guillemets, € and line breaks', () => {
    const text = 'Mise en œuvre « l’emploi » — 12 500,50 €\nÉgalité';
    expect(winAnsi(text)).toBe(text);
  });

  it('maps what the standard fonts cannot draw', () => {
    expect(winAnsi('12\u202f500\u2009€')).toBe('12\u00a0500\u00a0€'); // narrow and thin spaces
    expect(winAnsi('Łódź, Dąbrowa')).toBe('Lódz, Dabrowa');
    expect(winAnsi('a\tb\u0085c\u0000')).toBe('a bc'); // tab → space, controls dropped
    expect(winAnsi('Bravo 🎉')).toBe('Bravo ?');
  });
});
