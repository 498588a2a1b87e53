import { describe, expect, it } from 'vitest';
import { canSelectAnother } from './decision-slots.js';
import { acceptsOpinions, statusAfterOpinion } from './opinion.js';

describe('AMI-22 slots', () => {
  it('allows selections up to the number of slots, not one more', () => {
    expect(canSelectAnother(29, 30)).toBe(true);
    expect(canSelectAnother(30, 30)).toBe(false);
    expect(canSelectAnother(31, 30)).toBe(false);
  });
});

describe('AMI-20 review lifecycle', () => {
  it('opens the review with the first opinion and closes it with the collegial one', () => {
    expect(statusAfterOpinion('submitted', 'departement_prefect')).toBe('under_review');
    expect(statusAfterOpinion('under_review', 'expert')).toBe('under_review');
    expect(statusAfterOpinion('under_review', 'collegial')).toBe('opinions_given');
  });
  it('takes opinions only between submission and decision', () => {
    expect(acceptsOpinions('draft')).toBe(false);
    expect(acceptsOpinions('submitted')).toBe(true);
    expect(acceptsOpinions('selected')).toBe(false);
  });
});
