/**
 * People of a territory's space (SPIE-1): look for an existing person before creating one — by name
 * (normalised key, any word order), by family name and birth date, by CAF/MSA number or by France
 * Travail identifier — and merge two records of the same person, keeping both histories.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import { recordEvent } from './events.js';
import { familyKey, nameKey, normaliseCafNumber, normaliseFranceTravailId, normaliseName, searchKey } from '../entities/person-name.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface PersonQuery {
  name?: string;
  birthDate?: string;
  cafNumber?: string;
  franceTravailId?: string;
}

/** What made a person come up, as shown to the professional (and given by the API). */
export const CANDIDATE_MATCHES = ['numéro CAF/MSA', 'identifiant France Travail', 'nom et date de naissance', 'nom', 'date de naissance'] as const;
export type CandidateMatch = (typeof CANDIDATE_MATCHES)[number];

export interface PersonCandidate {
  id: number;
  givenName: string;
  familyName: string;
  birthDate: string | null;
  cafNumber: string | null;
  franceTravailId: string | null;
  /** Why it came up: what matched. */
  matches: CandidateMatch[];
  openPathwayId: number | null;
}

export const MAX_CANDIDATES = 20;
/** Words of a typed name taken into account for « family name + birth date » (any run of them may be the family name). */
const MAX_NAME_WORDS = 6;

function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

/** A date typed as « jj/mm/aaaa » (or given by a date field as « aaaa-mm-jj ») in ISO form; other text unchanged. */
export function dayFromInput(text: string): string {
  const t = text.trim();
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  return fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : t;
}

/** Every run of consecutive words of a typed name: one of them may be the family name (« Élodie Lefèvre Martin »). */
function familyCandidates(words: string[]): string[] {
  const runs = new Set<string>();
  for (let i = 0; i < words.length; i++) for (let j = i + 1; j <= words.length; j++) runs.add(words.slice(i, j).join(' '));
  return [...runs];
}

/**
 * Candidates for a query, best first (identifiers, then name and birth date, then name, then birth
 * date alone); only people not merged away nor anonymised. A name matches when its words, in any
 * order, begin the person's whole name (« elodie lefevre martin », « Lefèvre-Martin Élodie »,
 * « elodie lefev »), or when it is the whole family name (« lefevre martin »); with a birth date, any
 * run of its words equal to the family name (« E. Lefèvre-Martin », « Élodie-Marie Lefèvre Martin »).
 *
 * One statement, a UNION ALL of one short branch per criterion, each on its own index and limited:
 * `person_caf_idx` / `person_ft_idx`, `person_name_idx` read in its own order (`using ~<~`, so that a
 * short prefix among a million people stops at the first rows), `person_family_birth_idx`,
 * `person_birth_idx`. A single OR over all criteria let the planner walk a whole index instead.
 */
