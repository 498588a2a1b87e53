import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/adapters/db/database.js';
import { loadReferenceData } from '../../src/domains/territory/adapters/reference-data.js';
import { DATABASE_TARGETS } from '../support/databases.js';

describe('territorial reference data (COG, from @etalab/decoupage-administratif)', () => {
  const target = DATABASE_TARGETS[0]!;
  let handle: Awaited<ReturnType<typeof target.open>>;
  beforeAll(async () => {
    handle = await target.open();
    await migrateToLatest(handle.db);
    await loadReferenceData(handle.db, { withCommunes: true });
  });
  afterAll(() => handle.dispose());

  it('has every région and every département, including Corsica, the overseas ones and the Métropole de Lyon', async () => {
    const regions = await handle.db.selectFrom('region').select('code').execute();
    expect(regions).toHaveLength(18);
    const codes = (await handle.db.selectFrom('departement').select('code').execute()).map((d) => d.code);
    expect(codes).toHaveLength(102); // 96 metropolitan + 5 overseas + Métropole de Lyon
    for (const c of ['01', '2A', '2B', '69', '69M', '971', '972', '973', '974', '976', '95']) expect(codes).toContain(c);
    expect(codes).not.toContain('20');
  });

  it('has the communes and EPCI, each commune in its département', async () => {
    const { rows } = await sql<{ communes: number; epci: number; angers: string }>`
      select (select count(*)::int from commune) as communes,
             (select count(*)::int from epci) as epci,
             (select departement_code from commune where code = '49007') as angers`.execute(handle.db);
    expect(rows[0]!.communes).toBeGreaterThan(34_000);
    expect(rows[0]!.epci).toBeGreaterThan(1_200);
    expect(rows[0]!.angers).toBe('49');
  });

  it('does not reload when the package version is unchanged', async () => {
    const before = await handle.db.selectFrom('reference_data').select('loaded_at').executeTakeFirstOrThrow();
    await loadReferenceData(handle.db, { withCommunes: true });
    const after = await handle.db.selectFrom('reference_data').select('loaded_at').executeTakeFirstOrThrow();
    expect(after.loaded_at.getTime()).toBe(before.loaded_at.getTime());
  });
});
