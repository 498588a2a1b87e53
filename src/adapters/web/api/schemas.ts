/**
 * The shapes of the JSON API, as zod schemas: request bodies are parsed with them, and the OpenAPI
 * document is generated from all of them (so the document cannot drift from what is checked).
 * Money in integer euro cents; calendar days as YYYY-MM-DD, Europe/Paris.
 */
import { z } from 'zod';
import { ATTACHMENT_KINDS } from '../../../domains/ami/adapters/attachments.js';
import { COMMITMENT_LETTER_SIGNERS, EXPENSE_CATEGORIES, SECTION_SCHEMAS } from '../../../domains/ami/entities/application-content.js';
import { APPLICATION_STATUSES } from '../../../domains/ami/entities/application-status.js';
import { CALL_STATUSES } from '../../../domains/ami/entities/call-status.js';
import { MAX_AMOUNT_CENTS } from '../../../domains/ami/entities/money.js';
import { OPINION_KINDS, OPINION_VERDICTS } from '../../../domains/ami/entities/opinion.js';

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const parisDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ (jour calendaire, heure de Paris).');
const instant = z.string().describe('Instant ISO 8601 (UTC)');
const cents = z.int().min(0).max(MAX_AMOUNT_CENTS).describe('Montant en centimes d’euro');

export const ErrorSchema = z
  .object({
    error: z.string(),
    details: z.array(z.object({ rule: z.string().optional(), field: z.string().optional(), message: z.string() })),
  })
  .describe('Erreur : résumé et détails (règle AMI-…, champ, message), en français.');

export const CallInputSchema = z.strictObject({
  title: z.string().max(200),
  description: z.string().max(20_000).default(''),
  opensOn: parisDay.describe('Ouverture : ce jour à 0 h, heure de Paris'),
  deadlineOn: parisDay.describe('Date limite : ce jour à 23:59:59, heure de Paris (AMI-2)'),
  laureateSlots: z.int().min(1).max(9999),
  maxGrantCents: cents.describe('Subvention maximale de l’État par territoire, en centimes (AMI-11)'),
  minSelfFundingRateBp: z.int().min(0).max(10_000).describe('Taux minimal d’autofinancement en points de base : 2000 = 20 % (AMI-12)'),
  eligibleExpenseCategories: z.array(z.enum(keys(EXPENSE_CATEGORIES))).min(1),
  excludedTerritories: z.array(z.string().max(5)).max(200).optional().describe('Codes des territoires exclus (AMI-3) ; par défaut les 14 territoires d’expérimentation 2020'),
});

export const CallSchema = z.object({
  id: z.int(),
  title: z.string(),
  description: z.string(),
  status: z.enum(keys(CALL_STATUSES)),
  opensOn: parisDay,
  deadlineOn: parisDay,
  opensAt: instant,
  deadlineAt: instant,
  laureateSlots: z.int(),
  maxGrantCents: z.int(),
  minSelfFundingRateBp: z.int(),
  eligibleExpenseCategories: z.array(z.string()),
  excludedTerritories: z.array(z.string()),
  version: z.int(),
});

export const CallListSchema = z.object({ calls: z.array(CallSchema) });

export const ApplicationInputSchema = z.strictObject({
  callId: z.int().min(1),
  departementCode: z.string().min(1).max(3),
  territoryKind: z.enum(['departement', 'bassins']).describe('Tout le département, ou des bassins de vie (EPCI, communes) du département (AMI-4)'),
  epciCodes: z.array(z.string().regex(/^\d{9}$/, 'Numéro SIREN d’EPCI attendu (9 chiffres).')).max(200).default([]),
  communeCodes: z.array(z.string().regex(/^[0-9AB]{5}$/, 'Code commune INSEE attendu (5 caractères).')).max(2000).default([]),
  justification: z.string().max(4000).default(''),
});

const sectionEntry = <S extends z.ZodType>(content: S) =>
  z.strictObject({ version: z.int().min(1).describe('Version de la section sur laquelle porte la modification'), content }).optional();

