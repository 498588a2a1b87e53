/**
 * Loads the official territorial reference data (COG: régions, départements, EPCI, communes) from
 * the maintained package @etalab/decoupage-administratif into the database. Nothing is typed by hand.
 * Reloaded when the package version changes.
 */
import { createRequire } from 'node:module';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';

const require = createRequire(import.meta.url);

interface RawRegion { code: string; nom: string; chefLieu: string; zone: string }
interface RawDepartement { code: string; nom: string; region: string; chefLieu: string; zone: string }
interface RawEpci { code: string; nom: string; type: string; populationTotale?: number; membres: { code: string }[] }
interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  population?: number;
  codesPostaux?: string[];
}

const PACKAGE = '@etalab/decoupage-administratif';

/** Départements in scope of the SPIE: metropolitan and overseas départements (971–976), not the other overseas collectivities. */
const IN_SCOPE_ZONES = new Set(['metro', 'drom']);

/** The Métropole de Lyon: a territorial collectivity exercising the département's powers (COG code 69M), whose communes are those of its EPCI. */
export const METROPOLE_DE_LYON = { code: '69M', epciSiren: '200046977', name: 'Métropole de Lyon', regionCode: '84' } as const;

function packageVersion(): string {
  return (require(`${PACKAGE}/package.json`) as { version: string }).version;
}

async function insertInChunks<T>(items: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

/** Held while loading, so that several instances starting together load the data once. */
const REFERENCE_DATA_LOCK_KEY = 4_242_002;

async function upToDate(db: Kysely<Database> | Transaction<Database>, version: string, withCommunes: boolean): Promise<boolean> {
  const current = await db.selectFrom('reference_data').select('version').where('dataset', '=', 'cog').executeTakeFirst();
  return Boolean(current && (current.version === version || (!withCommunes && current.version.startsWith(packageVersion()))));
}

export async function loadReferenceData(db: Kysely<Database>, options: { withCommunes: boolean }): Promise<void> {
  const version = `${packageVersion()}${options.withCommunes ? '+communes' : ''}`;
  if (await upToDate(db, version, options.withCommunes)) return;
  const regions = (require(`${PACKAGE}/data/regions.json`) as RawRegion[]).filter((r) => IN_SCOPE_ZONES.has(r.zone));
  const departements = (require(`${PACKAGE}/data/departements.json`) as RawDepartement[]).filter((d) =>
    IN_SCOPE_ZONES.has(d.zone),
  );
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${REFERENCE_DATA_LOCK_KEY})`.execute(trx);
    if (await upToDate(trx, version, options.withCommunes)) return; // another instance loaded it meanwhile
    await sql`delete from commune`.execute(trx);
    await sql`delete from epci`.execute(trx);
    for (const r of regions) {
      await trx
        .insertInto('region')
        .values({ code: r.code, name: r.nom, chef_lieu: r.chefLieu, zone: r.zone })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: r.nom, chef_lieu: r.chefLieu, zone: r.zone }))
        .execute();
    }
    const rows = [
      ...departements.map((d) => ({ code: d.code, name: d.nom, region_code: d.region, chef_lieu: d.chefLieu, zone: d.zone })),
      // Lyon's metropolis: the chef-lieu is Lyon (69123), as for the Rhône.
      {
        code: METROPOLE_DE_LYON.code,
        name: METROPOLE_DE_LYON.name,
        region_code: METROPOLE_DE_LYON.regionCode,
        chef_lieu: '69123',
        zone: 'metro',
      },
    ];
    for (const d of rows) {
      await trx
        .insertInto('departement')
        .values(d)
        .onConflict((oc) => oc.column('code').doUpdateSet({ name: d.name, region_code: d.region_code, zone: d.zone }))
        .execute();
    }
    if (options.withCommunes) {
      const epcis = require(`${PACKAGE}/data/epci.json`) as RawEpci[];
      const epciOfCommune = new Map<string, string>();
      for (const e of epcis) for (const m of e.membres) epciOfCommune.set(m.code, e.code);
      await insertInChunks(epcis, 500, (chunk) =>
        trx
          .insertInto('epci')
          .values(chunk.map((e) => ({ code: e.code, name: e.nom, kind: e.type, population: e.populationTotale ?? null })))
          .execute(),
      );
      const communes = (require(`${PACKAGE}/data/communes.json`) as RawCommune[]).filter(
        (c) => c.type === 'commune-actuelle' && c.departement && c.region,
      );
      await insertInChunks(communes, 1000, (chunk) =>
        trx
          .insertInto('commune')
          .values(
            chunk.map((c) => ({
              code: c.code,
              name: c.nom,
              departement_code: c.departement!,
              region_code: c.region!,
              epci_code: epciOfCommune.get(c.code) ?? null,
              population: c.population ?? null,
              postal_codes: c.codesPostaux ?? [],
            })),
          )
          .execute(),
      );
    }
    await trx
      .insertInto('reference_data')
      .values({ dataset: 'cog', version })
      .onConflict((oc) => oc.column('dataset').doUpdateSet({ version, loaded_at: new Date() }))
      .execute();
  });
}
