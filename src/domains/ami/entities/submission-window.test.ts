import { describe, expect, it } from 'vitest';
import { withSubmissionWindow } from './submission-window.js';

const late = { rule: 'AMI-15' as const, field: 'deadline', message: 'La date limite est passée.' };
const budget = { rule: 'AMI-14' as const, field: 'budget', message: 'Déséquilibré.' };

describe('submission window (AMI-2, AMI-20)', () => {
  it('refuses a first submission after the deadline or once the call is closed', () => {
    expect(withSubmissionWindow([late], 'draft', 'published')).toEqual([late]);
    expect(withSubmissionWindow([], 'draft', 'closed')).toMatchObject([{ rule: 'AMI-2', field: 'deadline' }]);
  });
  it('lets an application returned for completion be submitted again after the deadline, other rules still apply', () => {
    expect(withSubmissionWindow([late, budget], 'returned', 'closed')).toEqual([budget]);
  });
});
