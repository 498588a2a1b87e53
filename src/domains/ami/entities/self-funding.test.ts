import { describe, expect, it } from 'vitest';
import { formatRateBp, meetsSelfFundingRate, minimumSelfFundingCents, selfFundingRateBp } from './self-funding.js';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('meetsSelfFundingRate (AMI-12)', () => {
  it('exactly 20,00 % passes, 19,99 % fails (total 1 000 000,00 €)', () => {
    expect(meetsSelfFundingRate(20_000_000, 100_000_000, 2000)).toBe(true);
    expect(meetsSelfFundingRate(19_990_000, 100_000_000, 2000)).toBe(false);
    expect(meetsSelfFundingRate(19_999_999, 100_000_000, 2000)).toBe(false);
  });
  it('a non-round total: 20 % of 123 457 cents is 24 691,4 cents, so 24 692 passes and 24 691 fails', () => {
    expect(minimumSelfFundingCents(123_457, 2000)).toBe(24_692);
    expect(meetsSelfFundingRate(24_692, 123_457, 2000)).toBe(true);
    expect(meetsSelfFundingRate(24_691, 123_457, 2000)).toBe(false);
  });
  it('stays exact where cents × 10 000 exceeds 2^53', () => {
    const total = Number.MAX_SAFE_INTEGER; // 9 007 199 254 740 991: 20 % is 1 801 439 850 948 198,2
    expect(minimumSelfFundingCents(total, 2000)).toBe(1_801_439_850_948_199);
    expect(meetsSelfFundingRate(1_801_439_850_948_199, total, 2000)).toBe(true);
    expect(meetsSelfFundingRate(1_801_439_850_948_198, total, 2000)).toBe(false);
  });
  it('an empty budget needs no self-funding by this rule (the admissibility check asks for the budget)', () => {
    expect(meetsSelfFundingRate(0, 0, 2000)).toBe(true);
    expect(minimumSelfFundingCents(0, 2000)).toBe(0);
  });
});

describe('selfFundingRateBp and formatRateBp', () => {
  it('rounds the rate down, so a failing rate never reads as 20 %', () => {
    expect(selfFundingRateBp(24_691, 123_457)).toBe(1999);
    expect(selfFundingRateBp(24_692, 123_457)).toBe(2000);
    expect(selfFundingRateBp(20_000_000, 100_000_000)).toBe(2000);
    expect(selfFundingRateBp(1, 0)).toBeNull();
  });
  it('formats basis points as a French percentage', () => {
    expect(plain(formatRateBp(2000))).toBe('20 %');
    expect(plain(formatRateBp(1999))).toBe('19,99 %');
    expect(plain(formatRateBp(1250))).toBe('12,5 %');
  });
});
