import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/adapters/db/database.js';
import { runCli } from '../../src/cli/commands.js';
import { listAudit, recordAudit, verifyAuditTrail } from '../../src/domains/audit/adapters/audit-trail.js';
import { DATABASE_TARGETS } from '../support/databases.js';

describe.each(DATABASE_TARGETS)('audit trail on $name', (target) => {
  let handle: Awaited<ReturnType<typeof target.open>>;
  beforeAll(async () => {
    handle = await target.open();
    await migrateToLatest(handle.db);
  });
  afterAll(() => handle.dispose());

  it('chains entries written concurrently, and the CLI finds the chain intact', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordAudit(handle.db, { actorUserId: i, actorLabel: `Agent ${i}`, action: 'test.write', objectType: 'thing', objectId: i, summary: { i, nested: { b: 1, a: 2 } } }),
      ),
    );
    expect(await verifyAuditTrail(handle.db)).toEqual({ intact: true, count: 20 });
    const out = await runCli(handle.db, ['audit:verify']);
    expect(out.exitCode).toBe(0);
    expect(out.lines[0]).toContain('20 entrées');
  });

  it('keeps the chain intact whatever the summary holds (dates, NUL, odd Unicode)', async () => {
    await recordAudit(handle.db, {
      actorUserId: null,
      actorLabel: 'Zoë \u0000 Test',
      action: 'test.odd',
      objectType: 'thing',
      summary: { at: new Date('2026-03-29T01:30:00Z'), input: 'a\u0000b\uD800', n: 1.5, big: 2 ** 40, nested: [{ z: 1, a: null }] },
    });
    expect(await verifyAuditTrail(handle.db)).toEqual({ intact: true, count: 21 });
  });

  it('refuses updates and deletes at the database level', async () => {
    await expect(sql`update audit_log set actor_label = 'x' where id = 1`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where id = 1`.execute(handle.db)).rejects.toThrow(/append-only/);
    expect((await listAudit(handle.db, { limit: 100 })).length).toBe(21);
  });

  it('detects a row altered directly in the database, and the CLI exits with 1', async () => {
    // Someone with database superpowers disables the guard and rewrites history.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(handle.db);
    await sql`update audit_log set summary = '{"i": 999}' where id = 7`.execute(handle.db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(handle.db);
    const verdict = await verifyAuditTrail(handle.db);
    expect(verdict).toMatchObject({ intact: false, brokenAtId: 7 });
    const out = await runCli(handle.db, ['audit:verify']);
    expect(out.exitCode).toBe(1);
    expect(out.lines[0]).toContain('n° 7');
  });
});
