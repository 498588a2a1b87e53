import { afterEach, describe, expect, it } from 'vitest';
import { formatParisDateTime, isBeforeDeadline, parisDeadline } from './deadline.js';

const at = (iso: string) => new Date(iso);

describe('parisDeadline (AMI-2)', () => {
  it.each([
    ['2021-02-28', '2021-02-28T22:59:59.000Z'], // winter (UTC+1): vague 1 of the AMI SPIE 2021
    ['2021-10-11', '2021-10-11T21:59:59.000Z'], // summer (UTC+2): vague 2
    ['2026-03-28', '2026-03-28T22:59:59.000Z'], // the day before the spring change
    ['2026-03-29', '2026-03-29T21:59:59.000Z'], // spring change day: 02:00 → 03:00, evening in UTC+2
    ['2026-10-25', '2026-10-25T22:59:59.000Z'], // autumn change day: 03:00 → 02:00, evening in UTC+1
    ['2024-02-29', '2024-02-29T22:59:59.000Z'], // leap day
  ])('the deadline of %s is the instant %s', (day, instant) => {
    expect(parisDeadline(day).toISOString()).toBe(instant);
  });

  it('refuses a day that does not exist or is not YYYY-MM-DD', () => {
    expect(() => parisDeadline('2026-02-29')).toThrow(RangeError);
    expect(() => parisDeadline('29/03/2026')).toThrow(RangeError);
  });

  describe('whatever the server’s time zone', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });
    it.each([
      ['UTC', 0],
      ['Pacific/Kiritimati', -840],
      ['America/Los_Angeles', 480],
      ['Asia/Kolkata', -330],
    ])('TZ=%s', (tz, januaryOffsetMinutes) => {
      process.env.TZ = tz; // Node resets its time zone cache when TZ is assigned
      expect(new Date('2026-01-15T12:00:00Z').getTimezoneOffset()).toBe(januaryOffsetMinutes);
      expect(parisDeadline('2026-03-29').toISOString()).toBe('2026-03-29T21:59:59.000Z');
      expect(parisDeadline('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.000Z');
      expect(isBeforeDeadline(at('2026-10-25T22:59:59.999Z'), parisDeadline('2026-10-25'))).toBe(true);
      expect(isBeforeDeadline(at('2026-10-25T23:00:00.000Z'), parisDeadline('2026-10-25'))).toBe(false);
    });
  });
});

describe('isBeforeDeadline (AMI-2)', () => {
  // [deadline day, 23:59:59.999 Paris on that day, 00:00:00.000 Paris the next day], as UTC instants.
  it.each([
    ['winter', '2021-02-28', '2021-02-28T22:59:59.999Z', '2021-02-28T23:00:00.000Z'],
    ['summer', '2021-10-11', '2021-10-11T21:59:59.999Z', '2021-10-11T22:00:00.000Z'],
    ['spring DST change', '2026-03-29', '2026-03-29T21:59:59.999Z', '2026-03-29T22:00:00.000Z'],
    ['autumn DST change', '2026-10-25', '2026-10-25T22:59:59.999Z', '2026-10-25T23:00:00.000Z'],
  ])('%s (%s): 23:59:59 Paris accepted, 00:00:00 the next day refused', (_label, day, lastAccepted, firstRefused) => {
    const deadline = parisDeadline(day);
    expect(isBeforeDeadline(at(lastAccepted), deadline)).toBe(true);
    expect(isBeforeDeadline(new Date(deadline.getTime()), deadline)).toBe(true); // 23:59:59.000
    expect(isBeforeDeadline(at(firstRefused), deadline)).toBe(false);
    expect(isBeforeDeadline(new Date(at(firstRefused).getTime() + 86_400_000), deadline)).toBe(false);
  });

  it('accepts anything well before the deadline', () => {
    expect(isBeforeDeadline(at('2020-12-16T08:00:00Z'), parisDeadline('2021-02-28'))).toBe(true);
  });

  it('takes the whole second of a deadline stored with milliseconds', () => {
    const deadline = at('2021-02-28T22:59:59.400Z');
    expect(isBeforeDeadline(at('2021-02-28T22:59:59.999Z'), deadline)).toBe(true);
    expect(isBeforeDeadline(at('2021-02-28T23:00:00.000Z'), deadline)).toBe(false);
  });
});

describe('formatParisDateTime', () => {
  it('reads the instant on a Paris clock', () => {
    expect(formatParisDateTime(parisDeadline('2021-02-28'))).toBe('28 février 2021 à 23:59:59');
    expect(formatParisDateTime(parisDeadline('2026-03-29'))).toBe('29 mars 2026 à 23:59:59');
  });
});
