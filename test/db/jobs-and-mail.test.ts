import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMail } from '../../src/app.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.each(DATABASE_TARGETS)('background jobs and mail on $name', (target) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ target, jobs: true });
  });
  afterAll(() => app.stop());

  it('sends a queued mail through the job runner into the outbox', async () => {
    await queueMail(app.deps, { to: 'isabelle.roux@cd49.demo.test', subject: 'Votre candidature', text: 'Bonjour,\nCeci est un essai.' });
    let rows: { subject: string }[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await app.deps.db.selectFrom('mail_outbox').select('subject').execute();
    }
    expect(rows).toEqual([{ subject: 'Votre candidature' }]);
  });
});
