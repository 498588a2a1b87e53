import { describe, expect, it } from 'vitest';
import { checkAdmissibility } from './admissibility.js';
import { EMPTY_CONTENT, type AdmissibilityInput, type ApplicationTerritory, type BudgetSection } from './application-content.js';
import { parisDeadline } from './deadline.js';
import { DEFAULT_EXCLUDED_TERRITORIES } from './excluded-territories.js';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** 1 000 000,00 € of expenses = 500 000,00 € grant + 200 000,00 € self-funding + 300 000,00 € co-funders. */
const BUDGET: BudgetSection = {
  expenses: [
    { category: 'animation_team', label: 'Équipe d’animation', year: 2021, amountCents: 60_000_000 },
    { category: 'training', label: 'Formation des référents', year: 2022, amountCents: 40_000_000 },
  ],
  stateGrantCents: 50_000_000,
  selfFundingCents: 20_000_000,
  coFunders: [{ name: 'CAF de Maine-et-Loire', amountCents: 30_000_000 }],
};

function admissible(): AdmissibilityInput {
  return {
    call: {
      deadlineAt: parisDeadline('2021-02-28'),
      maxGrantCents: 50_000_000,
      minSelfFundingRateBp: 2000,
      excludedTerritories: [...DEFAULT_EXCLUDED_TERRITORIES],
    },
    leadOrganisationKind: 'conseil_departemental',
    territory: { kind: 'departement', departementCode: '49' },
    content: { ...EMPTY_CONTENT, budget: structuredClone(BUDGET) },
    commitmentLetterSigners: [],
    otherSubmittedForTerritory: false,
    now: new Date('2021-02-01T10:00:00Z'),
  };
}

/** The admissible application with its budget changed. */
function withBudget(change: Partial<BudgetSection>): AdmissibilityInput {
  const input = admissible();
  return { ...input, content: { ...input.content, budget: { ...input.content.budget, ...change } } };
}

const rules = (input: AdmissibilityInput) => checkAdmissibility(input).map((f) => `${f.rule} ${f.field}`);

