/**
 * The admissibility rules of an application (domain.md §1.2, AMI-10 … AMI-15): blocking, each failure
 * with its rule id, the field to show it next to, and a French message. Pure: the clock comes in `now`.
 *
 * Order is stable: AMI-10, 11, 12, 13 (one failure per line, in line order), 14, then AMI-15's parts —
 * deadline, excluded territory, one application per territory. The excluded territory carries rule id
 * 'AMI-3' (the rule that gives the reason and the complementary track), although AMI-15 is what checks it.
 */
import type { AdmissibilityInput, CommitmentLetterSigner, RuleFailure } from './application-content.js';
import { budgetTotals, isBudgetBalanced } from './budget-balance.js';
import { formatParisDateTime, isBeforeDeadline } from './deadline.js';
import { excludedTerritoryMessage, isExcludedTerritory } from './excluded-territories.js';
import { formatEuros } from './money.js';
import { formatRateBp, meetsSelfFundingRate, minimumSelfFundingCents, selfFundingRateBp } from './self-funding.js';

const LETTER_FROM: Record<Exclude<CommitmentLetterSigner, 'other'>, string> = {
  conseil_departemental: 'du conseil départemental',
  france_travail: 'de France Travail',
};

/** AMI-10: the conseil départemental leads, or letters from both the conseil départemental and France Travail. */
function leadApplicant({ leadOrganisationKind, commitmentLetterSigners }: AdmissibilityInput): RuleFailure[] {
  if (leadOrganisationKind === 'conseil_departemental') return [];
  const missing = (['conseil_departemental', 'france_travail'] as const).filter((s) => !commitmentLetterSigners.includes(s));
  if (missing.length === 0) return [];
  const letters = missing.map((s) => LETTER_FROM[s]).join(' et ');
  const what = missing.length > 1 ? `les lettres d’engagement ${letters}` : `la lettre d’engagement ${letters}`;
  const message = `Le porteur n’est pas le conseil départemental : joignez ${what} (les deux sont requises).`;
  return [{ rule: 'AMI-10', field: 'attachments', message }];
}

/** AMI-11: State grant requested ≤ the call's maximum. */
function grantCeiling({ call, content }: AdmissibilityInput): RuleFailure[] {
  const grant = content.budget.stateGrantCents;
  if (grant <= call.maxGrantCents) return [];
  const message =
    `La subvention de l’État demandée (${formatEuros(grant)}) ` +
    `dépasse le plafond de l’appel (${formatEuros(call.maxGrantCents)}).`;
  return [{ rule: 'AMI-11', field: 'budget.stateGrantCents', message }];
}

/** AMI-12: self-funding ≥ the call's rate of the total budget; an empty budget is asked for. */
function selfFunding({ call, content }: AdmissibilityInput): RuleFailure[] {
  const { expensesCents } = budgetTotals(content.budget);
  const rate = formatRateBp(call.minSelfFundingRateBp);
  if (expensesCents === 0) {
    const message = `Renseignez le budget : ajoutez les lignes de dépense (l’autofinancement doit en couvrir au moins ${rate}).`;
    return [{ rule: 'AMI-12', field: 'budget.expenses', message }];
  }
  const own = content.budget.selfFundingCents;
  if (meetsSelfFundingRate(own, expensesCents, call.minSelfFundingRateBp)) return [];
  const actual = formatRateBp(selfFundingRateBp(own, expensesCents) ?? 0);
  const minimum = formatEuros(minimumSelfFundingCents(expensesCents, call.minSelfFundingRateBp));
  const message =
    `L’autofinancement (${formatEuros(own)}, soit ${actual} du budget total de ${formatEuros(expensesCents)}) ` +
    `doit atteindre au moins ${rate}, soit ${minimum}.`;
  return [{ rule: 'AMI-12', field: 'budget.selfFundingCents', message }];
}

/** AMI-13: information systems are not eligible (the State provides the digital services itself). */
function eligibleExpenses({ content }: AdmissibilityInput): RuleFailure[] {
  return content.budget.expenses.flatMap((expense, i) => {
    if (expense.category !== 'information_systems') return [];
    const line = expense.label ? `Ligne ${i + 1} du budget (« ${expense.label} »)` : `Ligne ${i + 1} du budget`;
    const message =
      `${line} : les dépenses de systèmes d’information ne sont pas éligibles, ` +
      'l’État fournit lui-même les services numériques.';
    return [{ rule: 'AMI-13', field: `budget.expenses.${i}.category`, message } satisfies RuleFailure];
  });
}

/** AMI-14: total expenses = total resources. */
function budgetBalance({ content }: AdmissibilityInput): RuleFailure[] {
  const totals = budgetTotals(content.budget);
  if (isBudgetBalanced(totals)) return [];
  const gap = formatEuros(Math.abs(totals.expensesCents - totals.resourcesCents));
  const message =
    `Le budget n’est pas équilibré : les dépenses s’élèvent à ${formatEuros(totals.expensesCents)} et les ressources ` +
    `(subvention de l’État, autofinancement et cofinancements) à ${formatEuros(totals.resourcesCents)} (écart : ${gap}).`;
  return [{ rule: 'AMI-14', field: 'budget', message }];
}

/** AMI-15: before the deadline (AMI-2), territory not excluded (AMI-3), one submitted application per territory. */
function submission({ call, territory, otherSubmittedForTerritory, now }: AdmissibilityInput): RuleFailure[] {
  const failures: RuleFailure[] = [];
  if (!isBeforeDeadline(now, call.deadlineAt)) {
    const deadline = formatParisDateTime(call.deadlineAt);
    const message = `La date limite de dépôt (${deadline}, heure de Paris) est dépassée.`;
    failures.push({ rule: 'AMI-15', field: 'deadline', message });
  }
  if (isExcludedTerritory(territory.departementCode, call.excludedTerritories)) {
    failures.push({ rule: 'AMI-3', field: 'territory', message: excludedTerritoryMessage(territory.departementCode) });
  }
  if (otherSubmittedForTerritory) {
    const message =
      'Une candidature a déjà été déposée pour ce territoire sur cet appel : ' +
      'une seule candidature par territoire est possible.';
    failures.push({ rule: 'AMI-15', field: 'territory', message });
  }
  return failures;
}

/** Every failing admissibility rule; [] when the application may be submitted. */
export function checkAdmissibility(input: AdmissibilityInput): RuleFailure[] {
  const rules = [leadApplicant, grantCeiling, selfFunding, eligibleExpenses, budgetBalance, submission];
  return rules.flatMap((rule) => rule(input));
}
