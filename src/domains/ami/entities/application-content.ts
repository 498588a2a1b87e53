/**
 * The content of an application (dossier de candidature, domain.md §1.2), section by section.
 * Each section is saved on its own, with its own version (co-editing without lost updates).
 * Money is in integer euro cents everywhere.
 */
import { z } from 'zod';

export const SECTION_KEYS = ['leadApplicant', 'consortium', 'public', 'objectives', 'implementation', 'budget'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_TITLES: Record<SectionKey, string> = {
  leadApplicant: 'Porteur du projet',
  consortium: 'Consortium',
  public: 'Public cible',
  objectives: 'Objectifs et indicateurs',
  implementation: 'Mise en œuvre',
  budget: 'Budget',
};

export const FIELDS_OF_ACTION = {
  employment: 'Emploi',
  training: 'Formation',
  housing: 'Logement',
  health: 'Santé',
  mobility: 'Mobilité',
  childcare: 'Garde d’enfants',
  social_rights: 'Accès aux droits',
  digital: 'Numérique',
  other: 'Autre',
} as const;
export type FieldOfAction = keyof typeof FIELDS_OF_ACTION;

/** SPIE principles (domain.md §2.1), for which the application states its chosen modalities. */
export const SPIE_PRINCIPLES = {
  returnToActivity: 'Reprise d’activité comme premier levier',
  universalService: 'Service universel sur tout le territoire',
  anyDoor: 'Même service quelle que soit la porte d’entrée',
  singleReferent: 'Référent unique',
  sharedDiagnosis: 'Diagnostic socio-professionnel partagé',
  personalisedPathway: 'Parcours personnalisé co-construit avec la personne',
  coordination: 'Coordination des professionnels',
} as const;
export type SpiePrinciple = keyof typeof SPIE_PRINCIPLES;

export const GOVERNANCE_FORMS = {
  consortium: 'Consortium',
  gip: 'Groupement d’intérêt public (GIP)',
  ctep: 'Compétence territoriale à exercice partagé (CTEP)',
  light: 'Coordination plus légère',
} as const;
export type GovernanceForm = keyof typeof GOVERNANCE_FORMS;

/** Expense categories (issue 3 §2). AMI-13: information systems are not eligible. */
export const EXPENSE_CATEGORIES = {
  animation_team: 'Rémunération de l’équipe d’animation',
  training: 'Formation',
  change_management: 'Prestations de conduite du changement ou de conseil',
  other_engineering: 'Autre ingénierie',
  information_systems: 'Systèmes d’information',
  other: 'Autre',
} as const;
export type ExpenseCategory = keyof typeof EXPENSE_CATEGORIES;

export const INDICATOR_FREQUENCIES = {
  monthly: 'Mensuelle',
  quarterly: 'Trimestrielle',
  half_yearly: 'Semestrielle',
  yearly: 'Annuelle',
} as const;

export const COMMITMENT_LETTER_SIGNERS = {
  conseil_departemental: 'Conseil départemental',
  france_travail: 'France Travail',
  other: 'Autre signataire',
} as const;
export type CommitmentLetterSigner = keyof typeof COMMITMENT_LETTER_SIGNERS;

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const text = (max: number) => z.string().trim().max(max);
const cents = z.number().int().min(0).max(100_000_000_000); // up to 1 000 000 000,00 €

export const leadApplicantSchema = z.object({
  contactName: text(200),
  contactEmail: z.union([z.literal(''), z.string().trim().email().max(254)]),
  contactPhone: text(30),
});

export const consortiumMemberSchema = z.object({
  organisationName: text(200).min(1),
  siret: text(20),
  kind: text(60),
  fieldsOfAction: z.array(z.enum(keys(FIELDS_OF_ACTION))).max(9),
  commitments: text(4000),
});

export const consortiumSchema = z.object({ members: z.array(consortiumMemberSchema).max(200) });

export const publicSchema = z.object({
  targetPublic: text(4000),
  peopleCount: z.number().int().min(0).max(10_000_000).nullable(),
  coConstruction: text(4000),
});

export const indicatorSchema = z.object({
  name: text(200).min(1),
  unit: text(50),
  baseline: z.number().finite().nullable(),
  target: z.number().finite().nullable(),
  frequency: z.union([z.literal(''), z.enum(keys(INDICATOR_FREQUENCIES))]),
});

export const objectivesSchema = z.object({
  quantitative: text(4000),
  qualitative: text(4000),
  expectedChanges: text(4000),
  userImpacts: text(4000),
  indicators: z.array(indicatorSchema).max(50),
});

export const implementationSchema = z.object({
  principles: z.partialRecord(z.enum(keys(SPIE_PRINCIPLES)), text(4000)),
  governance: z.union([z.literal(''), z.enum(keys(GOVERNANCE_FORMS))]),
  milestones: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), label: text(300).min(1) })).max(50),
});

