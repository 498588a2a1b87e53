import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/adapters/db/database.js';
import { DATABASE_TARGETS } from '../support/databases.js';

describe.each(DATABASE_TARGETS)('transactions on $name', (target) => {
  let handle: Awaited<ReturnType<typeof target.open>>;
  beforeAll(async () => {
    handle = await target.open();
    await migrateToLatest(handle.db);
  });
  afterAll(() => handle.dispose());

  it('overlapping transactions lose no committed row (the kysely-pglite 0.6.1 pitfall)', async () => {
    const ok = Array.from({ length: 30 }, (_, i) =>
      handle.db.transaction().execute(async (trx) => {
        await trx.insertInto('mail_outbox').values({ to_address: `a${i}@x.test`, subject: 's', text_body: 't', transport: 'outbox' }).execute();
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        await trx.insertInto('mail_outbox').values({ to_address: `b${i}@x.test`, subject: 's', text_body: 't', transport: 'outbox' }).execute();
      }),
    );
    const failing = Array.from({ length: 10 }, (_, i) =>
      handle.db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('mail_outbox').values({ to_address: `c${i}@x.test`, subject: 's', text_body: 't', transport: 'outbox' }).execute();
          throw new Error('rollback');
        })
        .catch(() => 'rolled back'),
    );
    await Promise.all([...ok, ...failing]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from mail_outbox`.execute(handle.db);
    expect(rows[0]!.n).toBe(60);
  });

  it('reads int8 as a number on both databases', async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from mail_outbox`.execute(handle.db);
    expect(rows[0]!.n).toBe(60);
  });
});
