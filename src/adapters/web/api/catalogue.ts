/**
 * The catalogue of insertion services in the API (issue 6 §6): searchServices, getService (the space's
 * professionals: catalogue.search) and exportCatalogue (its coordinator: catalogue.manage), with the
 * same rules and queries as the web pages. Services and structures are data·inclusion v1 records.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DISTANCE_UNAVAILABLE, findService, PAGE_SIZE, searchServices } from '../../../domains/catalogue/adapters/search.js';
import { isRadius, RADII_KM } from '../../../domains/catalogue/entities/distance.js';
import { VALUE_LISTS, thematiqueFamily } from '../../../domains/catalogue/entities/value-lists.js';
import { exportCatalogue } from '../../../domains/catalogue/use-cases/catalogue-exchange.js';
import type { AuthzObject } from '../../../domains/authorization/authorize.js';
import { spaceAuthzObject } from '../../../domains/pathway/adapters/spaces.js';
import type { AppDeps, RouteAuthz } from '../context.js';
import { knownId, pathId } from './common.js';
import { ApiError, parseOr400 } from './errors.js';

const loadSpace = (request: FastifyRequest, deps: AppDeps): Promise<AuthzObject | null> => {
  const id = pathId(request);
  return id === null ? Promise.resolve(null) : spaceAuthzObject(deps.db, id);
};

const catalogueAuthz = {
  search: { authz: { action: 'catalogue.search', object: loadSpace } },
  manage: { authz: { action: 'catalogue.manage', object: loadSpace } },
} as const satisfies Record<string, { authz: RouteAuthz }>;

const THEMATIQUE_FILTERS = [...new Set(VALUE_LISTS.thematiques.map((t) => thematiqueFamily(t.value))), ...VALUE_LISTS.thematiques.map((t) => t.value)] as [string, ...string[]];
const PUBLICS = VALUE_LISTS.publics.map((p) => p.value) as [string, ...string[]];

export const ServiceQuerySchema = z.strictObject({
  thematique: z.enum(THEMATIQUE_FILTERS).optional().describe('Une thématique data·inclusion, ou sa famille entière (« mobilite »)'),
  public: z.enum(PUBLICS).optional().describe('Un public data·inclusion'),
  lieu: z.string().trim().min(1).max(200).optional().describe('Commune, EPCI ou département : code INSEE, code postal, SIREN de l’EPCI, numéro ou nom'),
  texte: z.string().trim().min(1).max(200).optional().describe('Mots cherchés dans le nom, la description du service et le nom de la structure'),
  rayon: z.coerce
    .number()
    .refine((km) => isRadius(km), { message: `Rayon en kilomètres : ${RADII_KM.join(', ')}.` })
    .optional()
    .describe(`Distance en kilomètres autour du centre de la commune « lieu » (${RADII_KM.join(', ')}) : les services situés dans ce rayon (leurs coordonnées, ou celles de leur structure), du plus proche au plus lointain`),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export function registerCatalogueApi(api: FastifyInstance): void {
  const { db } = api.deps;

  api.get('/api/v1/spaces/:id/services', { config: catalogueAuthz.search }, async (request) => {
    const query = parseOr400(ServiceQuerySchema, request.query ?? {}, 'La requête');
    const result = await searchServices(db, knownId(request), query);
    if (result.place === 'inconnu') throw new ApiError(422, 'Lieu introuvable.', [{ field: 'lieu', message: 'Aucune commune, aucun EPCI ni aucun département ne porte ce nom ou ce code.' }]);
    if (query.rayon !== undefined && !query.lieu) throw new ApiError(422, 'Rayon sans lieu.', [{ field: 'lieu', message: 'Indiquez la commune autour de laquelle chercher.' }]);
    if (result.distance && 'unavailable' in result.distance) throw new ApiError(422, 'Recherche par distance impossible.', [{ field: 'rayon', message: DISTANCE_UNAVAILABLE[result.distance.unavailable] }]);
    return { total: result.total, moreThanTotal: result.moreThanTotal, page: result.page, pageSize: PAGE_SIZE, pageCount: result.pageCount, place: result.place, services: result.services };
  });

  api.get('/api/v1/spaces/:id/services/:serviceId', { config: catalogueAuthz.search }, async (request) => {
    const serviceId = String((request.params as { serviceId: string }).serviceId).slice(0, 300);
    const detail = await findService(db, knownId(request), serviceId);
    if (!detail) throw new ApiError(404, 'Service introuvable dans le catalogue de cet espace.');
    return detail;
  });

  api.get('/api/v1/spaces/:id/catalogue', { config: catalogueAuthz.manage }, async (request) => exportCatalogue(db, knownId(request)));
}

/** The three operations in the OpenAPI document (openapi.ts spreads them into its paths). */
export function cataloguePaths(errorRef: { $ref: string }) {
  const json = (schema: object) => ({ 'application/json': { schema } });
  const error = (description: string) => ({ description, content: json(errorRef) });
  const common = {
    401: error('Jeton d’API absent, inconnu ou révoqué'),
    404: error('Introuvable, ou hors du périmètre du titulaire du jeton'),
  };
  const spaceId = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'L’espace SPIE du territoire' };
  const record = (file: string) => ({ type: 'object', description: `Enregistrement au schéma data·inclusion v1 (${file}) : toutes ses propriétés, null quand elles ne sont pas renseignées`, additionalProperties: true });
  const { $schema: _schema, properties } = z.toJSONSchema(ServiceQuerySchema, { io: 'input' }) as { $schema?: string; properties: Record<string, object> };
  const hit = {
    type: 'object',
    required: ['id', 'nom', 'description', 'structureNom', 'commune', 'type', 'thematiques', 'publics', 'frais', 'distanceKm'],
    properties: {
      id: { type: 'string' },
      nom: { type: 'string' },
      description: { type: 'string' },
      structureNom: { type: 'string' },
      commune: { type: ['string', 'null'] },
      type: { type: ['string', 'null'] },
      thematiques: { type: 'array', items: { type: 'string' } },
      publics: { type: 'array', items: { type: 'string' } },
      frais: { type: ['string', 'null'] },
      distanceKm: { type: ['number', 'null'], description: 'Distance en kilomètres depuis le centre de la commune, dans une recherche par rayon ; null sinon' },
    },
  };
  const place = { type: ['object', 'null'], properties: { kind: { enum: ['commune', 'epci', 'departement'] }, code: { type: 'string' }, name: { type: 'string' } } };
  return {
    '/api/v1/spaces/{id}/services': {
      get: {
        operationId: 'searchServices',
        summary: 'Cherche dans les services publiés du catalogue de l’espace : thématique, public, lieu (commune, EPCI, département) ou distance autour d’une commune, texte libre ; 20 par page, par nom (par distance avec un rayon)',
        parameters: [spaceId, ...Object.entries(properties).map(([name, schema]) => ({ name, in: 'query', required: false, schema }))],
        responses: {
          200: {
            description: 'Une page de services',
            content: json({ type: 'object', properties: { total: { type: 'integer', description: 'Services trouvés, comptés jusqu’à 1 000.' }, moreThanTotal: { type: 'boolean', description: 'Il y en a plus de 1 000 : affiner la recherche.' }, page: { type: 'integer' }, pageSize: { type: 'integer' }, pageCount: { type: 'integer' }, place, services: { type: 'array', items: hit } } }),
          },
          400: error('Paramètre inconnu ou valeur hors des listes data·inclusion'),
          ...common,
          422: error('Lieu introuvable, ou recherche par distance impossible (lieu qui n’est pas une commune, commune sans coordonnées)'),
        },
      },
    },
    '/api/v1/spaces/{id}/services/{serviceId}': {
      get: {
        operationId: 'getService',
        summary: 'Un service publié du catalogue de l’espace et sa structure, au schéma data·inclusion v1',
        parameters: [spaceId, { name: 'serviceId', in: 'path', required: true, schema: { type: 'string' }, description: 'L’identifiant data·inclusion du service' }],
        responses: { 200: { description: 'Le service et sa structure', content: json({ type: 'object', properties: { service: record('service.json'), structure: record('structure.json') } }) }, ...common },
      },
    },
    '/api/v1/spaces/{id}/catalogue': {
      get: {
        operationId: 'exportCatalogue',
        summary: 'Le catalogue de l’espace (structures et services publiés) au format data·inclusion v1 — coordinateur du territoire',
        parameters: [spaceId],
        responses: {
          200: { description: 'L’export data·inclusion v1', content: json({ type: 'object', properties: { structures: { type: 'array', items: record('structure.json') }, services: { type: 'array', items: record('service.json') } } }) },
          ...common,
        },
      },
    },
  };
}
