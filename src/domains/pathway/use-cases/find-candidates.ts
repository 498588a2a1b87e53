/**
 * The search before opening a pathway (issue 5 §2, SPIE-1), as the space's pages and the API
 * (findPeople, openPathway) run it: the people found, each read logged (SPIE-7), and for each open
 * pathway who holds it and whether the actor may see it (SPIE-7: members and the holding
 * organisation's managers only).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { authorize } from '../../authorization/authorize.js';
import type { Actor } from '../../identity/entities/role.js';
import { logPersonAccess } from '../adapters/access-log.js';
import { pathwayAuthzObject } from '../adapters/pathways.js';
import { findPeople, pathwayHolders, type PersonCandidate, type PersonCheck, type PersonQuery } from '../adapters/people.js';

type CheckedPerson = Extract<PersonCheck, { ok: true }>['values'];

export interface ShownCandidate extends PersonCandidate {
  /** The open pathway: who holds it and whether the actor may see it (SPIE-7). */
  pathway: { id: number; holder: string; mayView: boolean } | null;
}

/** Adds to each candidate what the actor may do about their open pathway. */
async function describeCandidates(db: Kysely<Database>, actor: Actor, candidates: PersonCandidate[], now: Date): Promise<ShownCandidate[]> {
  const open = candidates.flatMap((c) => (c.openPathwayId ? [c.openPathwayId] : []));
  const holders = await pathwayHolders(db, open);
  const shown: ShownCandidate[] = [];
  for (const c of candidates) {
    if (!c.openPathwayId) {
      shown.push({ ...c, pathway: null });
      continue;
    }
    const object = await pathwayAuthzObject(db, c.openPathwayId, now);
    const mayView = object ? authorize(actor, 'pathway.view', object).allowed : false;
    shown.push({ ...c, pathway: { id: c.openPathwayId, holder: holders.get(c.openPathwayId) ?? 'une autre organisation', mayView } });
  }
  return shown;
}

/** findPeople in the space, the read of every person found logged, and what the actor may do for each. */
export async function findCandidates(db: Kysely<Database>, input: { spaceId: number; query: PersonQuery; actor: Actor; now: Date }): Promise<ShownCandidate[]> {
  const found = await findPeople(db, input.spaceId, input.query);
  await logPersonAccess(db, { personIds: found.map((c) => c.id), actor: input.actor, action: 'person.search', now: input.now });
  return describeCandidates(db, input.actor, found, input.now);
}

/**
 * SPIE-1: the same person under the typed name, birth date and identifiers, looked for before creating
 * anyone; and the records that already hold the typed CAF/MSA number or France Travail identifier (one
 * record per person: the new one is then refused outright).
 */
export async function findSamePerson(db: Kysely<Database>, input: { spaceId: number; person: CheckedPerson; actor: Actor; now: Date }) {
  const { person } = input;
  const query = { name: `${person.given_name} ${person.family_name}`, birthDate: person.birth_date ?? '', cafNumber: person.caf_number ?? '', franceTravailId: person.france_travail_id ?? '' };
  const candidates = await findCandidates(db, { spaceId: input.spaceId, query, actor: input.actor, now: input.now });
  const owners = {
    cafNumber: candidates.find((c) => person.caf_number && c.cafNumber === person.caf_number),
    franceTravailId: candidates.find((c) => person.france_travail_id && c.franceTravailId === person.france_travail_id),
  };
  return { candidates, owners };
}
