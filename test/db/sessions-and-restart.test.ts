import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { HttpSession } from '../support/http.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, testConfig, userIdByEmail } from '../support/test-app.js';

describe('embedded database in DATA_DIR', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'spie-restart-'));
  const config = testConfig({ DATA_DIR: dataDir, DEMO_DATA: 'yes' });

  it('keeps data and sessions across a restart, and seeds the demo only once', async () => {
    const first = await createApp(config, { jobs: false, withCommunes: false, logger: false });
    const url1 = await first.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = new HttpSession(url1);
    const nadia = await userIdByEmail(first, 'nadia.benali@dgefp.demo.test');
    await browser.signInAsId(nadia);
    await first.deps.db.insertInto('organisation').values({ name: 'Ajoutée avant redémarrage', siret: '13002526500013', kind: 'ministry' }).execute();
    const cookie = browser.cookie('spie_session')!;
    await first.close();

    const second = await createApp(config, { jobs: false, withCommunes: false, logger: false });
    const url2 = await second.app.listen({ port: 0, host: '127.0.0.1' });
    const again = await fetch(`${url2}/organisations`, { headers: { cookie: `spie_session=${cookie}` } });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Ajoutée avant redémarrage');
    const orgs = await second.deps.db.selectFrom('organisation').select('id').execute();
    expect(orgs).toHaveLength(13); // 12 demo organisations, seeded once, + the added one
    await second.close();
  });
});

describe.each(DATABASE_TARGETS)('sessions on $name', (target) => {
  let now = new Date('2026-11-27T09:00:00Z');
  const clock = () => now;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  afterAll(() => app?.stop());

  it('are shared by two app instances on the same database', async () => {
    app = await startTestApp({ target, clock });
    const other = await createApp(app.deps.config, { database: app.database, jobs: false, withCommunes: false, logger: false, clock });
    const otherUrl = await other.app.listen({ port: 0, host: '127.0.0.1' });
    const s = new HttpSession(app.baseUrl);
    await s.signInAsId(await userIdByEmail(app, 'sophie.garnier@prefecture49.demo.test'));
    const res = await fetch(`${otherUrl}/tableau-de-bord`, { headers: { cookie: `spie_session=${s.cookie('spie_session')}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Sophie Garnier');
    await other.app.close();
  });

  it('expire after the idle period and after the maximum lifetime', async () => {
    const s = new HttpSession(app.baseUrl);
    await s.signInAsId(await userIdByEmail(app, 'sophie.garnier@prefecture49.demo.test'));
    // Activity every 100 minutes keeps the session alive (idle limit 120 min)…
    for (let i = 0; i < 7; i++) {
      now = new Date(now.getTime() + 100 * 60_000);
      expect((await s.get('/tableau-de-bord')).status).toBe(200);
    }
    // …until the 12-hour maximum lifetime.
    now = new Date(now.getTime() + 100 * 60_000);
    expect((await s.get('/tableau-de-bord')).status).toBe(302);

    const idle = new HttpSession(app.baseUrl);
    await idle.signInAsId(await userIdByEmail(app, 'sophie.garnier@prefecture49.demo.test'));
    now = new Date(now.getTime() + 121 * 60_000);
    expect((await idle.get('/tableau-de-bord')).status).toBe(302);
  });
});

describe.each(DATABASE_TARGETS)('several instances starting together on $name', (target) => {
  it('load the reference data and the demo once, without failing', async () => {
    const handle = await target.open();
    const config = testConfig({ DEMO_DATA: 'yes' });
    const apps = await Promise.all(
      [1, 2, 3].map(() => createApp(config, { database: handle, jobs: false, withCommunes: false, logger: false })),
    );
    const orgs = await handle.db.selectFrom('organisation').select('id').execute();
    expect(orgs).toHaveLength(12);
    const deps = await handle.db.selectFrom('departement').select('code').execute();
    expect(deps).toHaveLength(102);
    for (const app of apps) await app.app.close();
    await handle.dispose();
  });
});
