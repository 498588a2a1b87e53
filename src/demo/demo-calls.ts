/**
 * Demo calls: the two real calls of 2021 (domain.md §1.1) and one open today, so that the demo can be
 * used at once. Dates are Paris calendar days; the 14 experiment territories are excluded (AMI-3).
 */
import { TZDate } from '@date-fns/tz';
import { EXPENSE_CATEGORIES, type ExpenseCategory } from '../domains/ami/entities/application-content.js';
import type { CallValues } from '../domains/ami/entities/call-form.js';
import { parisDeadline } from '../domains/ami/entities/deadline.js';
import { DEFAULT_EXCLUDED_TERRITORIES } from '../domains/ami/entities/excluded-territories.js';
import { startOfParisDay } from '../domains/shared/paris-time.js';

const ELIGIBLE = (Object.keys(EXPENSE_CATEGORIES) as ExpenseCategory[]).filter((c) => c !== 'information_systems');

const common = {
  maxGrantCents: 50_000_000, // 500 000,00 €
  minSelfFundingRateBp: 2_000, // 20 %
  eligibleExpenseCategories: ELIGIBLE,
  excludedTerritories: [...DEFAULT_EXCLUDED_TERRITORIES].sort(),
};

const DESCRIPTION =
  'Appel à manifestation d’intérêt pour la mise en œuvre du service public de l’insertion et de l’emploi (SPIE) : ' +
  'les départements et leurs partenaires proposent une organisation qui garantit à chaque personne éloignée de l’emploi ' +
  'un accompagnement coordonné, quel que soit le point d’entrée. L’État finance jusqu’à 500 000 € par territoire, avec un ' +
  'autofinancement d’au moins 20 %.';

function parisDay(now: Date, offsetDays: number): string {
  const d = new TZDate(now.getTime(), 'Europe/Paris');
  const shifted = new TZDate(d.getFullYear(), d.getMonth(), d.getDate() + offsetDays, 'Europe/Paris');
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${shifted.getFullYear()}-${pad(shifted.getMonth() + 1)}-${pad(shifted.getDate())}`;
}

export function demoCalls(now: Date): { values: CallValues; status: 'published' | 'decided' }[] {
  return [
    {
      status: 'decided',
      values: { ...common, title: 'AMI SPIE 2021 – vague 1', description: DESCRIPTION, opensAt: startOfParisDay('2020-12-16')!, deadlineAt: parisDeadline('2021-02-28'), laureateSlots: 30 },
    },
    {
      status: 'decided',
      values: { ...common, title: 'AMI SPIE 2021 – vague 2', description: DESCRIPTION, opensAt: startOfParisDay('2021-07-15')!, deadlineAt: parisDeadline('2021-10-11'), laureateSlots: 35 },
    },
    {
      status: 'published',
      values: {
        ...common,
        title: 'AMI SPIE – appel de démonstration',
        description: `${DESCRIPTION} Appel ouvert pour essayer la plateforme.`,
        opensAt: startOfParisDay(parisDay(now, -30))!,
        deadlineAt: parisDeadline(parisDay(now, 60)),
        laureateSlots: 10,
      },
    },
  ];
}
