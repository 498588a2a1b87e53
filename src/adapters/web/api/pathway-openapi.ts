/** The pathway operations in the OpenAPI document (issue 5 §13), their schemas generated from pathway-schemas.ts. */
import { z } from 'zod';
import { MAX_IMPORT_MEGABYTES } from '../../../domains/pathway/entities/import-csv.js';
import { ImportFieldsSchema, type PATHWAY_COMPONENTS } from './pathway-schemas.js';

type Ref = (name: keyof typeof PATHWAY_COMPONENTS | 'Error') => { $ref: string };
const json = (schema: object) => ({ 'application/json': { schema } });

const TEXTS: Record<number, string> = {
  400: 'Corps ou paramètres d’un type invalide (détails par champ)',
  401: 'Jeton d’API absent, inconnu ou révoqué',
  404: 'Introuvable, ou hors du périmètre du titulaire du jeton (SPIE-7 : membres du parcours et responsables de l’organisation qui le porte) ; la tentative est journalisée',
  409: 'Conflit avec l’état : parcours clos, demande déjà traitée ou en attente',
  413: `Fichier trop volumineux (${MAX_IMPORT_MEGABYTES} Mo au plus)`,
  415: 'Type de contenu non pris en charge',
  422: 'Refusé par une règle : détails avec la règle SPIE-…, le champ et le message ; rien n’est enregistré',
};

function errors(ref: Ref, ...codes: number[]) {
  return Object.fromEntries([401, 404, ...codes].map((c) => [String(c), { description: TEXTS[c]!, content: json(ref('Error')) }]));
}

const spaceId = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'L’espace SPIE du territoire' };
const pathwayId = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'Le parcours' };

/** The fields of the import form as the route parses them, plus the file. */
function importFormSchema() {
  const { $schema: _schema, ...fields } = z.toJSONSchema(ImportFieldsSchema, { io: 'input' }) as { $schema?: string; properties: object; required?: string[] };
  const file = { type: 'string', format: 'binary', contentMediaType: 'text/csv', description: 'La liste, en CSV : UTF-8 ou Windows-1252, séparateur « ; » ou « , », une ligne d’en-têtes' };
  return { ...fields, properties: { ...fields.properties, file }, required: [...(fields.required ?? []), 'file'] };
}

