/**
 * The OpenAPI 3.1 document of the API, served at /api/v1/openapi.json. Its schemas are generated from
 * the zod schemas the routes parse with; a test checks that every API route is in it and vice versa.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { cataloguePaths } from './catalogue.js';
import { pathwayPaths } from './pathway-openapi.js';
import { PATHWAY_COMPONENTS } from './pathway-schemas.js';
import { AttachmentFieldsSchema, COMPONENTS } from './schemas.js';

const ALL_COMPONENTS = { ...COMPONENTS, ...PATHWAY_COMPONENTS };
type ComponentName = keyof typeof ALL_COMPONENTS;

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });

const ERROR_TEXTS: Record<number, string> = {
  400: 'Corps ou paramètres invalides (détails par champ)',
  401: 'Jeton d’API absent, inconnu ou révoqué',
  403: 'Le rôle du titulaire du jeton ne permet pas cette action',
  404: 'Introuvable, ou hors du périmètre du titulaire du jeton',
  409: 'Conflit avec l’état : version périmée d’une section, candidature déjà déposée, pas encore prête, ou sans convention signée',
  413: 'Trop volumineux (fichier de plus de 20 Mo, corps JSON de plus de 1 Mo)',
  415: 'Type de contenu non pris en charge',
  422: 'Refusé par une règle (détails avec la règle AMI-…, le champ et le message)',
};

function errors(...codes: number[]) {
  return Object.fromEntries([401, ...codes].map((c) => [String(c), { description: ERROR_TEXTS[c]!, content: json(ref('Error')) }]));
}

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };

function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(ALL_COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'input' });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [name, rest];
    }),
  );
}

/** The form fields as the route parses them, plus the file. */
function multipartSchema() {
  const { $schema: _schema, ...fields } = z.toJSONSchema(AttachmentFieldsSchema, { io: 'input' }) as { $schema?: string; properties: object; required?: string[] };
  const file = { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream', description: 'Le fichier (type reconnu par son contenu)' };
  return { ...fields, properties: { ...fields.properties, file }, required: [...(fields.required ?? []), 'file'] };
}

export function openApiDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'API du service public de l’insertion et de l’emploi (SPIE)',
      version: '1.0.0',
      description:
        'Appels à manifestation d’intérêt et candidatures ; parcours des personnes accompagnées dans le SPIE d’un territoire (recherche, ' +
        'ouverture, diagnostic, orientation, référent, plan, rendez-vous, import des listes RSA). Chaque lecture des données d’une personne ' +
        'est inscrite au journal qu’elle consulte. Authentification par jeton d’API (`npm run cli -- token:create <courriel>`), ' +
        'envoyé dans l’en-tête `Authorization: Bearer <jeton>` ; le jeton a exactement les droits de son titulaire. Les cookies de session ' +
        'ne valent pas sur l’API. Montants en centimes d’euro (entiers) ; jours au format AAAA-MM-JJ, heure de Paris. ' +
        'Erreurs : `{ error, details: [{ rule?, field?, message }] }`, en français.',
    },
    servers: [{ url: publicUrl }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/api/v1/openapi.json': {
        get: { summary: 'Ce document (public)', security: [], responses: { 200: { description: 'Document OpenAPI 3.1', content: json({ type: 'object' }) } } },
      },
      '/api/v1/calls': {
        get: {
          operationId: 'listCalls',
          summary: 'Liste les appels (brouillons compris pour l’équipe nationale)',
          responses: { 200: { description: 'Les appels, du plus récent au plus ancien', content: json(ref('CallList')) }, ...errors(403) },
        },
        post: {
          operationId: 'createCall',
          summary: 'Crée un appel, en brouillon (équipe nationale ; règles AMI-1, AMI-2)',
          requestBody: { required: true, content: json(ref('CallInput')) },
          responses: { 201: { description: 'Appel créé', content: json(ref('Call')) }, ...errors(400, 403, 422) },
        },
      },
      '/api/v1/calls/{id}': {
        get: {
          operationId: 'getCall',
          summary: 'Un appel',
          parameters: [idParameter],
          responses: { 200: { description: 'L’appel', content: json(ref('Call')) }, ...errors(404) },
        },
      },
      '/api/v1/calls/{id}/export': {
        get: {
          operationId: 'exportApplications',
          summary: 'Exporte les candidatures de l’appel, limitées au périmètre du titulaire du jeton, en CSV ou XLSX (sans les contributions d’experts)',
          parameters: [idParameter, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['csv', 'xlsx'], default: 'csv' } }],
          responses: {
            200: {
              description: 'Le fichier (en pièce jointe)',
              content: {
                'text/csv': { schema: { type: 'string' } },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } },
              },
            },
            ...errors(400, 404),
          },
        },
      },
      '/api/v1/applications': {
        get: {
          operationId: 'listApplications',
          summary: 'Liste les candidatures du périmètre du titulaire du jeton (brouillons : ceux de son organisation)',
          parameters: [{ name: 'callId', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description: 'Seulement les candidatures de cet appel' }],
          responses: { 200: { description: 'Les candidatures, de la plus récente à la plus ancienne', content: json(ref('ApplicationList')) }, ...errors(400, 403) },
        },
        post: {
          operationId: 'createApplication',
          summary: 'Crée une candidature pour l’organisation du porteur (AMI-2, AMI-3, AMI-4)',
          requestBody: { required: true, content: json(ref('ApplicationInput')) },
          responses: { 201: { description: 'Candidature créée, en brouillon', content: json(ref('Application')) }, ...errors(400, 403, 422) },
        },
      },
      '/api/v1/applications/{id}': {
        get: {
          operationId: 'getApplication',
          summary: 'Une candidature : état, appel, territoire, sections et leurs versions, pièces, recevabilité',
          parameters: [idParameter],
          responses: { 200: { description: 'La candidature', content: json(ref('Application')) }, ...errors(404) },
        },
        patch: {
          operationId: 'updateApplication',
          summary: 'Remplace des sections, chacune sur la version lue (une version périmée : 409 et ce qui a changé, rien n’est enregistré)',
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref('ApplicationPatch')) },
          responses: { 200: { description: 'La candidature enregistrée', content: json(ref('Application')) }, ...errors(400, 404, 409) },
        },
      },
      '/api/v1/applications/{id}/admissibility': {
        get: {
          operationId: 'getAdmissibility',
          summary: 'Recevabilité (AMI-10 … AMI-15) et signaux de qualité',
          parameters: [idParameter],
          responses: { 200: { description: 'Les règles non respectées et les signaux de qualité', content: json(ref('Admissibility')) }, ...errors(404) },
        },
      },
      '/api/v1/applications/{id}/submit': {
        post: {
          operationId: 'submitApplication',
          summary: 'Dépose la candidature : règles revérifiées, dossier verrouillé, empreinte SHA-256, accusé de réception, courriel',
          parameters: [idParameter],
          responses: { 200: { description: 'Candidature déposée', content: json(ref('Submission')) }, ...errors(404, 409, 422) },
        },
      },
      '/api/v1/applications/{id}/attachments': {
        post: {
          operationId: 'uploadAttachment',
          summary: 'Ajoute une pièce : PDF, ODT, DOCX, JPEG ou PNG reconnus par leur contenu, 20 Mo au plus',
          parameters: [idParameter],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: multipartSchema(),
              },
            },
          },
          responses: { 201: { description: 'Pièce ajoutée', content: json(ref('Attachment')) }, ...errors(400, 404, 409, 413, 415, 422) },
        },
      },
      '/api/v1/applications/{id}/opinions': {
        post: {
          operationId: 'recordOpinion',
          summary:
            'Enregistre un avis : du préfet (de département sur le sien, sinon de région), collégial (commissaire), ou la contribution d’un expert invité, ' +
            'éventuellement confidentielle (AMI-21) ; le droit dépend du genre d’avis. La réponse ne contient aucun texte d’avis.',
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref('OpinionInput')) },
          responses: { 201: { description: 'Avis enregistré', content: json(ref('OpinionResult')) }, ...errors(400, 404, 409, 422) },
        },
      },
      '/api/v1/applications/{id}/return': {
        post: {
          operationId: 'returnForCompletion',
          summary: 'Renvoie une candidature déposée ou en instruction au porteur pour complément (AMI-20) ; le porteur est prévenu par courriel',
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref('ReturnInput')) },
          responses: { 200: { description: 'Candidature renvoyée', content: json(ref('StatusResult')) }, ...errors(400, 404, 409, 422) },
        },
      },
      '/api/v1/applications/{id}/decision': {
        post: {
          operationId: 'decide',
          summary: 'Décision nationale, après l’avis collégial ; pas plus de lauréats que de places de l’appel (AMI-22)',
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref('DecisionInput')) },
          responses: { 200: { description: 'Décision enregistrée', content: json(ref('StatusResult')) }, ...errors(400, 403, 404, 409, 422) },
        },
      },
      '/api/v1/applications/{id}/payments': {
        post: {
          operationId: 'recordPayment',
          summary: 'Enregistre un versement sur la convention signée, au plus le reste dû (AMI-23)',
          parameters: [idParameter],
          requestBody: { required: true, content: json(ref('PaymentInput')) },
          responses: { 201: { description: 'Versement enregistré, avec le reste à verser', content: json(ref('PaymentResult')) }, ...errors(400, 403, 404, 409, 422) },
        },
      },
      ...pathwayPaths(ref),
      ...cataloguePaths(ref('Error')),
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Jeton d’API créé par `npm run cli -- token:create <courriel>`' } },
      schemas: componentSchemas(),
    },
  };
}

export function registerOpenApiRoute(api: FastifyInstance): void {
  const document = openApiDocument(api.deps.config.publicUrl);
  api.get('/api/v1/openapi.json', { config: { authz: { action: 'public.view' } } }, async () => document);
}
