/**
 * Search of a space's catalogue (issue 6 §4): only its published services, filtered by thématique (a
 * whole family « mobilite » or one sub-theme « mobilite--… »), public, place (a commune, an EPCI or a
 * département, given by code or by name, resolved on the reference tables `commune`, `epci`,
 * `departement`) and free text on the service's name and description and its structure's name;
 * 20 per page, by name. A service is in a place when its address (or else its structure's) is in it,
 * or when its zone d'éligibilité names the place or a place containing it.
 *
 * Distance: the reference table `commune` has no coordinates, so no distance can be computed from the
 * commune chosen; none is given.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordOf, type CatalogueRecord } from '../entities/catalogue-record.js';
import { VALUE_LISTS, thematiqueFamily } from '../entities/value-lists.js';

export const PAGE_SIZE = 20;
/** Results are counted up to this many; beyond, the page says « plus de 1 000 » and asks to narrow the search. */
export const COUNT_CAP = 1000;

export interface ServiceQuery {
  thematique?: string;
  public?: string;
  lieu?: string;
  texte?: string;
  page?: number;
}

export interface Place {
  kind: 'commune' | 'epci' | 'departement';
  code: string;
  name: string;
}

export interface ServiceHit {
  id: string;
  nom: string;
  description: string;
  structureNom: string;
  commune: string | null;
  type: string | null;
  thematiques: string[];
  publics: string[];
  frais: string | null;
}

export interface ServiceSearchResult {
  services: ServiceHit[];
  /** The number of services found, at most COUNT_CAP. */
  total: number;
  /** There are more than `total` (the count stops at COUNT_CAP). */
  moreThanTotal: boolean;
  page: number;
  pageCount: number;
  /** The place the `lieu` text was resolved to; `null` when none was asked, `'inconnu'` when none matched. */
  place: Place | null | 'inconnu';
}

/** The thématiques a filter value stands for: a family's sub-themes, or the one value. */
export function thematiquesOf(filter: string): string[] {
  if (filter.includes('--')) return VALUE_LISTS.thematiques.some((t) => t.value === filter) ? [filter] : [];
  return VALUE_LISTS.thematiques.filter((t) => thematiqueFamily(t.value) === filter).map((t) => t.value);
}

const lower = (s: string) => s.toLocaleLowerCase('fr-FR');

/** A code or a name → the commune, EPCI or département it designates (codes first, then exact names, the most populous commune). */
export async function resolvePlace(db: Kysely<Database>, text: string): Promise<Place | null> {
  const t = text.trim();
  if (t === '') return null;
  const code = t.toUpperCase();
  if (/^(\d{2,3}|2[AB])$/.test(code)) {
    const d = await db.selectFrom('departement').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
    if (d) return { kind: 'departement', ...d };
  }
  if (/^(\d{5}|2[AB]\d{3})$/.test(code)) {
    const c =
      (await db.selectFrom('commune').select(['code', 'name']).where('code', '=', code).executeTakeFirst()) ??
      (await db.selectFrom('commune').select(['code', 'name']).where(sql<boolean>`${code} = any(postal_codes)`).orderBy(sql`population desc nulls last`).executeTakeFirst());
    if (c) return { kind: 'commune', ...c };
  }
  if (/^\d{9}$/.test(code)) {
    const e = await db.selectFrom('epci').select(['code', 'name']).where('code', '=', code).executeTakeFirst();
    if (e) return { kind: 'epci', ...e };
  }
  const name = lower(t);
  const d = await db.selectFrom('departement').select(['code', 'name']).where(sql<boolean>`lower(name) = ${name}`).executeTakeFirst();
  if (d) return { kind: 'departement', ...d };
  const c = await db.selectFrom('commune').select(['code', 'name']).where(sql<boolean>`lower(name) = ${name}`).orderBy(sql`population desc nulls last`).executeTakeFirst();
  if (c) return { kind: 'commune', ...c };
  const e = await db.selectFrom('epci').select(['code', 'name']).where(sql<boolean>`lower(name) = ${name}`).executeTakeFirst();
  if (e) return { kind: 'epci', ...e };
  return null;
}

