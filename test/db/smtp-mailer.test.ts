/** The SMTP adapter really talks SMTP: a local server started by the test captures the mail. */
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/adapters/db/database.js';
import { smtpMailer } from '../../src/adapters/mail/mailer.js';
import { DATABASE_TARGETS } from '../support/databases.js';

describe('SMTP mailer', () => {
  const received: { from: string; to: string[]; raw: string }[] = [];
  let server: SMTPServer;
  let port = 0;
  const target = DATABASE_TARGETS[0]!;
  let handle: Awaited<ReturnType<typeof target.open>>;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as { port: number }).port;
    handle = await target.open();
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await handle.dispose();
  });

  it('delivers through the SMTP server and keeps a trace in the outbox', async () => {
    const mailer = smtpMailer(handle.db, `smtp://127.0.0.1:${port}`, 'SPIE <ne-pas-repondre@spie.test>');
    await mailer.send({ to: 'isabelle.roux@cd49.demo.test', subject: 'Accusé de réception', text: 'Votre candidature a été déposée le 27/11/2026.' });
    expect(received).toHaveLength(1);
    expect(received[0]!.from).toBe('ne-pas-repondre@spie.test');
    expect(received[0]!.to).toEqual(['isabelle.roux@cd49.demo.test']);
    expect(received[0]!.raw).toContain('Subject: =?UTF-8?Q?Accus=C3=A9_de_r=C3=A9ception?=');
    const outbox = await handle.db.selectFrom('mail_outbox').select(['to_address', 'transport']).execute();
    expect(outbox).toEqual([{ to_address: 'isabelle.roux@cd49.demo.test', transport: 'smtp' }]);
  });

  it('fails loudly (and keeps no trace) when the SMTP server refuses, so the job is retried', async () => {
    const mailer = smtpMailer(handle.db, 'smtp://127.0.0.1:1', 'SPIE <ne-pas-repondre@spie.test>');
    await expect(mailer.send({ to: 'x@y.test', subject: 's', text: 't' })).rejects.toThrow();
    expect(await handle.db.selectFrom('mail_outbox').select('id').execute()).toHaveLength(1);
  });
});
