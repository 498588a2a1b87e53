import { describe, expect, it } from 'vitest';
import { parisDeadline } from './deadline.js';
import { draftReminderDue, expertReminderDue } from './reminders.js';

describe('reminders (issue 4 §7)', () => {
  const deadline = parisDeadline('2026-10-25'); // the day clocks go back
  it('reminds drafts 7 days and 1 day before the deadline, in Paris days', () => {
    expect(draftReminderDue(deadline, new Date('2026-10-17T22:30:00Z'))).toBe('draft-7-days'); // 18 Oct 00:30 Paris
    expect(draftReminderDue(deadline, new Date('2026-10-17T21:30:00Z'))).toBeNull(); // 17 Oct 23:30 Paris: 8 days
    expect(draftReminderDue(deadline, new Date('2026-10-24T08:00:00Z'))).toBe('draft-1-day');
    expect(draftReminderDue(deadline, new Date('2026-10-25T08:00:00Z'))).toBeNull();
  });
  it('reminds experts 2 days before their due date', () => {
    expect(expertReminderDue('2026-12-15', new Date('2026-12-13T10:00:00Z'))).toBe(true);
    expect(expertReminderDue('2026-12-15', new Date('2026-12-12T10:00:00Z'))).toBe(false);
  });
});