/** The codes a zone d'éligibilité may name for a service to serve the place (the place and what contains it). */
async function zoneCodes(db: Kysely<Database>, place: Place): Promise<string[]> {
  if (place.kind === 'departement') return [place.code];
  if (place.kind === 'commune') {
    const c = await db.selectFrom('commune').select(['epci_code', 'departement_code']).where('code', '=', place.code).executeTakeFirstOrThrow();
    return [place.code, c.departement_code, ...(c.epci_code ? [c.epci_code] : [])];
  }
  const deps = await db.selectFrom('commune').select('departement_code').distinct().where('epci_code', '=', place.code).execute();
  return [place.code, ...deps.map((d) => d.departement_code)];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Joins the three searched fields in `search_text` (migration 012). */
const FIELD_SEPARATOR = '\u001f';

/**
 * The service's name or description, or its structure's name, contains the text (case-insensitive as
 * `ilike`, `%` and `_` taken literally). One predicate on `search_text` (already lower-cased) and its
 * trigram index: PostgreSQL estimates how many services match and reads the list in name order for a
 * frequent term, the index for a rare one. A text holding the separator itself (no one types it) is
 * looked for field by field, so that it cannot match across two of them.
 */
function containsText(text: string) {
  const pattern = `%${escapeLike(text)}%`;
  if (!text.includes(FIELD_SEPARATOR)) return sql<boolean>`s.search_text like lower(${pattern})`;
  return sql<boolean>`(s.nom ilike ${pattern} or s.description ilike ${pattern} or s.structure_id in (select id from catalogue_structure where nom ilike ${pattern}))`;
}

export async function searchServices(db: Kysely<Database>, spaceId: number, query: ServiceQuery): Promise<ServiceSearchResult> {
  const place = query.lieu?.trim() ? ((await resolvePlace(db, query.lieu)) ?? 'inconnu') : null;
  const page = Math.max(1, Math.floor(query.page ?? 1));
  if (place === 'inconnu') return { services: [], total: 0, moreThanTotal: false, page: 1, pageCount: 0, place };
  let q = db.selectFrom('catalogue_service as s').where('s.space_id', '=', spaceId).where('s.status', '=', 'published');
  if (query.thematique) q = q.where(sql<boolean>`s.thematiques && ${sql.val(thematiquesOf(query.thematique))}::text[]`);
  if (query.public) q = q.where(sql<boolean>`s.publics && ${sql.val([query.public])}::text[]`);
  const text = query.texte?.trim();
  if (text) q = q.where(containsText(text));
  if (place) {
    const zones = await zoneCodes(db, place);
    const column = place.kind === 'commune' ? 'code' : place.kind === 'epci' ? 'epci_code' : 'departement_code';
    const codes = place.kind === 'commune' ? sql`(values (${place.code}))` : sql`(select code from commune where ${sql.ref(column)} = ${place.code})`;
    // The service's own address, or else its structure's, in the place; or its zone d'éligibilité naming it.
    const inPlace = sql<boolean>`(s.code_insee in ${codes} or (s.code_insee is null and s.structure_id in (select id from catalogue_structure where space_id = ${spaceId} and code_insee in ${codes})))`;
    q = q.where(sql<boolean>`(${inPlace} or s.zone_eligibilite && ${sql.val(zones)}::text[])`);
  }
  const [count, rows] = await Promise.all([
    // Counted up to COUNT_CAP + 1 only: beyond, « plus de 1 000 » says enough and costs nothing.
    db
      .selectFrom(q.select('s.id').limit(COUNT_CAP + 1).as('t'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    q
      .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
      .select(['s.id', 's.nom', 's.description', 'st.nom as structure_nom', 's.commune', 'st.commune as structure_commune', 's.type', 's.thematiques', 's.publics', 's.frais'])
      .orderBy('s.nom')
      .orderBy('s.id')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
  ]);
  const counted = Number(count.n);
  const total = Math.min(counted, COUNT_CAP);
  return {
    total,
    moreThanTotal: counted > COUNT_CAP,
    page,
    pageCount: Math.ceil(total / PAGE_SIZE),
    place,
    services: rows.map((r) => ({
      id: r.id,
      nom: r.nom,
      description: r.description,
      structureNom: r.structure_nom,
      commune: r.commune ?? r.structure_commune,
      type: r.type,
      thematiques: r.thematiques ?? [],
      publics: r.publics ?? [],
      frais: r.frais,
    })),
  };
}

export interface ServiceDetail {
  service: CatalogueRecord;
  structure: CatalogueRecord;
}

/** One published service of the space, with its structure, as data·inclusion records; null otherwise. */
export async function findService(db: Kysely<Database>, spaceId: number, serviceId: string): Promise<ServiceDetail | null> {
  const service = await db.selectFrom('catalogue_service').selectAll().where('id', '=', serviceId).where('space_id', '=', spaceId).where('status', '=', 'published').executeTakeFirst();
  if (!service) return null;
  const structure = await db.selectFrom('catalogue_structure').selectAll().where('id', '=', service.structure_id).executeTakeFirstOrThrow();
  return { service: recordOf('service', service), structure: recordOf('structure', structure) };
}
