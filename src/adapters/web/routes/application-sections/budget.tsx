/** The budget (AMI-11…14): expense lines by category and year, resources; amounts typed the French way, stored in cents. */
import { EXPENSE_CATEGORIES, budgetSchema, type BudgetSection } from '../../../../domains/ami/entities/application-content.js';
import { budgetTotals } from '../../../../domains/ami/entities/budget-balance.js';
import { formatEuros, parseEuroAmount } from '../../../../domains/ami/entities/money.js';
import { SelectField, TextField } from '../../components/form-fields.js';
import { rowIndexes, rowIsEmpty, text, type RawForm, type SectionForm } from './types.js';

/** Cents as a French amount for editing: 1250050 → « 12 500,50 ». */
export function centsToInput(cents: number): string {
  return formatEuros(cents).replace(/\s?€$/, '').replace(/[\u202f\u00a0]/g, ' ');
}

const CATEGORY_OPTIONS = Object.entries(EXPENSE_CATEGORIES).map(([value, label]) => ({ value, label }));

export const budgetForm: SectionForm<BudgetSection> = {
  key: 'budget',
  labels: {
    stateGrantCents: 'Subvention de l’État demandée',
    selfFundingCents: 'Autofinancement',
    expenses: 'Dépenses',
    coFunders: 'Autres cofinanceurs',
    category: 'catégorie',
    label: 'libellé',
    year: 'année',
    amountCents: 'montant',
    name: 'nom',
  },
  toRaw(c) {
    const raw: RawForm = { stateGrant: centsToInput(c.stateGrantCents), selfFunding: centsToInput(c.selfFundingCents) };
    c.expenses.forEach((e, i) => {
      raw[`expense-${i}-category`] = e.category;
      raw[`expense-${i}-label`] = e.label;
      raw[`expense-${i}-year`] = String(e.year);
      raw[`expense-${i}-amount`] = centsToInput(e.amountCents);
    });
    c.coFunders.forEach((f, i) => {
      raw[`cofunder-${i}-name`] = f.name;
      raw[`cofunder-${i}-amount`] = centsToInput(f.amountCents);
    });
    return raw;
  },
  parse(raw) {
    const errors: Record<string, string> = {};
    const amount = (name: string, id: string, required: boolean): number => {
      const value = text(raw, name);
      if (value.trim() === '' && !required) return 0;
      const parsed = parseEuroAmount(value.trim() === '' ? '0' : value);
      if (!parsed.ok) {
        errors[id] = parsed.message;
        return 0;
      }
      return parsed.cents;
    };
    const stateGrantCents = amount('stateGrant', 'budget-stateGrantCents', false);
    const selfFundingCents = amount('selfFunding', 'budget-selfFundingCents', false);
    const expenses = rowIndexes(raw, 'expense')
      .filter((i) => !rowIsEmpty(raw, 'expense', i))
      .map((i, n) => {
        const id = `budget-expenses-${n}`;
        const category = text(raw, `expense-${i}-category`);
        if (!Object.hasOwn(EXPENSE_CATEGORIES, category)) errors[`${id}-category`] = 'Choisissez la catégorie de la dépense.';
        const yearText = text(raw, `expense-${i}-year`).trim();
        const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
        if (!(year >= 2000 && year <= 2100)) errors[`${id}-year`] = 'Indiquez l’année, par exemple « 2027 ».';
        const amountCents = amount(`expense-${i}-amount`, `${id}-amountCents`, true);
        return { category: category as keyof typeof EXPENSE_CATEGORIES, label: text(raw, `expense-${i}-label`).trim(), year, amountCents };
      });
    const coFunders = rowIndexes(raw, 'cofunder')
      .filter((i) => !rowIsEmpty(raw, 'cofunder', i))
      .map((i, n) => {
        const name = text(raw, `cofunder-${i}-name`).trim();
        if (!name) errors[`budget-coFunders-${n}-name`] = 'Indiquez le nom du cofinanceur.';
        return { name, amountCents: amount(`cofunder-${i}-amount`, `budget-coFunders-${n}-amountCents`, true) };
      });
    if (Object.keys(errors).length) return { ok: false, errors };
    const parsed = budgetSchema.safeParse({ expenses, stateGrantCents, selfFundingCents, coFunders });
    if (!parsed.success) return { ok: false, errors: { 'budget-expenses': 'Le budget contient une valeur hors limites.' } };
    return { ok: true, content: parsed.data };
  },
  Fields({ raw, errors, extraRows, readOnly }) {
    const expenseRows = [...rowIndexes(raw, 'expense'), ...Array.from({ length: readOnly ? 0 : extraRows }, (_, k) => 1000 + k)];
    const coFunderRows = [...rowIndexes(raw, 'cofunder'), ...Array.from({ length: readOnly ? 0 : Math.min(extraRows, 2) }, (_, k) => 1000 + k)];
    const stored = budgetForm.parse(raw);
    const totals = stored.ok ? budgetTotals(stored.content) : null;
    return (
      <>
        <h2 class="fr-h5" id="budget-expenses">
          Dépenses
        </h2>
        {expenseRows.map((i, n) => (
          <fieldset class="fr-fieldset spie-row fr-mt-2w" aria-labelledby={`budget-expense-${n}-legend`}>
            <legend class="fr-fieldset__legend fr-text--md" id={`budget-expense-${n}-legend`} safe>
              {`Dépense ${n + 1}`}
            </legend>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <SelectField id={`budget-expenses-${n}-category`} name={`expense-${i}-category`} label="Catégorie" placeholder="Choisir" value={text(raw, `expense-${i}-category`)} options={CATEGORY_OPTIONS} error={errors[`budget-expenses-${n}-category`]} />
            </div>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <TextField id={`budget-expenses-${n}-label`} name={`expense-${i}-label`} label="Libellé" value={text(raw, `expense-${i}-label`)} error={errors[`budget-expenses-${n}-label`]} />
            </div>
            <div class="fr-fieldset__element fr-col-6 fr-col-md-2">
              <TextField id={`budget-expenses-${n}-year`} name={`expense-${i}-year`} label="Année" inputmode="numeric" value={text(raw, `expense-${i}-year`)} error={errors[`budget-expenses-${n}-year`]} />
            </div>
            <div class="fr-fieldset__element fr-col-6 fr-col-md-2">
              <TextField id={`budget-expenses-${n}-amountCents`} name={`expense-${i}-amount`} label="Montant (€)" inputmode="decimal" value={text(raw, `expense-${i}-amount`)} error={errors[`budget-expenses-${n}-amountCents`]} />
            </div>
          </fieldset>
        ))}
        <h2 class="fr-h5">Ressources</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <TextField id="budget-stateGrantCents" name="stateGrant" label="Subvention de l’État demandée (€)" hint="500 000,00 € au plus (AMI-11)" inputmode="decimal" value={text(raw, 'stateGrant')} error={errors['budget-stateGrantCents']} />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <TextField id="budget-selfFundingCents" name="selfFunding" label="Autofinancement (€)" hint="Au moins 20 % du budget total (AMI-12)" inputmode="decimal" value={text(raw, 'selfFunding')} error={errors['budget-selfFundingCents']} />
          </div>
        </div>
        {coFunderRows.map((i, n) => (
          <fieldset class="fr-fieldset spie-row fr-mt-2w" aria-labelledby={`budget-cofunder-${n}-legend`}>
            <legend class="fr-fieldset__legend fr-text--md" id={`budget-cofunder-${n}-legend`} safe>
              {`Autre cofinanceur ${n + 1}`}
            </legend>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-8">
              <TextField id={`budget-coFunders-${n}-name`} name={`cofunder-${i}-name`} label="Nom" value={text(raw, `cofunder-${i}-name`)} error={errors[`budget-coFunders-${n}-name`]} />
            </div>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <TextField id={`budget-coFunders-${n}-amountCents`} name={`cofunder-${i}-amount`} label="Montant (€)" inputmode="decimal" value={text(raw, `cofunder-${i}-amount`)} error={errors[`budget-coFunders-${n}-amountCents`]} />
            </div>
          </fieldset>
        ))}
        {totals ? (
          <p class="fr-text--bold" id="budget" safe>
            {`Total des dépenses : ${formatEuros(totals.expensesCents)} — total des ressources : ${formatEuros(totals.resourcesCents)}`}
          </p>
        ) : (
          ''
        )}
      </>
    );
  },
};
