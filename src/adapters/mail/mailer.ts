/**
 * The mail port and its two adapters: SMTP through nodemailer (SMTP_URL), or the outbox table
 * (the embedded demo: an admin page lists what would have been sent). Either way, the sent mail
 * is kept in the outbox with its transport, so that nothing is sent silently.
 */
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Database } from '../db/schema.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly transport: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<void>;
}

async function keepInOutbox(db: Kysely<Database>, message: MailMessage, transport: string) {
  await db
    .insertInto('mail_outbox')
    .values({ to_address: message.to, subject: message.subject, text_body: message.text, transport })
    .execute();
}

export function outboxMailer(db: Kysely<Database>): Mailer {
  return {
    transport: 'outbox',
    send: (message) => keepInOutbox(db, message, 'outbox'),
  };
}

export function smtpMailer(db: Kysely<Database>, smtpUrl: string, from: string): Mailer {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    transport: 'smtp',
    async send(message) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      await keepInOutbox(db, message, 'smtp');
    },
  };
}
