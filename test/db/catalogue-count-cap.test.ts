/** Issue 6 §4: the search counts up to 1 000 results and says « plus de » beyond (both databases). */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_CAP, PAGE_SIZE, searchServices } from '../../src/domains/catalogue/adapters/search.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.each(DATABASE_TARGETS)('catalogue search count on $name', (target) => {
  let app: TestApp;
  let spaceId: number;

  beforeAll(async () => {
    app = await startTestApp({ target });
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    const now = new Date('2026-11-27T09:00:00Z');
    await app.deps.db.insertInto('catalogue_structure').values({ id: 'test--s', space_id: spaceId, source: 'test', nom: 'Structure de test', date_maj: '2026-11-01', created_at: now, updated_at: now }).execute();
    await sql`insert into catalogue_service (id, structure_id, space_id, source, nom, description, date_maj, reviewed_at, created_at, updated_at)
      select 'test--' || g, 'test--s', ${spaceId}, 'test', 'Atelier numérique ' || lpad(g::text, 4, '0'), 'Un atelier pour apprendre les démarches en ligne.', '2026-11-01', ${now}, ${now}, ${now}
      from generate_series(1, ${COUNT_CAP + 5}) g`.execute(app.deps.db);
  });
  afterAll(() => app.stop());

  it('stops counting at 1 000, says there are more, and still pages through them in order', async () => {
    const result = await searchServices(app.deps.db, spaceId, { texte: 'atelier' });
    expect(result).toMatchObject({ total: COUNT_CAP, moreThanTotal: true, page: 1, pageCount: COUNT_CAP / PAGE_SIZE });
    expect(result.services.map((s) => s.nom).slice(0, 2)).toEqual(['Atelier numérique 0001', 'Atelier numérique 0002']);
    const narrow = await searchServices(app.deps.db, spaceId, { texte: 'numérique 100' });
    expect(narrow).toMatchObject({ total: 6, moreThanTotal: false, pageCount: 1 });
  });
});
