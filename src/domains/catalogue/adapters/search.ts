/**
 * Search of a space's catalogue (issue 6 §4): only its published services, filtered by thématique (a
 * whole family « mobilite » or one sub-theme « mobilite--… »), public, place (a commune, an EPCI or a
 * département, given by code or by name, resolved on the reference tables `commune`, `epci`,
 * `departement`) and free text on the service's name and description and its structure's name;
 * 20 per page, by name. A service is in a place when its address (or else its structure's) is in it,
 * or when its zone d'éligibilité names the place or a place containing it.
 *
 * Distance (« when coordinates exist »): with a radius and a commune that has a centre (table
 * `commune_centre`, migration 014), the services whose position — their coordinates, or else their
 * structure's — lies within the radius, nearest first, each with its distance (SQL function
 * `distance_km`, the haversine formula of entities/distance.ts, for the page shown). Services without
 * coordinates cannot be placed and are left out of such a search; the page says so.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { recordOf, type CatalogueRecord } from '../entities/catalogue-record.js';
import { boundingBox, isRadius, nearnessWithin, type Point } from '../entities/distance.js';
import { VALUE_LISTS, thematiqueFamily } from '../entities/value-lists.js';
import { communeCentre } from '../../territory/adapters/commune-centres.js';

export const PAGE_SIZE = 20;
/** Results are counted up to this many; beyond, the page says « plus de 1 000 » and asks to narrow the search. */
export const COUNT_CAP = 1000;

export interface ServiceQuery {
  thematique?: string;
  public?: string;
  lieu?: string;
  texte?: string;
  /** Kilometres around the commune of `lieu` (one of RADII_KM); ignored without a place. */
  rayon?: number;
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
  /** Kilometres from the commune's centre, in a search by distance; null otherwise. */
  distanceKm: number | null;
}

/** Why a radius cannot be searched, in French. */
export const DISTANCE_UNAVAILABLE = {
  'pas-une-commune': 'La recherche par distance part du centre d’une commune : choisissez une commune plutôt qu’une intercommunalité ou un département.',
  'sans-centre': 'Les coordonnées de cette commune ne sont pas chargées : la recherche par distance n’est pas possible autour d’elle. Cherchez par lieu sans rayon.',
} as const;

/**
 * The search by distance: `null` when no radius was asked; else around which centre, or why there is
 * none (the place is not a commune, or the commune has no centre loaded).
 */
export type DistanceSearch = null | { radiusKm: number; centre: Point } | { radiusKm: number; unavailable: 'pas-une-commune' | 'sans-centre' };

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
  distance: DistanceSearch;
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

/** The centre to measure from, when a radius is asked around a commune that has one. */
async function distanceSearch(db: Kysely<Database>, place: Place | null, rayon: number | undefined): Promise<DistanceSearch> {
  if (rayon === undefined || !isRadius(rayon) || !place) return null;
  if (place.kind !== 'commune') return { radiusKm: rayon, unavailable: 'pas-une-commune' };
  const centre = await communeCentre(db, place.code);
  return centre ? { radiusKm: rayon, centre } : { radiusKm: rayon, unavailable: 'sans-centre' };
}

/**
 * Within the radius, by the service's position (its coordinates, else its structure's: migration 014):
 * the bounding box on the position index, then `nearness` (entities/distance.ts), plain arithmetic.
 */
function nearnessTo(centre: Point) {
  const k = Math.cos((centre.latitude * Math.PI) / 180);
  return sql<number>`((s.position_lat - ${centre.latitude}) * (s.position_lat - ${centre.latitude}) + ((s.position_lon - ${centre.longitude}) * ${k}) * ((s.position_lon - ${centre.longitude}) * ${k}))`;
}

function withinRadius(centre: Point, radiusKm: number) {
  const box = boundingBox(centre, radiusKm);
  return sql<boolean>`(s.position_lat between ${box.minLat} and ${box.maxLat} and s.position_lon between ${box.minLon} and ${box.maxLon}
    and ${nearnessTo(centre)} <= ${nearnessWithin(radiusKm)})`;
}

export async function searchServices(db: Kysely<Database>, spaceId: number, query: ServiceQuery): Promise<ServiceSearchResult> {
  const place = query.lieu?.trim() ? ((await resolvePlace(db, query.lieu)) ?? 'inconnu') : null;
  const page = Math.max(1, Math.floor(query.page ?? 1));
  if (place === 'inconnu') return { services: [], total: 0, moreThanTotal: false, page: 1, pageCount: 0, place, distance: null };
  const distance = await distanceSearch(db, place, query.rayon);
  const around = distance && 'centre' in distance ? distance : null;
  let q = db.selectFrom('catalogue_service as s').where('s.space_id', '=', spaceId).where('s.status', '=', 'published');
  if (query.thematique) q = q.where(sql<boolean>`s.thematiques && ${sql.val(thematiquesOf(query.thematique))}::text[]`);
  if (query.public) q = q.where(sql<boolean>`s.publics && ${sql.val([query.public])}::text[]`);
  const text = query.texte?.trim();
  if (text) q = q.where(containsText(text));
  if (around) {
    q = q.where(withinRadius(around.centre, around.radiusKm));
  } else if (place) {
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
    (around
      ? q
          .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
          .select(sql<number>`distance_km(${around.centre.latitude}, ${around.centre.longitude}, s.position_lat, s.position_lon)`.as('distance_km'))
          .orderBy(nearnessTo(around.centre))
      : q.innerJoin('catalogue_structure as st', 'st.id', 's.structure_id').select(sql<number | null>`null::double precision`.as('distance_km'))
    )
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
    distance,
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
      distanceKm: r.distance_km === null ? null : Number(r.distance_km),
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
