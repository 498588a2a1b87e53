import { describe, expect, it } from 'vitest';
import { diffSection } from './section-diff.js';

describe('diffSection', () => {
  it('lists each changed field with its value before and after', () => {
    const before = { stateGrantCents: 100, expenses: [{ label: 'Équipe', amountCents: 50 }] };
    const after = { stateGrantCents: 200, expenses: [{ label: 'Équipe', amountCents: 50 }, { label: 'Formation', amountCents: 10 }] };
    expect(diffSection(before, after)).toEqual([
      { path: 'stateGrantCents', before: '100', after: '200' },
      { path: 'expenses › 2 › label', before: '', after: 'Formation' },
      { path: 'expenses › 2 › amountCents', before: '', after: '10' },
    ]);
  });
  it('finds nothing when nothing changed', () => {
    expect(diffSection({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toEqual([]);
  });
});
