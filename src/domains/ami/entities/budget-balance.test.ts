import { describe, expect, it } from 'vitest';
import type { BudgetSection } from './application-content.js';
import { budgetTotals, isBudgetBalanced } from './budget-balance.js';

const budget: BudgetSection = {
  expenses: [
    { category: 'animation_team', label: 'Coordinatrice', year: 2021, amountCents: 60_000_000 },
    { category: 'training', label: 'Formation des référents', year: 2022, amountCents: 40_000_001 },
  ],
  stateGrantCents: 50_000_000,
  selfFundingCents: 20_000_001,
  coFunders: [
    { name: 'CAF', amountCents: 25_000_000 },
    { name: 'Région', amountCents: 5_000_000 },
  ],
};

describe('budgetTotals', () => {
  it('adds expenses, co-funders, and resources = grant + self-funding + co-funders', () => {
    expect(budgetTotals(budget)).toEqual({ expensesCents: 100_000_001, resourcesCents: 100_000_001, coFundersCents: 30_000_000 });
  });
  it('is all zeros for an empty budget', () => {
    expect(budgetTotals({ expenses: [], stateGrantCents: 0, selfFundingCents: 0, coFunders: [] })).toEqual({
      expensesCents: 0,
      resourcesCents: 0,
      coFundersCents: 0,
    });
  });
});

describe('isBudgetBalanced (AMI-14)', () => {
  it('is balanced to the cent', () => {
    expect(isBudgetBalanced(budgetTotals(budget))).toBe(true);
  });
  it('one cent short or over is unbalanced', () => {
    expect(isBudgetBalanced(budgetTotals({ ...budget, selfFundingCents: 20_000_000 }))).toBe(false);
    expect(isBudgetBalanced(budgetTotals({ ...budget, stateGrantCents: 50_000_001 }))).toBe(false);
  });
});