export function pathwayPaths(ref: Ref) {
  return {
    '/api/v1/spaces/{id}/people/search': {
      post: {
        operationId: 'findPeople',
        summary: 'Cherche une personne dans l’espace avant d’ouvrir un parcours : nom (ordre, accents, majuscules et traits d’union indifférents), date de naissance, numéro CAF/MSA, identifiant France Travail (SPIE-1). Chaque personne rendue est inscrite au journal de ses consultations',
        parameters: [spaceId],
        requestBody: { required: true, content: json(ref('PersonQuery')) },
        responses: { 200: { description: 'Les fiches qui correspondent', content: json(ref('CandidateList')) }, ...errors(ref, 400, 422) },
      },
    },
    '/api/v1/spaces/{id}/pathways': {
      post: {
        operationId: 'openPathway',
        summary:
          'Ouvre un parcours depuis l’organisation du titulaire du jeton, pour une personne connue ou une nouvelle (SPIE-1). Pour une nouvelle personne, les fiches proches sont cherchées : s’il y en a, 409 avec ces fiches ; renvoyez la demande avec leurs numéros dans « notAnyOf » si aucune n’est la personne',
        parameters: [spaceId],
        requestBody: { required: true, content: json(ref('OpenPathwayInput')) },
        responses: {
          201: { description: 'Parcours ouvert ; en-tête Location : le parcours', content: json(ref('PathwayOpened')) },
          409: { description: 'Fiches proches à vérifier, numéro déjà porté par une autre fiche, ou parcours déjà ouvert pour cette personne : rien n’est créé', content: json(ref('DuplicateCandidates')) },
          ...Object.fromEntries(Object.entries(errors(ref, 400, 422)).filter(([c]) => c !== '409')),
        },
      },
    },
    '/api/v1/pathways/{id}': {
      get: {
        operationId: 'getPathway',
        summary: 'Le parcours : la personne, référents et membres, diagnostics, orientation, plan, rendez-vous, historique. La consultation est inscrite au journal que la personne voit (SPIE-6, SPIE-7)',
        parameters: [pathwayId],
        responses: { 200: { description: 'Le parcours', content: json(ref('Pathway')) }, ...errors(ref) },
      },
    },
    '/api/v1/pathways/{id}/diagnoses': {
      post: {
        operationId: 'recordDiagnosis',
        summary: 'Enregistre un diagnostic, daté et signé par le titulaire du jeton ; il n’efface pas les précédents (SPIE-3)',
        parameters: [pathwayId],
        requestBody: { required: true, content: json(ref('DiagnosisInput')) },
        responses: { 201: { description: 'Diagnostic enregistré', content: json(ref('Created')) }, ...errors(ref, 400, 409, 422) },
      },
    },
    '/api/v1/pathways/{id}/orientation-requests': {
      post: {
        operationId: 'requestOrientation',
        summary: 'Demande une orientation (professionnelle, socio-professionnelle ou sociale) vers une organisation d’accueil et un référent proposé ; une seule demande en attente à la fois (SPIE-4)',
        parameters: [pathwayId],
        requestBody: { required: true, content: json(ref('OrientationRequestInput')) },
        responses: { 201: { description: 'Demande enregistrée, en attente de la réponse du département', content: json(ref('Created')) }, ...errors(ref, 400, 409, 422) },
      },
    },
    '/api/v1/spaces/{id}/orientation-requests/{requestId}/decision': {
      post: {
        operationId: 'decideOrientation',
        summary: 'Le département (coordinateur de l’espace) accepte la demande — le parcours est orienté et le référent proposé désigné — ou la refuse avec un motif (SPIE-4) ; le demandeur est prévenu par courriel',
        parameters: [spaceId, { name: 'requestId', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'La demande d’orientation' }],
        requestBody: { required: true, content: json(ref('OrientationDecisionInput')) },
        responses: { 200: { description: 'Réponse enregistrée', content: json(ref('OrientationDecision')) }, ...errors(ref, 400, 409, 422) },
      },
    },
    '/api/v1/pathways/{id}/referent': {
      put: {
        operationId: 'assignReferent',
        summary: 'Désigne le référent unique ; le précédent est gardé dans l’historique et lit encore le parcours pendant la durée configurée (SPIE-2)',
        parameters: [pathwayId],
        requestBody: { required: true, content: json(ref('ReferentInput')) },
        responses: { 200: { description: 'Référent désigné', content: json(ref('Referent')) }, ...errors(ref, 400, 409, 422) },
      },
    },
    '/api/v1/pathways/{id}/plan-items': {
      post: {
        operationId: 'addPlanItem',
        summary: 'Ajoute au plan un objectif par domaine, une action (libre, immersion en entreprise avec SIRET et dates, ou service publié du catalogue du territoire) ou un contrat (CER, PPAE, contrat d’engagement) (SPIE-5)',
        parameters: [pathwayId],
        requestBody: { required: true, content: json(ref('PlanItemInput')) },
        responses: { 201: { description: 'Élément ajouté', content: json(ref('PlanItem')) }, ...errors(ref, 400, 409, 422) },
      },
    },
    '/api/v1/pathways/{id}/appointments': {
      post: {
        operationId: 'scheduleAppointment',
        summary: 'Fixe un rendez-vous ; la personne est invitée par courriel et par SMS (rappel deux jours avant)',
        parameters: [pathwayId],
        requestBody: { required: true, content: json(ref('AppointmentInput')) },
        responses: { 201: { description: 'Rendez-vous fixé, et les invitations envoyées', content: json(ref('Appointment')) }, ...errors(ref, 400, 409, 422) },
      },
    },
    '/api/v1/spaces/{id}/imports': {
      post: {
        operationId: 'importPeople',
        summary:
          'Importe une liste de bénéficiaires du RSA (coordinateur de l’espace) : à blanc (dryRun, par défaut), chaque ligne refusée avec sa raison, rien n’est écrit ; sinon les personnes sont créées, ou mises à jour si elles sont déjà connues (numéro CAF/MSA, identifiant France Travail)',
        parameters: [spaceId],
        requestBody: { required: true, content: { 'multipart/form-data': { schema: importFormSchema() } } },
        responses: {
          200: { description: 'Vérification à blanc', content: json(ref('ImportResult')) },
          201: { description: 'Liste importée', content: json(ref('ImportResult')) },
          ...errors(ref, 400, 413, 415, 422),
        },
      },
    },
  };
}
