/** Reminders (issue 4 §7) with an injected clock, sent once even when two instances sweep together. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/adapters/mail/mailer.js';
import { createApplication } from '../../src/domains/ami/adapters/applications.js';
import { parisDeadline } from '../../src/domains/ami/entities/deadline.js';
import { sendDueReminders } from '../../src/domains/ami/use-cases/send-reminders.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe.each(DATABASE_TARGETS)('reminders on $name', (target) => {
  let app: TestApp;
  const sent: MailMessage[] = [];
  const send = async (m: MailMessage) => {
    sent.push(m);
  };

  beforeAll(async () => {
    app = await startTestApp({ target });
    const isabelle = (await loadActor(app.deps.db, await userIdByEmail(app, 'isabelle.roux@cd49.demo.test')))!;
    const call = await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow();
    await app.deps.db.updateTable('ami_call').set({ opens_at: new Date('2026-09-01T00:00:00Z'), deadline_at: parisDeadline('2026-12-20') }).where('id', '=', call.id).execute();
    const created = await createApplication(app.deps.db, { callId: call.id, leadOrganisationId: isabelle.organisationId!, territory: { kind: 'departement', departementCode: '49' }, actor: isabelle, now: new Date('2026-11-27T10:00:00Z') });
    expect(created.ok).toBe(true);
  });
  afterAll(() => app.stop());

  it('sends nothing on an ordinary day', async () => {
    expect(await sendDueReminders(app.deps.db, new Date('2026-12-01T09:00:00Z'), send)).toBe(0);
  });

  it('reminds the draft’s author 7 days before, once, even with two instances sweeping at the same time', async () => {
    const now = new Date('2026-12-13T09:00:00Z');
    const counts = await Promise.all([sendDueReminders(app.deps.db, now, send), sendDueReminders(app.deps.db, now, send)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(sent.map((m) => m.to)).toEqual(['isabelle.roux@cd49.demo.test']);
    expect(sent[0]!.text).toContain('dans 7 jours');
    // The next hourly sweep the same day sends nothing more.
    expect(await sendDueReminders(app.deps.db, new Date('2026-12-13T15:00:00Z'), send)).toBe(0);
  });

  it('reminds again the day before, and a failed send is retried at the next sweep', async () => {
    const failing = async () => {
      throw new Error('SMTP indisponible');
    };
    const now = new Date('2026-12-19T09:00:00Z');
    await expect(sendDueReminders(app.deps.db, now, failing)).rejects.toThrow('SMTP indisponible');
    expect(await sendDueReminders(app.deps.db, new Date('2026-12-19T10:00:00Z'), send)).toBe(1);
    expect(sent.at(-1)!.text).toContain('demain');
  });
});
