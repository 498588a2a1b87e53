/**
 * People of a territory's space (SPIE-1): look for an existing person before creating one — by name
 * (normalised key, any word order), by family name and birth date, by CAF/MSA number or by France
 * Travail identifier — and merge two records of the same person, keeping both histories.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import { familyKey, nameKey, normaliseCafNumber, normaliseFranceTravailId, searchKey } from '../entities/person-name.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface PersonQuery {
  name?: string;
  birthDate?: string;
  cafNumber?: string;
  franceTravailId?: string;
}

export interface PersonCandidate {
  id: number;
  givenName: string;
  familyName: string;
  birthDate: string | null;
  cafNumber: string | null;
  franceTravailId: string | null;
  /** Why it came up: what matched. */
  matches: ('nom' | 'nom et date de naissance' | 'numéro CAF/MSA' | 'identifiant France Travail')[];
  openPathwayId: number | null;
}

export const MAX_CANDIDATES = 20;

function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/**
 * Candidates for a query, best first; only people not merged away nor anonymised. Uses the indexes
 * `person_name_idx` (key prefix), `person_family_birth_idx`, `person_caf_idx`, `person_ft_idx`.
 */
export async function findPeople(db: Db, spaceId: number, query: PersonQuery): Promise<PersonCandidate[]> {
  const key = query.name ? searchKey(query.name) : '';
  const birth = query.birthDate && isDay(query.birthDate) ? query.birthDate : null;
  const caf = query.cafNumber ? normaliseCafNumber(query.cafNumber) : null;
  const ft = query.franceTravailId ? normaliseFranceTravailId(query.franceTravailId) : null;
  const family = query.name ? familyKey(query.name.split(/\s+/).slice(-1)[0] ?? '') : '';
  if (!key && !caf && !ft && !birth) return [];
  const rows = await db
    .selectFrom('person as p')
    .select(['p.id', 'p.given_name', 'p.family_name', 'p.birth_date', 'p.caf_number', 'p.france_travail_id', 'p.name_key', 'p.family_key'])
    .select((eb) =>
      eb
        .selectFrom('pathway as w')
        .select('w.id')
        .whereRef('w.person_id', '=', 'p.id')
        .where('w.status', '=', 'open')
        .orderBy('w.id', 'desc')
        .limit(1)
        .as('open_pathway_id'),
    )
    .where('p.space_id', '=', spaceId)
    .where('p.merged_into', 'is', null)
    .where('p.anonymised_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(key ? [eb('p.name_key', 'like', `${key.replace(/[\\%_]/g, '\\$&')}%`)] : []),
        ...(birth && key ? [eb.and([eb('p.birth_date', '=', birth), eb('p.family_key', '=', family)])] : []),
        ...(birth && !key ? [eb('p.birth_date', '=', birth)] : []),
        ...(caf ? [eb('p.caf_number', '=', caf)] : []),
        ...(ft ? [eb('p.france_travail_id', '=', ft)] : []),
      ]),
    )
    .orderBy('p.family_key')
    .orderBy('p.id')
    .limit(MAX_CANDIDATES * 3)
    .execute();
  const candidates = rows.map((r) => {
    const matches: PersonCandidate['matches'] = [];
    if (caf && r.caf_number === caf) matches.push('numéro CAF/MSA');
    if (ft && r.france_travail_id === ft) matches.push('identifiant France Travail');
    if (key && r.name_key.startsWith(key) && birth && r.birth_date === birth) matches.push('nom et date de naissance');
    else if (key && r.name_key.startsWith(key)) matches.push('nom');
    else if (birth && r.birth_date === birth && (!key || r.family_key === family)) matches.push('nom et date de naissance');
    return {
      id: r.id,
      givenName: r.given_name,
      familyName: r.family_name,
      birthDate: r.birth_date,
      cafNumber: r.caf_number,
      franceTravailId: r.france_travail_id,
      matches,
      openPathwayId: (r.open_pathway_id as number | null) ?? null,
    };
  });
  // Identifiers first, then name and birth date together, then name alone.
  const weight = (c: PersonCandidate) => (c.matches.includes('numéro CAF/MSA') || c.matches.includes('identifiant France Travail') ? 0 : c.matches.includes('nom et date de naissance') ? 1 : 2);
  return candidates.filter((c) => c.matches.length > 0).sort((a, b) => weight(a) - weight(b)).slice(0, MAX_CANDIDATES);
}

export interface NewPerson {
  givenName: string;
  familyName: string;
  birthDate: string;
  cafNumber: string;
  franceTravailId: string;
  email: string;
  phone: string;
  rsaRightsOpenedOn: string;
}

export type PersonCheck =
  | { ok: true; values: { given_name: string; family_name: string; birth_date: string | null; caf_number: string | null; france_travail_id: string | null; email: string | null; phone: string | null; rsa_rights_opened_on: string | null } }
  | { ok: false; errors: Record<string, string> };

