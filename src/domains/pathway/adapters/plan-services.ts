/**
 * The catalogue services a plan action can point to (SPIE-5, issue 6 §5): only the published services
 * of the pathway's own space. Found by name (20 at most, by name), or read one by one when chosen;
 * checked and locked when an action is saved; and the pathways a professional may add a service to,
 * coming from the catalogue.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export const PLAN_SERVICE_RESULTS = 20;

export interface PlanService {
  id: string;
  nom: string;
  structureNom: string;
  commune: string | null;
}

/** The letters searched for each letter typed, whatever its accent and case: « epicerie » finds « Épicerie ». */
const VARIANTS: Record<string, string> = {
  a: 'aàâäáãåAÀÂÄÁÃÅ',
  c: 'cçCÇ',
  e: 'eéèêëEÉÈÊË',
  i: 'iíìîïIÍÌÎÏ',
  n: 'nñNÑ',
  o: 'oóòôöõOÓÒÔÖÕ',
  u: 'uúùûüUÚÙÛÜ',
  y: 'yýÿYÝŸ',
  "'": "'’",
};

/**
 * The text as a case-insensitive regular expression in which each letter stands for its accented
 * forms and an apostrophe for the typographic one (« d'embauche » finds « d’embauche »); every other
 * character is taken literally. PostgreSQL's trigram index on the name (migration 010) serves it.
 */
function namePattern(text: string): string {
  return [...text]
    .map((c) => {
      const base = c.normalize('NFD')[0]!.toLowerCase();
      const forms = c === '’' ? VARIANTS["'"] : VARIANTS[base];
      return forms ? `[${forms}]` : c.replace(/[.*+?^${}()|[\]\\-]/g, (m) => `\\${m}`);
    })
    .join('');
}

function published(db: Db, spaceId: number) {
  return db
    .selectFrom('catalogue_service as s')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .select(['s.id', 's.nom', 'st.nom as structure_nom', 's.commune', 'st.commune as structure_commune'])
    .where('s.space_id', '=', spaceId)
    .where('s.status', '=', 'published');
}

const serviceOf = (r: { id: string; nom: string; structure_nom: string; commune: string | null; structure_commune: string | null }): PlanService => ({
  id: r.id,
  nom: r.nom,
  structureNom: r.structure_nom,
  commune: r.commune ?? r.structure_commune,
});

/** The published services of the space whose name contains the text — whatever the case, the accents and the apostrophe typed — by name. */
export async function searchPlanServices(db: Db, spaceId: number, text: string): Promise<PlanService[]> {
  const rows = await published(db, spaceId)
    .where(sql<boolean>`s.nom ~* ${namePattern(text)}`)
    .orderBy('s.nom')
    .orderBy('s.id')
    .limit(PLAN_SERVICE_RESULTS)
    .execute();
  return rows.map(serviceOf);
}

/**
 * SPIE-5, issue 6 §5: the catalogue service of a service action — published, of the pathway's own
 * space — locked until the action is saved (it cannot be archived in between). Its name and
 * structure go into the timeline.
 */
export async function serviceForAction(trx: Transaction<Database>, spaceId: number, serviceId: string) {
  const service = await trx.selectFrom('catalogue_service').select(['id', 'space_id', 'status', 'nom', 'structure_id']).where('id', '=', serviceId).forShare().executeTakeFirst();
  if (!service || service.space_id !== spaceId) return { ok: false as const, message: 'Ce service n’est pas dans le catalogue de ce territoire.', field: 'serviceId' };
  if (service.status !== 'published') return { ok: false as const, message: 'Ce service n’est pas publié dans le catalogue : choisissez un service publié.', field: 'serviceId' };
  const structure = await trx.selectFrom('catalogue_structure').select('nom').where('id', '=', service.structure_id).executeTakeFirstOrThrow();
  return { ok: true as const, id: service.id, nom: service.nom, structureNom: structure.nom };
}

/** One published service of the space; null when it is unknown, of another space, a draft or archived. */
export async function publishedPlanService(db: Db, spaceId: number, serviceId: string): Promise<PlanService | null> {
  if (serviceId === '') return null;
  const row = await published(db, spaceId).where('s.id', '=', serviceId).executeTakeFirst();
  return row ? serviceOf(row) : null;
}

