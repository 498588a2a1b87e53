/**
 * AMI-14: the budget balances — total expenses = total resources
 * (State grant requested + self-funding + other co-funders).
 * Sums of integer cents stay exact: the schema bounds them far below 2^53 (250 lines × 10^11 cents).
 */
import type { BudgetSection } from './application-content.js';

export interface BudgetTotals {
  expensesCents: number;
  /** State grant + self-funding + co-funders. */
  resourcesCents: number;
  coFundersCents: number;
}

const sum = (amounts: number[]) => amounts.reduce((total, a) => total + a, 0);

export function budgetTotals(budget: BudgetSection): BudgetTotals {
  const expensesCents = sum(budget.expenses.map((e) => e.amountCents));
  const coFundersCents = sum(budget.coFunders.map((c) => c.amountCents));
  return { expensesCents, resourcesCents: budget.stateGrantCents + budget.selfFundingCents + coFundersCents, coFundersCents };
}

/** AMI-14 */
export function isBudgetBalanced(totals: BudgetTotals): boolean {
  return totals.expensesCents === totals.resourcesCents;
}