describe('checkAdmissibility', () => {
  it('a fully admissible application has no failure', () => {
    expect(checkAdmissibility(admissible())).toEqual([]);
  });

  describe('AMI-10 lead applicant', () => {
    const lead = (kind: string, signers: AdmissibilityInput['commitmentLetterSigners']) => ({
      ...admissible(),
      leadOrganisationKind: kind,
      commitmentLetterSigners: signers,
    });
    it('another actor without both letters fails', () => {
      const [failure, ...others] = checkAdmissibility(lead('mission_locale', []));
      expect(others).toEqual([]);
      expect(failure).toEqual({
        rule: 'AMI-10',
        field: 'attachments',
        message:
          'Le porteur n’est pas le conseil départemental : joignez les lettres d’engagement du conseil départemental ' +
          'et de France Travail (les deux sont requises).',
      });
      expect(checkAdmissibility(lead('association', ['conseil_departemental', 'other']))).toEqual([
        expect.objectContaining({ rule: 'AMI-10', message: expect.stringContaining('la lettre d’engagement de France Travail') }),
      ]);
      expect(checkAdmissibility(lead('france_travail', ['france_travail']))).toEqual([
        expect.objectContaining({ rule: 'AMI-10', message: expect.stringContaining('du conseil départemental') }),
      ]);
    });
    it('another actor with letters from both the conseil départemental and France Travail passes', () => {
      expect(checkAdmissibility(lead('mission_locale', ['france_travail', 'other', 'conseil_departemental']))).toEqual([]);
    });
  });

  describe('AMI-11 State grant ceiling', () => {
    it('500 000,00 € passes, 500 000,01 € fails', () => {
      expect(checkAdmissibility(withBudget({ stateGrantCents: 50_000_000 }))).toEqual([]);
      const over = withBudget({ stateGrantCents: 50_000_001, coFunders: [{ name: 'CAF', amountCents: 29_999_999 }] });
      const failures = checkAdmissibility(over);
      expect(failures.map((f) => ({ ...f, message: plain(f.message) }))).toEqual([
        {
          rule: 'AMI-11',
          field: 'budget.stateGrantCents',
          message: 'La subvention de l’État demandée (500 000,01 €) dépasse le plafond de l’appel (500 000,00 €).',
        },
      ]);
    });
  });

  describe('AMI-12 self-funding', () => {
    it('exactly 20,00 % passes, 19,99 % fails (total 1 000 000,00 €)', () => {
      expect(checkAdmissibility(withBudget({ selfFundingCents: 20_000_000 }))).toEqual([]);
      const short = withBudget({ selfFundingCents: 19_990_000, coFunders: [{ name: 'CAF', amountCents: 30_010_000 }] });
      const failures = checkAdmissibility(short);
      expect(failures.map((f) => ({ ...f, message: plain(f.message) }))).toEqual([
        {
          rule: 'AMI-12',
          field: 'budget.selfFundingCents',
          message:
            'L’autofinancement (199 900,00 €, soit 19,99 % du budget total de 1 000 000,00 €) ' +
            'doit atteindre au moins 20 %, soit 200 000,00 €.',
        },
      ]);
    });
    it('non-round total of 123 457 cents: 24 692 cents pass, 24 691 cents fail (20 % is 24 691,4)', () => {
      const expenses: BudgetSection['expenses'] = [{ category: 'other_engineering', label: 'Ingénierie', year: 2021, amountCents: 123_457 }];
      const budget = (own: number) =>
        withBudget({
          expenses,
          stateGrantCents: 50_000,
          selfFundingCents: own,
          coFunders: [{ name: 'Ville', amountCents: 123_457 - 50_000 - own }],
        });
      expect(checkAdmissibility(budget(24_692))).toEqual([]);
      expect(rules(budget(24_691))).toEqual(['AMI-12 budget.selfFundingCents']);
      expect(plain(checkAdmissibility(budget(24_691))[0]?.message ?? '')).toContain('soit 246,92 €');
    });
    it('an empty budget fails, asking for the budget', () => {
      const failures = checkAdmissibility(withBudget({ expenses: [], stateGrantCents: 0, selfFundingCents: 0, coFunders: [] }));
      expect(failures).toEqual([
        { rule: 'AMI-12', field: 'budget.expenses', message: expect.stringContaining('Renseignez le budget') },
      ]);
    });
  });

  describe('AMI-13 information systems', () => {
    it('fails once per information-systems line, naming the line', () => {
      const expenses: BudgetSection['expenses'] = [
        ...BUDGET.expenses.map((e) => ({ ...e, amountCents: e.amountCents - 5_000_000 })),
        { category: 'information_systems', label: 'Logiciel de suivi', year: 2021, amountCents: 6_000_000 },
        { category: 'information_systems', label: '', year: 2022, amountCents: 4_000_000 },
      ];
      const failures = checkAdmissibility(withBudget({ expenses }));
      expect(failures.map((f) => `${f.rule} ${f.field}`)).toEqual(['AMI-13 budget.expenses.2.category', 'AMI-13 budget.expenses.3.category']);
      expect(failures[0]?.message).toBe(
        'Ligne 3 du budget (« Logiciel de suivi ») : les dépenses de systèmes d’information ne sont pas éligibles, ' +
          'l’État fournit lui-même les services numériques.',
      );
      expect(failures[1]?.message).toMatch(/^Ligne 4 du budget : /);
    });
  });

  describe('AMI-14 balanced budget', () => {
    it('an unbalanced budget fails, giving both totals', () => {
      const failures = checkAdmissibility(withBudget({ coFunders: [{ name: 'CAF', amountCents: 29_000_000 }] }));
      expect(failures.map((f) => ({ ...f, message: plain(f.message) }))).toEqual([
        {
          rule: 'AMI-14',
          field: 'budget',
          message:
            'Le budget n’est pas équilibré : les dépenses s’élèvent à 1 000 000,00 € et les ressources ' +
            '(subvention de l’État, autofinancement et cofinancements) à 990 000,00 € (écart : 10 000,00 €).',
        },
      ]);
    });
    it('resources above expenses fail too', () => {
      expect(rules(withBudget({ coFunders: [{ name: 'CAF', amountCents: 30_000_001 }] }))).toEqual(['AMI-14 budget']);
    });
  });

  describe('AMI-15 submission (with AMI-2 and AMI-3)', () => {
    it('Loire-Atlantique (44) fails AMI-3 with the complementary track, as a département or as bassins de vie', () => {
      const failures = checkAdmissibility({ ...admissible(), territory: { kind: 'departement', departementCode: '44' } });
      expect(failures).toEqual([
        { rule: 'AMI-3', field: 'territory', message: expect.stringContaining('parcours d’approfondissement') },
      ]);
      const bassins: ApplicationTerritory = {
        kind: 'bassins',
        departementCode: '44',
        epciCodes: ['244400404'],
        communeCodes: [],
        justification: 'Bassin nantais',
      };
      expect(rules({ ...admissible(), territory: bassins })).toEqual(['AMI-3 territory']);
    });

    it('a second application for the same territory and call fails', () => {
      expect(checkAdmissibility({ ...admissible(), otherSubmittedForTerritory: true })).toEqual([
        { rule: 'AMI-15', field: 'territory', message: expect.stringContaining('une seule candidature par territoire') },
      ]);
    });

    it.each([
      ['winter', '2021-02-28', '2021-02-28T22:59:59.999Z', '2021-02-28T23:00:00.000Z'],
      ['summer', '2021-10-11', '2021-10-11T21:59:59.999Z', '2021-10-11T22:00:00.000Z'],
      ['spring DST change', '2026-03-29', '2026-03-29T21:59:59.999Z', '2026-03-29T22:00:00.000Z'],
      ['autumn DST change', '2026-10-25', '2026-10-25T22:59:59.999Z', '2026-10-25T23:00:00.000Z'],
    ])('deadline on a %s day (%s): 23:59:59 Paris accepted, 00:00:00 the next day refused', (_l, day, lastAccepted, firstRefused) => {
      const input = admissible();
      const call = { ...input.call, deadlineAt: parisDeadline(day) };
      expect(checkAdmissibility({ ...input, call, now: new Date(lastAccepted) })).toEqual([]);
      const failures = checkAdmissibility({ ...input, call, now: new Date(firstRefused) });
      expect(failures).toEqual([{ rule: 'AMI-15', field: 'deadline', message: expect.stringContaining('23:59:59, heure de Paris') }]);
    });
  });

  it('lists every failure in a stable order', () => {
    const input = admissible();
    const expenses: BudgetSection['expenses'] = [{ category: 'information_systems', label: 'SI', year: 2021, amountCents: 100_000_000 }];
    const everything: AdmissibilityInput = {
      ...input,
      leadOrganisationKind: 'association',
      territory: { kind: 'departement', departementCode: '69M' },
      content: { ...input.content, budget: { expenses, stateGrantCents: 60_000_000, selfFundingCents: 0, coFunders: [] } },
      otherSubmittedForTerritory: true,
      now: new Date('2021-03-01T00:00:00Z'),
    };
    expect(rules(everything)).toEqual([
      'AMI-10 attachments',
      'AMI-11 budget.stateGrantCents',
      'AMI-12 budget.selfFundingCents',
      'AMI-13 budget.expenses.0.category',
      'AMI-14 budget',
      'AMI-15 deadline',
      'AMI-3 territory',
      'AMI-15 territory',
    ]);
  });
});
