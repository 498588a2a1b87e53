import { describe, expect, it } from 'vitest';
import { normaliseFrenchMobile } from './sms-sender.js';

describe('French mobile numbers for SMS', () => {
  it('normalises national and international forms, refuses landlines and junk', () => {
    expect(normaliseFrenchMobile('06 12 34 56 78')).toBe('+33612345678');
    expect(normaliseFrenchMobile('+33 7.12.34.56.78')).toBe('+33712345678');
    expect(normaliseFrenchMobile('02 41 00 00 00')).toBeNull();
    expect(normaliseFrenchMobile('0612')).toBeNull();
  });
});