export const expenseSchema = z.object({
  category: z.enum(keys(EXPENSE_CATEGORIES)),
  label: text(300),
  year: z.number().int().min(2000).max(2100),
  amountCents: cents,
});

export const budgetSchema = z.object({
  expenses: z.array(expenseSchema).max(200),
  stateGrantCents: cents,
  selfFundingCents: cents,
  coFunders: z.array(z.object({ name: text(200).min(1), amountCents: cents })).max(50),
});

export const SECTION_SCHEMAS = {
  leadApplicant: leadApplicantSchema,
  consortium: consortiumSchema,
  public: publicSchema,
  objectives: objectivesSchema,
  implementation: implementationSchema,
  budget: budgetSchema,
} as const;

export type LeadApplicantSection = z.infer<typeof leadApplicantSchema>;
export type ConsortiumSection = z.infer<typeof consortiumSchema>;
export type PublicSection = z.infer<typeof publicSchema>;
export type ObjectivesSection = z.infer<typeof objectivesSchema>;
export type ImplementationSection = z.infer<typeof implementationSchema>;
export type BudgetSection = z.infer<typeof budgetSchema>;

export interface ApplicationContent {
  leadApplicant: LeadApplicantSection;
  consortium: ConsortiumSection;
  public: PublicSection;
  objectives: ObjectivesSection;
  implementation: ImplementationSection;
  budget: BudgetSection;
}

export const EMPTY_CONTENT: ApplicationContent = {
  leadApplicant: { contactName: '', contactEmail: '', contactPhone: '' },
  consortium: { members: [] },
  public: { targetPublic: '', peopleCount: null, coConstruction: '' },
  objectives: { quantitative: '', qualitative: '', expectedChanges: '', userImpacts: '', indicators: [] },
  implementation: { principles: {}, governance: '', milestones: [] },
  budget: { expenses: [], stateGrantCents: 0, selfFundingCents: 0, coFunders: [] },
};

/** The territory an application covers (AMI-4): a whole département, or bassins de vie inside it. */
export type ApplicationTerritory =
  | { kind: 'departement'; departementCode: string }
  | { kind: 'bassins'; departementCode: string; epciCodes: string[]; communeCodes: string[]; justification: string };

/** What the admissibility rules need to know of the call (AMI-1). */
export interface CallTerms {
  deadlineAt: Date;
  maxGrantCents: number;
  /** Minimum self-funding rate in basis points: 2000 = 20 %. */
  minSelfFundingRateBp: number;
  excludedTerritories: string[];
}

/** What the admissibility rules need to know of the application. */
export interface AdmissibilityInput {
  call: CallTerms;
  leadOrganisationKind: string;
  territory: ApplicationTerritory;
  content: ApplicationContent;
  /** Signers of the commitment letters attached (AMI-10). */
  commitmentLetterSigners: CommitmentLetterSigner[];
  /** Another application for the same territory and call is already submitted (AMI-15). */
  otherSubmittedForTerritory: boolean;
  now: Date;
}

export interface RuleFailure {
  rule: `AMI-${number}`;
  /** Where to show it: a section key, or section.field (e.g. 'budget.stateGrantCents'). */
  field: string;
  message: string;
}