export const ApplicationPatchSchema = z.strictObject({
  sections: z
    .strictObject({
      leadApplicant: sectionEntry(SECTION_SCHEMAS.leadApplicant),
      consortium: sectionEntry(SECTION_SCHEMAS.consortium),
      public: sectionEntry(SECTION_SCHEMAS.public),
      objectives: sectionEntry(SECTION_SCHEMAS.objectives),
      implementation: sectionEntry(SECTION_SCHEMAS.implementation),
      budget: sectionEntry(SECTION_SCHEMAS.budget),
    })
    .describe('Les sections à remplacer, chacune avec la version lue ; les autres restent inchangées'),
});

const RuleFailureSchema = z.object({ rule: z.string(), field: z.string(), message: z.string() });
const QualitySignalSchema = z.object({ key: z.string(), ok: z.boolean(), message: z.string() });

export const AdmissibilitySchema = z.object({
  admissible: z.boolean(),
  failures: z.array(RuleFailureSchema).describe('Règles AMI-10 … AMI-15 (et AMI-2, AMI-3) non respectées : le dépôt est bloqué'),
  qualitySignals: z.array(QualitySignalSchema).describe('Signaux de qualité : indicatifs, non bloquants'),
});

const sectionState = <S extends z.ZodType>(content: S) =>
  z.object({ version: z.int(), updatedAt: instant, updatedBy: z.string().nullable(), content });

export const AttachmentSchema = z.object({
  id: z.int(),
  kind: z.enum(keys(ATTACHMENT_KINDS)),
  signer: z.enum(keys(COMMITMENT_LETTER_SIGNERS)).nullable(),
  filename: z.string(),
  mediaType: z.string(),
  sizeBytes: z.int(),
  uploadedAt: instant,
});

export const ApplicationSchema = z.object({
  id: z.int(),
  status: z.enum(keys(APPLICATION_STATUSES)),
  createdAt: instant,
  submittedAt: instant.nullable(),
  digest: z.string().nullable().describe('SHA-256 du dossier déposé'),
  receiptUrl: z.string().nullable().describe('Accusé de réception (PDF), une fois déposée'),
  call: z.object({ id: z.int(), title: z.string(), status: z.string(), deadlineAt: instant }),
  leadOrganisation: z.object({ id: z.int(), name: z.string(), siret: z.string(), kind: z.string() }),
  territory: z.object({
    kind: z.enum(['departement', 'bassins']),
    departementCode: z.string(),
    departementName: z.string(),
    epciCodes: z.array(z.string()),
    communeCodes: z.array(z.string()),
    justification: z.string(),
  }),
  sections: z.object({
    leadApplicant: sectionState(SECTION_SCHEMAS.leadApplicant),
    consortium: sectionState(SECTION_SCHEMAS.consortium),
    public: sectionState(SECTION_SCHEMAS.public),
    objectives: sectionState(SECTION_SCHEMAS.objectives),
    implementation: sectionState(SECTION_SCHEMAS.implementation),
    budget: sectionState(SECTION_SCHEMAS.budget),
  }),
  attachments: z.array(AttachmentSchema),
  admissibility: AdmissibilitySchema,
});

export const SubmissionSchema = z.object({
  id: z.int(),
  status: z.literal('submitted'),
  submittedAt: instant,
  reference: z.string(),
  digest: z.string().describe('SHA-256 (hex) du contenu déposé'),
  receiptUrl: z.string().describe('Accusé de réception PDF (session web ou même compte)'),
});

export const AttachmentFieldsSchema = z.object({
  kind: z.enum(keys(ATTACHMENT_KINDS)),
  signer: z.union([z.literal(''), z.enum(keys(COMMITMENT_LETTER_SIGNERS))]).default('').describe('Signataire, pour une lettre d’engagement (AMI-10)'),
});

/** Reasons of an opinion, a return or a decision: some text, at most 10 000 characters. */
const reasons = (what: string) =>
  z.string().max(10_000).refine((v) => v.trim().length > 0, `Indiquez ${what}.`);

export const ApplicationSummarySchema = z.object({
  id: z.int(),
  status: z.enum(keys(APPLICATION_STATUSES)),
  submittedAt: instant.nullable(),
  call: z.object({ id: z.int(), title: z.string(), deadlineAt: instant }),
  territory: z.object({ kind: z.enum(['departement', 'bassins']), departementCode: z.string(), departementName: z.string() }),
  leadOrganisation: z.object({ id: z.int(), name: z.string() }),
});

