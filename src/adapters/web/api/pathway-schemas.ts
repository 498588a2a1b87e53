/**
 * The shapes of the pathway operations of the API (issue 5 §13), as zod schemas: bodies are parsed
 * with them (a wrong type is a 400) and the OpenAPI document is generated from them. What the rules
 * decide — a missing name, a needs without situation, a bad SIRET — is checked by the domain's own
 * checks and answered 422 with the field and the message, in French.
 */
import { z } from 'zod';
import type { CandidateMatch } from '../../../domains/pathway/adapters/people.js';
import { DIAGNOSIS_AREA_KEYS } from '../../../domains/pathway/entities/diagnosis-areas.js';
import { IMPORT_FIELD_KEYS } from '../../../domains/pathway/entities/import-mapping.js';

const CANDIDATE_MATCHES = ['numéro CAF/MSA', 'identifiant France Travail', 'nom et date de naissance', 'nom', 'date de naissance'] as const satisfies readonly CandidateMatch[];
/** Every match findPeople can give is in the list (a new one fails to compile here). */
const _allMatches: readonly (typeof CANDIDATE_MATCHES)[number][] = [] as CandidateMatch[];

const text = (max: number) => z.string().max(max);
const id = z.int().min(1);
const day = z.string().describe('Jour AAAA-MM-JJ');
const instant = z.string().describe('Instant ISO 8601 (UTC)');

export const PersonQuerySchema = z
  .strictObject({
    name: text(200).default('').describe('Nom et prénom, dans n’importe quel ordre, accents, majuscules et traits d’union indifférents ; le début du nom suffit'),
    birthDate: text(10).default('').describe('Date de naissance, AAAA-MM-JJ (ou JJ/MM/AAAA)'),
    cafNumber: text(20).default('').describe('Numéro d’allocataire CAF/MSA (7 à 13 chiffres)'),
    franceTravailId: text(20).default('').describe('Identifiant France Travail (7 à 11 lettres et chiffres)'),
  })
  .describe('Au moins un critère');

const OpenPathwaySchema = z.object({ id: z.int(), holdingOrganisation: z.string(), mayView: z.boolean().describe('Le titulaire du jeton peut consulter ce parcours (getPathway)') });

export const CandidateSchema = z.object({
  id: z.int().describe('La personne (personId pour openPathway)'),
  givenName: z.string(),
  familyName: z.string(),
  birthDate: day.nullable(),
  cafNumber: z.string().nullable(),
  franceTravailId: z.string().nullable(),
  matches: z.array(z.enum(CANDIDATE_MATCHES)).describe('Ce qui correspond à la recherche'),
  openPathway: OpenPathwaySchema.nullable().describe('Son parcours ouvert, s’il en a un : demandez à son référent de vous y associer'),
});

export const CandidateListSchema = z.object({ candidates: z.array(CandidateSchema).describe('Au plus 20, les identifiants d’abord, puis nom et date de naissance, puis le nom seul') });

export const NewPersonSchema = z.strictObject({
  givenName: text(200),
  familyName: text(200),
  birthDate: text(10).describe('AAAA-MM-JJ'),
  cafNumber: text(20).default(''),
  franceTravailId: text(20).default(''),
  email: text(254).default('').describe('Pour les invitations aux rendez-vous et l’accès de la personne à son parcours'),
  phone: text(30).default('').describe('Un mobile reçoit les invitations par SMS'),
  rsaRightsOpenedOn: text(10).default('').describe('Ouverture des droits RSA, AAAA-MM-JJ : la personne figure dans la liste « à orienter »'),
});

export const OpenPathwayInputSchema = z
  .strictObject({
    personId: id.optional().describe('Une personne déjà connue (résultat de findPeople)'),
    person: NewPersonSchema.optional().describe('Ou une nouvelle personne : les fiches proches sont d’abord cherchées (SPIE-1)'),
    notAnyOf: z
      .array(id)
      .max(100)
      .default([])
      .describe('Les fiches proches (409 précédent) que vous avez vérifiées : aucune n’est la personne. Une fiche qui porte le même numéro CAF/MSA ou identifiant France Travail est toujours refusée'),
  })
  .superRefine((v, ctx) => {
    if ((v.personId === undefined) === (v.person === undefined)) ctx.addIssue({ code: 'custom', path: ['personId'], message: 'Indiquez soit « personId » (une personne connue), soit « person » (une nouvelle personne).' });
  });

export const PathwayOpenedSchema = z.object({ pathwayId: z.int(), personId: z.int() });

export const DuplicateCandidatesSchema = z
  .object({ error: z.string(), details: z.array(z.object({ rule: z.string().optional(), field: z.string().optional(), message: z.string() })), candidates: z.array(CandidateSchema), pathwayId: z.int().optional() })
  .describe('Fiches proches de la nouvelle personne (SPIE-1), ou parcours déjà ouvert : rien n’est créé');

