/** The SMTP adapter really talks SMTP: a local server started by the test captures the mail. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/adapters/db/database.js';
import { smtpMailer } from '../../src/adapters/mail/mailer.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp-capture.js';

describe('SMTP mailer', () => {
  let smtp: SmtpCapture;
  const target = DATABASE_TARGETS[0]!;
  let handle: Awaited<ReturnType<typeof target.open>>;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    handle = await target.open();
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await smtp?.close();
    await handle?.dispose();
  });

  it('delivers through the SMTP server and keeps a trace in the outbox', async () => {
    const mailer = smtpMailer(handle.db, smtp.url, 'SPIE <ne-pas-repondre@spie.test>');
    await mailer.send({ to: 'isabelle.roux@cd49.demo.test', subject: 'Accusé de réception', text: 'Votre candidature a été déposée le 27/11/2026.' });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.from).toBe('ne-pas-repondre@spie.test');
    expect(mail.to).toEqual(['isabelle.roux@cd49.demo.test']);
    expect(mail.raw).toContain('Subject: =?UTF-8?Q?Accus=C3=A9_de_r=C3=A9ception?=');
    expect(mail.subject).toBe('Accusé de réception');
    expect(mail.text.trimEnd()).toBe('Votre candidature a été déposée le 27/11/2026.');
    const outbox = await handle.db.selectFrom('mail_outbox').select(['to_address', 'transport']).execute();
    expect(outbox).toEqual([{ to_address: 'isabelle.roux@cd49.demo.test', transport: 'smtp' }]);
  });

  it('fails loudly (and keeps no trace) when the SMTP server refuses, so the job is retried', async () => {
    const mailer = smtpMailer(handle.db, 'smtp://127.0.0.1:1', 'SPIE <ne-pas-repondre@spie.test>');
    await expect(mailer.send({ to: 'x@y.test', subject: 's', text: 't' })).rejects.toThrow();
    expect(await handle.db.selectFrom('mail_outbox').select('id').execute()).toHaveLength(1);
    expect(smtp.messages).toHaveLength(1);
  });
});