export const ApplicationListSchema = z.object({ applications: z.array(ApplicationSummarySchema) });

export const ApplicationListQuerySchema = z.strictObject({
  callId: z.string().regex(/^[1-9]\d{0,14}$/, 'Identifiant d’appel attendu (entier positif).').transform(Number).optional(),
});

export const OpinionInputSchema = z
  .strictObject({
    kind: z.enum(['prefect', 'collegial', 'expert']).describe('prefect : avis du préfet (de département, ou de région hors de ses départements) ; collegial : avis collégial du commissaire ; expert : contribution d’un expert invité'),
    verdict: z.enum(keys(OPINION_VERDICTS)).optional().describe('Obligatoire pour les avis (prefect, collegial) ; sans objet pour une contribution'),
    reasons: reasons('les motifs de votre avis'),
    confidential: z.boolean().default(false).describe('Contribution d’expert confidentielle : jamais montrée au porteur (AMI-21)'),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'expert' && !v.verdict) ctx.addIssue({ code: 'custom', path: ['verdict'], message: 'Choisissez un avis : favorable, réservé ou défavorable.' });
    if (v.kind === 'expert' && v.verdict) ctx.addIssue({ code: 'custom', path: ['verdict'], message: 'Une contribution d’expert ne porte pas d’avis.' });
    if (v.kind !== 'expert' && v.confidential) ctx.addIssue({ code: 'custom', path: ['confidential'], message: 'Seule une contribution d’expert peut être confidentielle.' });
  });

export const OpinionResultSchema = z.object({
  applicationId: z.int(),
  kind: z.enum(keys(OPINION_KINDS)).describe('L’avis tel qu’enregistré'),
  status: z.enum(keys(APPLICATION_STATUSES)).describe('État de la candidature après l’avis (AMI-20)'),
});

export const ReturnInputSchema = z.strictObject({ reason: reasons('ce que le porteur doit compléter') });

export const DecisionInputSchema = z.strictObject({
  decision: z.enum(['selected', 'not_selected']),
  reasons: reasons('les motifs de la décision'),
});

export const StatusResultSchema = z.object({ applicationId: z.int(), status: z.enum(keys(APPLICATION_STATUSES)) });

export const PaymentInputSchema = z.strictObject({
  paidOn: parisDay.describe('Jour du versement'),
  amountCents: cents.min(1).describe('Montant versé, en centimes ; au plus le reste dû de la convention (AMI-23)'),
  reference: z.string().max(200).refine((v) => v.trim().length > 0, 'Indiquez la référence du versement (mandat, engagement…).'),
});

export const PaymentResultSchema = z.object({
  applicationId: z.int(),
  agreementId: z.int(),
  paidOn: parisDay,
  amountCents: z.int(),
  remainingCents: z.int().describe('Reste à verser sur la convention après ce versement'),
});

/** Every schema of the document, by component name. */
export const COMPONENTS = {
  Error: ErrorSchema,
  LeadApplicantSection: SECTION_SCHEMAS.leadApplicant,
  ConsortiumSection: SECTION_SCHEMAS.consortium,
  PublicSection: SECTION_SCHEMAS.public,
  ObjectivesSection: SECTION_SCHEMAS.objectives,
  ImplementationSection: SECTION_SCHEMAS.implementation,
  BudgetSection: SECTION_SCHEMAS.budget,
  Call: CallSchema,
  CallList: CallListSchema,
  CallInput: CallInputSchema,
  ApplicationInput: ApplicationInputSchema,
  ApplicationPatch: ApplicationPatchSchema,
  Application: ApplicationSchema,
  Admissibility: AdmissibilitySchema,
  Submission: SubmissionSchema,
  Attachment: AttachmentSchema,
  ApplicationSummary: ApplicationSummarySchema,
  ApplicationList: ApplicationListSchema,
  OpinionInput: OpinionInputSchema,
  OpinionResult: OpinionResultSchema,
  ReturnInput: ReturnInputSchema,
  DecisionInput: DecisionInputSchema,
  StatusResult: StatusResultSchema,
  PaymentInput: PaymentInputSchema,
  PaymentResult: PaymentResultSchema,
} as const;

export type SectionPatch = z.output<typeof ApplicationPatchSchema>['sections'];