export async function findPeople(db: Db, spaceId: number, query: PersonQuery): Promise<PersonCandidate[]> {
  const key = query.name ? searchKey(query.name) : '';
  const words = query.name ? normaliseName(query.name).split(' ').filter(Boolean).slice(0, MAX_NAME_WORDS) : [];
  const whole = words.join(' ');
  const families = familyCandidates(words);
  const birth = query.birthDate && isDay(query.birthDate) ? query.birthDate : null;
  const caf = query.cafNumber ? normaliseCafNumber(query.cafNumber) : null;
  const ft = query.franceTravailId ? normaliseFranceTravailId(query.franceTravailId) : null;
  if (!key && !caf && !ft && !birth) return [];
  const perBranch = MAX_CANDIDATES * 3;
  const base = () =>
    db
      .selectFrom('person as p')
      .select(['p.id', 'p.given_name', 'p.family_name', 'p.birth_date', 'p.caf_number', 'p.france_travail_id', 'p.name_key', 'p.family_key'])
      .where('p.space_id', '=', spaceId)
      .where('p.merged_into', 'is', null)
      .where('p.anonymised_at', 'is', null);
  const branches = [
    ...(caf || ft ? [base().where((eb) => eb.or([...(caf ? [eb('p.caf_number', '=', caf)] : []), ...(ft ? [eb('p.france_travail_id', '=', ft)] : [])]))] : []),
    ...(key ? [base().where('p.name_key', 'like', `${key.replace(/[\\%_]/g, '\\$&')}%`).orderBy(sql`p.name_key using ~<~`).orderBy('p.id').limit(perBranch)] : []),
    // Ordered as its index is (an order by id let the planner walk the primary key instead).
    ...(key ? [base().where('p.family_key', '=', whole).orderBy('p.family_key').orderBy('p.birth_date').limit(perBranch)] : []),
    ...(birth
      ? [
          base()
            .where('p.birth_date', '=', birth)
            .$if(key !== '', (q) => q.where((eb) => eb.or([eb('p.family_key', 'in', families), eb('p.name_key', 'like', `${key}%`)])))
            .limit(perBranch),
        ]
      : []),
  ];
  const [first, ...others] = branches.map((b, i) => db.selectFrom(b.as(`b${i}`)).selectAll());
  const union = others.reduce((all, branch) => all.unionAll(branch), first!);
  const found = await db
    .selectFrom(union.as('c'))
    .selectAll('c')
    .select((eb) =>
      eb.selectFrom('pathway as w').select('w.id').whereRef('w.person_id', '=', 'c.id').where('w.status', '=', 'open').orderBy('w.id', 'desc').limit(1).as('open_pathway_id'),
    )
    .execute();
  const rows = [...new Map(found.map((r) => [r.id, { ...r, open_pathway_id: (r.open_pathway_id as number | null) ?? null }])).values()];
  const candidates = rows.map((r) => {
    const matches: CandidateMatch[] = [];
    if (caf && r.caf_number === caf) matches.push('numéro CAF/MSA');
    if (ft && r.france_travail_id === ft) matches.push('identifiant France Travail');
    const byName = key !== '' && (r.name_key.startsWith(key) || r.family_key === whole);
    const sameBirth = birth !== null && r.birth_date === birth;
    if (sameBirth && key && (byName || families.includes(r.family_key))) matches.push('nom et date de naissance');
    else if (byName) matches.push('nom');
    else if (sameBirth && !key) matches.push('date de naissance');
    return {
      id: r.id,
      givenName: r.given_name,
      familyName: r.family_name,
      birthDate: r.birth_date,
      cafNumber: r.caf_number,
      franceTravailId: r.france_travail_id,
      matches,
      openPathwayId: r.open_pathway_id,
    };
  });
  const weight = (c: PersonCandidate) =>
    c.matches.includes('numéro CAF/MSA') || c.matches.includes('identifiant France Travail') ? 0 : c.matches.includes('nom et date de naissance') ? 1 : c.matches.includes('nom') ? 2 : 3;
  const byName = new Map(rows.map((r) => [r.id, `${r.family_key} ${r.name_key}`]));
  return candidates
    .filter((c) => c.matches.length > 0)
    .sort((a, b) => weight(a) - weight(b) || (byName.get(a.id)! < byName.get(b.id)! ? -1 : byName.get(a.id)! > byName.get(b.id)! ? 1 : a.id - b.id))
    .slice(0, MAX_CANDIDATES);
}

export type QueryCheck = { ok: true; query: PersonQuery } | { ok: false; errors: Partial<Record<keyof PersonQuery | 'form', string>> };

/** What a professional typed in the search form: at least one criterion, each well formed. */
export function checkPersonQuery(input: Required<PersonQuery>): QueryCheck {
  const errors: Partial<Record<keyof PersonQuery | 'form', string>> = {};
  const name = input.name.trim();
  const birth = dayFromInput(input.birthDate);
  const caf = input.cafNumber.trim();
  const ft = input.franceTravailId.trim();
  if (name && normaliseName(name).replace(/ /g, '').length < 2) errors.name = 'Indiquez au moins deux lettres du nom.';
  if (name.length > 200) errors.name = 'Le nom dépasse 200 caractères.';
  if (birth && (!isDay(birth) || birth < '1900-01-01')) errors.birthDate = 'Indiquez une date de naissance valide (jj/mm/aaaa).';
  if (caf && !normaliseCafNumber(caf)) errors.cafNumber = 'Le numéro d’allocataire CAF/MSA compte 7 à 13 chiffres.';
  if (ft && !normaliseFranceTravailId(ft)) errors.franceTravailId = 'L’identifiant France Travail compte 7 à 11 lettres et chiffres.';
  if (!name && !birth && !caf && !ft) errors.form = 'Indiquez au moins un critère : le nom, la date de naissance, le numéro CAF/MSA ou l’identifiant France Travail.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, query: { name, birthDate: birth, cafNumber: caf, franceTravailId: ft } };
}