export function checkNewPerson(input: NewPerson): PersonCheck {
  const errors: Record<string, string> = {};
  const givenName = input.givenName.trim();
  const familyName = input.familyName.trim();
  if (!givenName) errors.givenName = 'Indiquez le prénom.';
  else if (givenName.length > 100) errors.givenName = 'Le prénom dépasse 100 caractères.';
  if (!familyName) errors.familyName = 'Indiquez le nom.';
  else if (familyName.length > 100) errors.familyName = 'Le nom dépasse 100 caractères.';
  const birth = input.birthDate.trim();
  if (!birth) errors.birthDate = 'Indiquez la date de naissance.';
  else if (!isDay(birth) || birth < '1900-01-01') errors.birthDate = 'Indiquez une date de naissance valide (jj/mm/aaaa).';
  const cafText = input.cafNumber.trim();
  const caf = cafText ? normaliseCafNumber(cafText) : null;
  if (cafText && !caf) errors.cafNumber = 'Le numéro d’allocataire CAF/MSA compte 7 à 13 chiffres.';
  const ftText = input.franceTravailId.trim();
  const ft = ftText ? normaliseFranceTravailId(ftText) : null;
  if (ftText && !ft) errors.franceTravailId = 'L’identifiant France Travail compte 7 à 11 lettres et chiffres.';
  const email = input.email.trim().toLowerCase();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Indiquez une adresse électronique valide.';
  const phone = input.phone.replace(/[\s.-]/g, '');
  if (phone && !/^(\+33|0)[1-9]\d{8}$/.test(phone)) errors.phone = 'Indiquez un numéro de téléphone français, par exemple 06 12 34 56 78.';
  const rsa = input.rsaRightsOpenedOn.trim();
  if (rsa && !isDay(rsa)) errors.rsaRightsOpenedOn = 'Indiquez une date valide (jj/mm/aaaa).';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    values: { given_name: givenName, family_name: familyName, birth_date: birth || null, caf_number: caf, france_travail_id: ft, email: email || null, phone: phone || null, rsa_rights_opened_on: rsa || null },
  };
}

/** Inserts a checked person; a CAF or France Travail id already used in the space is refused (unique indexes). */
export async function insertPerson(trx: Transaction<Database>, spaceId: number, values: Extract<PersonCheck, { ok: true }>['values'], actor: Actor | null, now: Date): Promise<number> {
  const row = await trx
    .insertInto('person')
    .values({
      space_id: spaceId,
      ...values,
      name_key: nameKey(values.given_name, values.family_name),
      family_key: familyKey(values.family_name),
      created_by: actor?.userId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Merges `duplicateId` into `keptId` (same space): the duplicate's pathways, access log and account
 * move to the kept record; the duplicate stays, marked merged, so that both histories remain.
 */
export async function mergePeople(db: Kysely<Database>, input: { spaceId: number; keptId: number; duplicateId: number; actor: Actor; now: Date }): Promise<{ ok: true } | { ok: false; message: string }> {
  if (input.keptId === input.duplicateId) return { ok: false, message: 'Choisissez deux fiches différentes.' };
  return db.transaction().execute(async (trx) => {
    const both = await trx
      .selectFrom('person')
      .select(['id', 'merged_into', 'user_id', 'caf_number', 'france_travail_id', 'email', 'phone', 'rsa_rights_opened_on'])
      .where('space_id', '=', input.spaceId)
      .where('id', 'in', [input.keptId, input.duplicateId])
      .forUpdate()
      .execute();
    const kept = both.find((p) => p.id === input.keptId);
    const duplicate = both.find((p) => p.id === input.duplicateId);
    if (!kept || !duplicate || kept.merged_into || duplicate.merged_into) return { ok: false as const, message: 'L’une des fiches n’existe pas ou a déjà été fusionnée.' };
    // The duplicate first gives up its identifiers (unique per space), then the kept record completes its own.
    await trx.updateTable('person').set({ merged_into: kept.id, caf_number: null, france_travail_id: null, user_id: null, updated_at: input.now }).where('id', '=', duplicate.id).execute();
    await trx
      .updateTable('person')
      .set({
        caf_number: kept.caf_number ?? duplicate.caf_number,
        france_travail_id: kept.france_travail_id ?? duplicate.france_travail_id,
        user_id: kept.user_id ?? duplicate.user_id,
        email: kept.email ?? duplicate.email,
        phone: kept.phone ?? duplicate.phone,
        rsa_rights_opened_on: kept.rsa_rights_opened_on ?? duplicate.rsa_rights_opened_on,
        updated_at: input.now,
      })
      .where('id', '=', kept.id)
      .execute();
    await trx.updateTable('pathway').set({ person_id: kept.id }).where('person_id', '=', duplicate.id).execute();
    await trx.updateTable('person_access_log').set({ person_id: kept.id }).where('person_id', '=', duplicate.id).execute();
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'person.merge', objectType: 'person', objectId: kept.id, summary: { mergedPersonId: duplicate.id } }, input.now);
    return { ok: true as const };
  });
}
