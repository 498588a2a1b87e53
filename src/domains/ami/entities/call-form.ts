/**
 * Decides whether the national team's call form is complete and coherent (AMI-1), field by field,
 * with French messages. Dates are Paris calendar days: a call opens at 00:00 and closes at 23:59:59
 * (Europe/Paris) on its deadline day (AMI-2).
 */
import { startOfParisDay } from '../../shared/paris-time.js';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from './application-content.js';
import { parisDeadline } from './deadline.js';
import { parseEuroAmount } from './money.js';

export interface CallFormInput {
  title: string;
  description: string;
  opensOn: string;
  deadlineOn: string;
  laureateSlots: string;
  maxGrant: string;
  minSelfFundingRate: string;
  eligibleExpenseCategories: string[];
  excludedTerritories: string[];
}

export interface CallValues {
  title: string;
  description: string;
  opensAt: Date;
  deadlineAt: Date;
  laureateSlots: number;
  maxGrantCents: number;
  minSelfFundingRateBp: number;
  eligibleExpenseCategories: ExpenseCategory[];
  excludedTerritories: string[];
}

export type CallFormField = keyof CallFormInput;
export type CallFormCheck = { ok: true; value: CallValues } | { ok: false; errors: Partial<Record<CallFormField, string>> };

/** "20", "20 %", "12,5" → basis points (2000, 2000, 1250); null when not a rate between 0 and 100 with at most 2 decimals. */
export function parseRateBp(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:[,.](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : null;
}

export function checkCallForm(input: CallFormInput, knownTerritories: ReadonlySet<string>): CallFormCheck {
  const errors: Partial<Record<CallFormField, string>> = {};
  const title = input.title.trim();
  if (!title) errors.title = 'Indiquez le titre de l’appel.';
  else if (title.length > 200) errors.title = 'Le titre ne doit pas dépasser 200 caractères.';
  const description = input.description.trim();
  if (description.length > 20_000) errors.description = 'La description ne doit pas dépasser 20 000 caractères.';

  const opensAt = startOfParisDay(input.opensOn.trim());
  if (!opensAt) errors.opensOn = 'Indiquez une date d’ouverture valide.';
  const deadlineAt = /^\d{4}-\d{2}-\d{2}$/.test(input.deadlineOn.trim()) && startOfParisDay(input.deadlineOn.trim()) ? parisDeadline(input.deadlineOn.trim()) : null;
  if (!deadlineAt) errors.deadlineOn = 'Indiquez une date limite de dépôt valide.';
  else if (opensAt && deadlineAt <= opensAt) errors.deadlineOn = 'La date limite doit suivre la date d’ouverture.';

  const slots = /^\s*\d{1,4}\s*$/.test(input.laureateSlots) ? Number(input.laureateSlots) : NaN;
  if (!(slots >= 1)) errors.laureateSlots = 'Indiquez un nombre de lauréats (au moins 1).';

  const grant = parseEuroAmount(input.maxGrant);
  if (!grant.ok) errors.maxGrant = grant.message;

  const rate = parseRateBp(input.minSelfFundingRate);
  if (rate === null) errors.minSelfFundingRate = 'Indiquez un taux entre 0 et 100 %, par exemple « 20 ».';

  const categories = input.eligibleExpenseCategories.filter((c): c is ExpenseCategory => Object.hasOwn(EXPENSE_CATEGORIES, c));
  if (categories.length === 0) errors.eligibleExpenseCategories = 'Cochez au moins une catégorie de dépenses éligibles.';

  const excluded = [...new Set(input.excludedTerritories.map((t) => t.trim()).filter(Boolean))];
  const unknown = excluded.filter((t) => !knownTerritories.has(t));
  if (unknown.length) errors.excludedTerritories = `Territoires inconnus : ${unknown.join(', ')}.`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title,
      description,
      opensAt: opensAt!,
      deadlineAt: deadlineAt!,
      laureateSlots: slots,
      maxGrantCents: (grant as { cents: number }).cents,
      minSelfFundingRateBp: rate!,
      eligibleExpenseCategories: categories,
      excludedTerritories: excluded.sort(),
    },
  };
}
