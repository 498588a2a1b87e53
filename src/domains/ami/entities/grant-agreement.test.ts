import { describe, expect, it } from 'vitest';
import { agreementAmount, checkPayment, paymentSchedule, remainingCents } from './grant-agreement.js';

describe('grant agreement (AMI-23)', () => {
  it('splits the amount into an advance and a balance that add up exactly', () => {
    expect(paymentSchedule(40_000_001, 5_000).map((l) => l.cents)).toEqual([20_000_000, 20_000_001]);
    expect(paymentSchedule(40_000_000, 3_000).map((l) => l.cents)).toEqual([12_000_000, 28_000_000]);
  });
  it('never agrees more than the call’s maximum', () => {
    expect(agreementAmount(60_000_000, 50_000_000)).toBe(50_000_000);
  });
  it('refuses a payment above what remains, accepts one equal to it', () => {
    const remaining = remainingCents(40_000_000, [20_000_000]);
    expect(remaining).toBe(20_000_000);
    expect(checkPayment(20_000_000, remaining)).toEqual({ ok: true });
    expect(checkPayment(20_000_001, remaining)).toMatchObject({ ok: false });
    expect(checkPayment(0, remaining)).toMatchObject({ ok: false });
  });
});