const AreaInputSchema = z.strictObject({ situation: text(10_000).default(''), needs: text(10_000).default('') });

export const DiagnosisInputSchema = z.strictObject({
  areas: z
    .strictObject(Object.fromEntries(DIAGNOSIS_AREA_KEYS.map((area) => [area, AreaInputSchema.optional()])) as Record<(typeof DIAGNOSIS_AREA_KEYS)[number], z.ZodOptional<typeof AreaInputSchema>>)
    .describe('Situation et besoins par domaine ; un domaine absent ou vide ne fait pas partie du diagnostic (SPIE-3)'),
});

export const CreatedSchema = z.object({ id: z.int(), pathwayId: z.int() });

export const OrientationRequestInputSchema = z.strictObject({
  kind: text(40).describe('professional, socio_professional ou social (SPIE-4)'),
  receivingOrganisationId: id.describe('Organisation membre du SPIE qui accueille'),
  proposedReferentUserId: id.nullable().default(null).describe('Référent proposé : professionnel actif de l’organisation d’accueil'),
});

export const OrientationDecisionInputSchema = z.strictObject({
  decision: text(20).describe('accepted ou refused'),
  reason: text(4000).default('').describe('Motif, obligatoire pour un refus'),
});

export const OrientationDecisionSchema = z.object({ requestId: z.int(), pathwayId: z.int(), status: z.enum(['accepted', 'refused']) });

export const ReferentInputSchema = z.strictObject({ userId: id.describe('Professionnel actif du SPIE') });

export const ReferentSchema = z.object({ pathwayId: z.int(), referentUserId: z.int() });

const ObjectiveItemSchema = z.strictObject({ type: z.literal('objective'), area: text(40).describe('Domaine du diagnostic'), label: text(2000) });
const ActionItemSchema = z.strictObject({
  type: z.literal('action'),
  kind: text(20).describe('free (action), immersion (en entreprise : SIRET, nom et dates obligatoires) ou service (du catalogue : serviceId obligatoire)'),
  label: text(2000).describe('Description ; pour un service du catalogue, vide = le nom du service'),
  objectiveId: id.nullable().default(null),
  companySiret: text(20).default(''),
  companyName: text(200).default(''),
  startsOn: text(10).default('').describe('AAAA-MM-JJ'),
  endsOn: text(10).default('').describe('AAAA-MM-JJ'),
  serviceId: text(300).nullable().default(null).describe('Pour le type service : l’identifiant data·inclusion d’un service publié du catalogue du territoire du parcours (getService)'),
});
const ContractItemSchema = z.strictObject({
  type: z.literal('contract'),
  kind: text(40).describe('cer, ppae ou contrat_engagement'),
  startsOn: text(10).describe('AAAA-MM-JJ'),
  endsOn: text(10).describe('AAAA-MM-JJ'),
});

export const PlanItemInputSchema = z.discriminatedUnion('type', [ObjectiveItemSchema, ActionItemSchema, ContractItemSchema]).describe('Un objectif, une action ou un contrat du plan (SPIE-5)');

export const PlanItemSchema = z.object({ type: z.enum(['objective', 'action', 'contract']), id: z.int(), pathwayId: z.int() });

export const AppointmentInputSchema = z.strictObject({
  startsAt: text(40).describe('Instant ISO 8601 avec son décalage, par exemple 2026-12-03T14:30:00+01:00 ; dans le futur'),
  place: text(1000),
  subject: text(1000),
  professionalUserId: id.optional().describe('Professionnel rencontré ; par défaut le titulaire du jeton'),
  inviteEmail: z.boolean().optional().describe('Invitation par courriel ; par défaut oui si l’adresse de la personne est connue'),
  inviteSms: z.boolean().optional().describe('Invitation par SMS ; par défaut oui si son mobile est connu'),
});

export const AppointmentSchema = z.object({
  id: z.int(),
  pathwayId: z.int(),
  startsAt: instant,
  invitations: z.object({ email: z.boolean(), sms: z.boolean() }).describe('Invitations envoyées'),
});

export const ImportFieldsSchema = z.strictObject({
  mapping: z
    .string()
    .max(5000)
    .default('{}')
    .describe(`Objet JSON champ → en-tête de colonne (champs : ${IMPORT_FIELD_KEYS.join(', ')}) ; un champ absent est deviné d’après les en-têtes, "" n’est pas importé`),
  dryRun: z.enum(['true', 'false']).default('true').describe('true (par défaut) : vérifie seulement et liste les lignes refusées ; false : importe'),
});

export const ImportMappingSchema = z.partialRecord(z.enum(IMPORT_FIELD_KEYS as [string, ...string[]]), z.string().max(200));