/** The organisation holding each of these pathways (to tell a professional whom to ask). */
export async function pathwayHolders(db: Db, pathwayIds: number[]): Promise<Map<number, string>> {
  if (!pathwayIds.length) return new Map();
  const rows = await db.selectFrom('pathway as w').innerJoin('organisation as o', 'o.id', 'w.holding_organisation_id').select(['w.id', 'o.name']).where('w.id', 'in', pathwayIds).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A new person refused by a unique index (SPIE-1, one record per person): their CAF/MSA number or their
 * France Travail identifier was recorded on another record meanwhile. The field in question (as in
 * NewPerson) and what to say; null when the error is something else.
 */
export function uniqueViolation(error: unknown): { field: 'cafNumber' | 'franceTravailId'; message: string } | null {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code !== '23505') return null;
  const field = `${e.constraint ?? ''} ${e.message ?? ''}`.includes('person_ft_idx') ? 'franceTravailId' : 'cafNumber';
  return { field, message: 'Ce numéro vient d’être enregistré sur une autre fiche du SPIE : cherchez la personne à nouveau.' };
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

/** Two records as the coordinator compares them before merging: identity, contact and pathways. */
export async function peopleToCompare(db: Db, spaceId: number, ids: number[]) {
  if (!ids.length) return [];
  const people = await db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'birth_date', 'caf_number', 'france_travail_id', 'email', 'phone', 'rsa_rights_opened_on', 'user_id', 'created_at'])
    .where('space_id', '=', spaceId)
    .where('id', 'in', ids)
    .where('merged_into', 'is', null)
    .where('anonymised_at', 'is', null)
    .execute();
  const pathways = await db
    .selectFrom('pathway as w')
    .innerJoin('organisation as o', 'o.id', 'w.holding_organisation_id')
    .select(['w.id', 'w.person_id', 'w.status', 'w.opened_at', 'o.name as holding_organisation_name'])
    .where('w.person_id', 'in', ids)
    .orderBy('w.id')
    .execute();
  return people.map((p) => ({ ...p, pathways: pathways.filter((w) => w.person_id === p.id) }));
}

export const BOTH_OPEN_MESSAGE = 'Les deux fiches ont chacune un parcours ouvert : clôturez d’abord l’un des deux parcours, puis fusionnez les fiches.';

/**
 * Merges `duplicateId` into `keptId` (same space): the duplicate's pathways, access log and account
 * move to the kept record; the duplicate stays, marked merged, so that both histories remain. Refused
 * when both have an open pathway (a person has one open pathway at a time).
 */
export async function mergePeople(db: Kysely<Database>, input: { spaceId: number; keptId: number; duplicateId: number; actor: Actor; now: Date }): Promise<{ ok: true } | { ok: false; message: string }> {
  if (input.keptId === input.duplicateId) return { ok: false, message: 'Choisissez deux fiches différentes.' };
  return db.transaction().execute(async (trx) => {
    const both = await trx
      .selectFrom('person')
      .select(['id', 'merged_into', 'anonymised_at', 'user_id', 'caf_number', 'france_travail_id', 'email', 'phone', 'rsa_rights_opened_on'])
      .where('space_id', '=', input.spaceId)
      .where('id', 'in', [input.keptId, input.duplicateId])
      .forUpdate()
      .execute();
    const kept = both.find((p) => p.id === input.keptId);
    const duplicate = both.find((p) => p.id === input.duplicateId);
    if (!kept || !duplicate || kept.merged_into || duplicate.merged_into || kept.anonymised_at || duplicate.anonymised_at) {
      return { ok: false as const, message: 'L’une des fiches n’existe pas ou a déjà été fusionnée.' };
    }
    const open = await trx.selectFrom('pathway').select(['id', 'person_id']).where('person_id', 'in', [kept.id, duplicate.id]).where('status', '=', 'open').execute();
    if (open.some((w) => w.person_id === kept.id) && open.some((w) => w.person_id === duplicate.id)) return { ok: false as const, message: BOTH_OPEN_MESSAGE };
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
    const moved = await trx.updateTable('pathway').set({ person_id: kept.id }).where('person_id', '=', duplicate.id).returning('id').execute();
    await trx.updateTable('person_access_log').set({ person_id: kept.id }).where('person_id', '=', duplicate.id).execute();
    for (const w of moved) {
      await recordEvent(trx, { pathwayId: w.id, kind: 'person.merged', summary: { keptPersonId: kept.id, mergedPersonId: duplicate.id }, actorUserId: input.actor.userId, actorLabel: input.actor.displayName, now: input.now });
    }
    await recordAudit(trx, { actorUserId: input.actor.userId, actorLabel: input.actor.displayName, action: 'person.merge', objectType: 'person', objectId: kept.id, summary: { mergedPersonId: duplicate.id, movedPathwayIds: moved.map((w) => w.id) } }, input.now);
    return { ok: true as const };
  });
}
