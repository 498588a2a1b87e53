/** Shutdown lets in-flight requests finish before the database is closed (issue 2 §8). */
import { describe, expect, it } from 'vitest';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail } from '../support/test-app.js';

describe('graceful shutdown', () => {
  it('finishes a request that is waiting on the database, then refuses new ones', async () => {
    const app = await startTestApp(); // PGlite: one connection, so holding it keeps the request waiting
    const s = new HttpSession(app.baseUrl);
    await s.signInAsId(await userIdByEmail(app, 'nadia.benali@dgefp.demo.test'));

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const transaction = app.deps.db.transaction().execute(async () => {
      held();
      await gate;
    });
    await holding;

    const inFlight = s.get('/tableau-de-bord'); // waits for the database
    await new Promise((r) => setTimeout(r, 100));
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(closed).toBe(false); // shutdown waits for the request

    release();
    await transaction;
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Bonjour Nadia Benali.');
    await closing;
    await expect(fetch(`${app.baseUrl}/healthz`)).rejects.toThrow();
    await app.database.close();
  });
});