export const ImportResultSchema = z.object({
  dryRun: z.boolean(),
  total: z.int().describe('Lignes de données du fichier'),
  created: z.int().describe('Personnes créées (ou à créer, à blanc)'),
  updated: z.int().describe('Personnes déjà connues mises à jour : un nouvel import ne crée pas de doublon'),
  errors: z.array(z.object({ line: z.int(), reason: z.string() })).describe('Chaque ligne refusée, avec sa raison'),
});

const who = z.object({ userId: z.int(), name: z.string(), organisation: z.string() });

export const PathwaySchema = z.object({
  id: z.int(),
  spaceId: z.int(),
  status: z.enum(['open', 'closed']),
  openedAt: instant,
  openedByOrganisation: z.string(),
  closedAt: instant.nullable(),
  closedReason: z.string().nullable(),
  person: z.object({
    id: z.int(),
    givenName: z.string(),
    familyName: z.string(),
    birthDate: day.nullable(),
    cafNumber: z.string().nullable(),
    franceTravailId: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    rsaRightsOpenedOn: day.nullable(),
  }),
  holdingOrganisation: z.object({ id: z.int(), name: z.string() }),
  referent: z.object({ userId: z.int(), name: z.string() }).nullable(),
  orientation: z.object({ kind: z.string(), orientedAt: instant }).nullable(),
  referents: z.array(who.extend({ startedAt: instant, endedAt: instant.nullable() })).describe('Chaque référent, l’actuel en dernier (SPIE-2)'),
  members: z.array(who.extend({ joinedAt: instant, leftAt: instant.nullable() })),
  diagnoses: z
    .array(z.object({ id: z.int(), author: z.string(), createdAt: instant, areas: z.array(z.object({ area: z.string(), label: z.string(), situation: z.string(), needs: z.string() })) }))
    .describe('Du plus récent au plus ancien ; aucun n’efface les précédents (SPIE-3)'),
  orientationRequests: z.array(
    z.object({
      id: z.int(),
      kind: z.string(),
      status: z.enum(['pending', 'accepted', 'refused']),
      reason: z.string(),
      receivingOrganisation: z.string(),
      proposedReferent: z.string().nullable(),
      requestedAt: instant,
      decidedAt: instant.nullable(),
    }),
  ),
  plan: z.object({
    objectives: z.array(z.object({ id: z.int(), area: z.string(), label: z.string(), byPerson: z.boolean(), createdAt: instant })),
    actions: z.array(
      z.object({
        id: z.int(),
        objectiveId: z.int().nullable(),
        kind: z.string(),
        label: z.string(),
        companySiret: z.string().nullable(),
        companyName: z.string().nullable(),
        service: z
          .object({ id: z.string(), name: z.string().nullable(), structure: z.string().nullable(), published: z.boolean() })
          .nullable()
          .describe('Pour une action « service du catalogue » : le service (identifiant data·inclusion, nom, structure) et s’il est encore publié'),
        startsOn: day.nullable(),
        endsOn: day.nullable(),
        status: z.string(),
      }),
    ),
    contracts: z.array(z.object({ id: z.int(), kind: z.string(), startsOn: day, endsOn: day, createdAt: instant })),
  }),
  appointments: z.array(
    z.object({ id: z.int(), startsAt: instant, place: z.string(), subject: z.string(), status: z.string(), professional: z.string().nullable(), inviteEmail: z.boolean(), inviteSms: z.boolean() }),
  ),
  timeline: z.array(z.object({ id: z.int(), kind: z.string(), label: z.string(), actor: z.string(), occurredAt: instant, summary: z.record(z.string(), z.unknown()) })).describe('Chaque événement du parcours, dans l’ordre'),
});

/** The schemas of the pathway operations, by component name (merged into the document's). */
export const PATHWAY_COMPONENTS = {
  PersonQuery: PersonQuerySchema,
  Candidate: CandidateSchema,
  CandidateList: CandidateListSchema,
  NewPerson: NewPersonSchema,
  OpenPathwayInput: OpenPathwayInputSchema,
  PathwayOpened: PathwayOpenedSchema,
  DuplicateCandidates: DuplicateCandidatesSchema,
  Pathway: PathwaySchema,
  DiagnosisInput: DiagnosisInputSchema,
  Created: CreatedSchema,
  OrientationRequestInput: OrientationRequestInputSchema,
  OrientationDecisionInput: OrientationDecisionInputSchema,
  OrientationDecision: OrientationDecisionSchema,
  ReferentInput: ReferentInputSchema,
  Referent: ReferentSchema,
  PlanItemInput: PlanItemInputSchema,
  PlanItem: PlanItemSchema,
  AppointmentInput: AppointmentInputSchema,
  Appointment: AppointmentSchema,
  ImportResult: ImportResultSchema,
} as const;
