import { describe, expect, it } from 'vitest';
import { startOfNextParisDay, startOfParisDay } from './paris-time.js';

describe('Paris calendar days', () => {
  it('starts a winter day at 23:00 UTC the day before', () => {
    expect(startOfParisDay('2026-01-15')?.toISOString()).toBe('2026-01-14T23:00:00.000Z');
  });
  it('starts a summer day at 22:00 UTC the day before', () => {
    expect(startOfParisDay('2026-07-15')?.toISOString()).toBe('2026-07-14T22:00:00.000Z');
  });
  it('has a 23-hour day when clocks go forward (29 March 2026)', () => {
    const start = startOfParisDay('2026-03-29')!;
    const next = startOfNextParisDay('2026-03-29')!;
    expect((next.getTime() - start.getTime()) / 3_600_000).toBe(23);
  });
  it('refuses dates that do not exist', () => {
    expect(startOfParisDay('2026-02-30')).toBeNull();
    expect(startOfParisDay('27/11/2026')).toBeNull();
  });
});
