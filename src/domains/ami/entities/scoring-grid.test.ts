import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_CRITERIA, averageTenths, checkGrid, checkMarks, formatScore, isComplete, weightedScoreTenths } from './scoring-grid.js';

describe('scoring grid of a call', () => {
  it('the default grid adds up to 100', () => {
    expect(DEFAULT_SCORING_CRITERIA.reduce((s, c) => s + c.weight, 0)).toBe(100);
  });

  it('accepts rows whose weights add up to 100, drops blank rows, gives distinct keys', () => {
    const result = checkGrid([
      { label: 'Qualité du budget', weight: '60' },
      { label: '', weight: '' },
      { label: 'Qualité   du budget', weight: '40' },
    ]);
    expect(result).toEqual({
      ok: true,
      criteria: [
        { key: 'qualite_du_budget', label: 'Qualité du budget', weight: 60 },
        { key: 'qualite_du_budget_2', label: 'Qualité   du budget', weight: 40 },
      ],
    });
  });

  it('refuses weights that do not add up to 100, naming the sum', () => {
    expect(checkGrid([{ label: 'A', weight: '50' }, { label: 'B', weight: '49' }])).toEqual({ ok: false, errors: { form: 'Les poids doivent totaliser 100 ; ils totalisent 99.' } });
  });

  it('puts each row error next to its field', () => {
    const result = checkGrid([{ label: '', weight: '50' }, { label: 'B', weight: '0' }, { label: 'C', weight: '12,5' }]);
    expect(result).toEqual({ ok: false, errors: { 'label-0': 'Nommez ce critère.', 'weight-1': 'Le poids est un nombre entier de 1 à 100.', 'weight-2': 'Le poids est un nombre entier de 1 à 100.' } });
    expect(checkGrid([{ label: '', weight: '' }])).toEqual({ ok: false, errors: { form: 'La grille compte au moins un critère.' } });
  });
});

describe('a reviewer’s marks', () => {
  const grid = DEFAULT_SCORING_CRITERIA;
  const all = (mark: string) => Object.fromEntries(grid.map((c) => [c.key, mark]));

  it('requires a whole mark from 0 to 5 for every criterion', () => {
    expect(checkMarks(grid, all('3'))).toEqual({ ok: true, marks: Object.fromEntries(grid.map((c) => [c.key, 3])) });
    const result = checkMarks(grid, { ...all('4'), budget: '6', consortium: '' });
    expect(result.ok).toBe(false);
    expect(result.ok ? {} : Object.keys(result.errors).sort()).toEqual(['budget', 'consortium']);
  });

  it('weighs the marks: 5 everywhere is 100, 0 everywhere is 0, mixed marks exactly', () => {
    const marks = (m: number) => Object.fromEntries(grid.map((c) => [c.key, m]));
    expect(weightedScoreTenths(grid, marks(5))).toBe(1000);
    expect(weightedScoreTenths(grid, marks(0))).toBe(0);
    // 25×4 + 25×3 + 20×5 + 15×2 + 15×1 = 320 → 320 / 5 = 64 points.
    const mixed = { connaissance_public: 4, principes_spie: 3, consortium: 5, objectifs: 2, budget: 1 };
    expect(weightedScoreTenths(grid, mixed)).toBe(640);
    expect(formatScore(640)).toBe('64,0 / 100');
    expect(isComplete(grid, mixed)).toBe(true);
    expect(isComplete(grid, { ...mixed, budget: undefined as unknown as number })).toBe(false);
  });

  it('averages the reviewers’ scores in tenths, half up', () => {
    expect(averageTenths([])).toBeNull();
    expect(averageTenths([640, 645])).toBe(643);
    expect(averageTenths([640, 641, 641])).toBe(641);
    expect(formatScore(835)).toBe('83,5 / 100');
  });
});
