/**
 * SMS to the people accompanied (issue 5 §7), behind an interface so that an operator's API can be
 * plugged in. The implementation here writes each message to the `sms_outbox` table (a trace, and
 * what the demo and the tests read); no message leaves the machine.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface SmsMessage {
  /** A French mobile number, normalised « +33612345678 ». */
  to: string;
  body: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

/** « 06 12 34 56 78 », « +33 6 12 34 56 78 » → « +33612345678 »; null for anything else. */
export function normaliseFrenchMobile(input: string): string | null {
  const compact = input.replace(/[\s.-]/g, '');
  const national = /^0[67]\d{8}$/.test(compact) ? compact.slice(1) : /^\+33[67]\d{8}$/.test(compact) ? compact.slice(3) : null;
  return national ? `+33${national}` : null;
}

export function outboxSmsSender(db: Kysely<Database>, clock: () => Date = () => new Date()): SmsSender {
  return {
    async send(message) {
      const to = normaliseFrenchMobile(message.to);
      if (!to) throw new Error('Numéro de mobile invalide pour un SMS.');
      if (message.body.length > 640) throw new Error('Un SMS dépasse 640 caractères (4 segments).');
      await db.insertInto('sms_outbox').values({ to_number: to, body: message.body, created_at: clock() }).execute();
    },
  };
}
