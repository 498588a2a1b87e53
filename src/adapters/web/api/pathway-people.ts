/**
 * findPeople and openPathway (issue 5 §2, SPIE-1): the search before opening a pathway, and the
 * opening — for a person found, or for a new one once the close records have been looked at. Every
 * person a search returns is logged as read (SPIE-7), as on the web page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openPathway } from '../../../domains/pathway/adapters/pathways.js';
import { checkNewPerson, checkPersonQuery, dayFromInput, uniqueViolation } from '../../../domains/pathway/adapters/people.js';
import { findCandidates, findSamePerson } from '../../../domains/pathway/use-cases/find-candidates.js';
import { knownId } from './common.js';
import { ApiError, parseOr400 } from './errors.js';
import { pathwayAuthz, refused } from './pathway-common.js';
import { candidateJson } from './pathway-json.js';
import { OpenPathwayInputSchema, PersonQuerySchema } from './pathway-schemas.js';

const NOT_OPENED = 'Le parcours n’a pas été ouvert.';

export function registerPathwayPeopleApi(api: FastifyInstance): void {
  const deps = api.deps;

  // A POST: what is searched for (name, birth date) stays out of URLs and their logs.
  api.post('/api/v1/spaces/:id/people/search', { config: pathwayAuthz.personSearch }, async (request) => {
    const body = parseOr400(PersonQuerySchema, request.body ?? {});
    const check = checkPersonQuery(body);
    if (!check.ok) throw refused('La recherche n’est pas valide.', check.errors, 'SPIE-1');
    const candidates = await findCandidates(deps.db, { spaceId: knownId(request), query: check.query, actor: request.actor!, now: deps.clock() });
    return { candidates: candidates.map(candidateJson) };
  });

  api.post('/api/v1/spaces/:id/pathways', { config: pathwayAuthz.pathwayOpen }, async (request: FastifyRequest, reply) => {
    const body = parseOr400(OpenPathwayInputSchema, request.body);
    const spaceId = knownId(request);
    const actor = request.actor!;
    const now = deps.clock();
    if (body.personId !== undefined) {
      const result = await openPathway(deps.db, { spaceId, personId: body.personId, actor, now });
      if (!result.ok && result.status === 409) throw new ApiError(409, NOT_OPENED, [{ rule: 'SPIE-1', field: 'personId', message: result.message }], { pathwayId: result.pathwayId, candidates: [] });
      if (!result.ok) throw new ApiError(422, NOT_OPENED, [{ rule: 'SPIE-1', field: 'personId', message: result.message }]);
      reply.status(201).header('location', `/api/v1/pathways/${result.pathwayId}`);
      return { pathwayId: result.pathwayId, personId: result.personId };
    }
    const typed = body.person!;
    const check = checkNewPerson({ ...typed, birthDate: dayFromInput(typed.birthDate), rsaRightsOpenedOn: dayFromInput(typed.rsaRightsOpenedOn) });
    if (!check.ok) throw refused(NOT_OPENED, check.errors, 'SPIE-1', 'person.');
    const person = check.values;
    const { candidates, owners } = await findSamePerson(deps.db, { spaceId, person, actor, now });
    const { cafNumber: cafOwner, franceTravailId: ftOwner } = owners;
    const taken = [
      ...(cafOwner ? [{ rule: 'SPIE-1', field: 'person.cafNumber', message: `Ce numéro est déjà celui de la fiche n° ${cafOwner.id} (${cafOwner.givenName} ${cafOwner.familyName}) : ouvrez son parcours plutôt que de créer une nouvelle fiche.` }] : []),
      ...(ftOwner ? [{ rule: 'SPIE-1', field: 'person.franceTravailId', message: `Cet identifiant est déjà celui de la fiche n° ${ftOwner.id} (${ftOwner.givenName} ${ftOwner.familyName}) : ouvrez son parcours plutôt que de créer une nouvelle fiche.` }] : []),
    ];
    if (taken.length) throw new ApiError(409, NOT_OPENED, taken, { candidates: candidates.map(candidateJson) });
    const unchecked = candidates.filter((c) => !body.notAnyOf.includes(c.id));
    if (unchecked.length) {
      throw new ApiError(
        409,
        'Cette personne est peut-être déjà connue du SPIE : le parcours n’a pas été ouvert.',
        [{ rule: 'SPIE-1', field: 'notAnyOf', message: `Vérifiez les fiches proches n° ${unchecked.map((c) => c.id).join(', ')} : ouvrez le parcours de la bonne (personId), ou renvoyez la demande avec leurs numéros dans « notAnyOf » si aucune n’est la personne.` }],
        { candidates: candidates.map(candidateJson) },
      );
    }
    let result;
    try {
      result = await openPathway(deps.db, { spaceId, newPerson: person, actor, now });
    } catch (error) {
      const clash = uniqueViolation(error);
      if (!clash) throw error;
      throw new ApiError(409, NOT_OPENED, [{ rule: 'SPIE-1', field: `person.${clash.field}`, message: clash.message }], { candidates: [] });
    }
    if (!result.ok) throw new ApiError(result.status, NOT_OPENED, [{ rule: 'SPIE-1', message: result.message }]);
    reply.status(201).header('location', `/api/v1/pathways/${result.pathwayId}`);
    return { pathwayId: result.pathwayId, personId: result.personId };
  });
}
