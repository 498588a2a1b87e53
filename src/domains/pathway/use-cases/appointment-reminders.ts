/**
 * Appointment reminders (issue 5 §7): two days before, the person is reminded of a planned
 * appointment by e-mail and/or SMS, as chosen when it was fixed. Run every hour by a scheduled job.
 * Each reminder is claimed by a conditional UPDATE … RETURNING of `reminder_sent_at`, so that two
 * instances sweeping at the same time send it once; a reminder that could not be sent is released
 * for the next sweep. Each reminder sent is a timeline event `appointment.reminded`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { MailMessage } from '../../../adapters/mail/mailer.js';
import type { SmsSender } from '../../../adapters/sms/sms-sender.js';
import { normaliseFrenchMobile } from '../../../adapters/sms/sms-sender.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import { REMINDER_HOURS_BEFORE } from '../entities/appointment.js';
import { recordEvent } from '../adapters/events.js';

export interface ReminderPorts {
  db: Kysely<Database>;
  sendMail: (message: MailMessage) => Promise<void>;
  sms: SmsSender;
  publicUrl: string;
}

const WHEN = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

/** « jeudi 12 mars à 14:00 » (heure de Paris). */
export function appointmentWhen(startsAt: Date): string {
  return WHEN.format(startsAt);
}

const REMINDER_ACTOR = 'Rappel automatique';

/** Sends the reminders due at `now`; returns how many appointments were reminded. */
export async function sendAppointmentReminders(ports: ReminderPorts, now: Date): Promise<number> {
  const { db } = ports;
  const until = new Date(now.getTime() + REMINDER_HOURS_BEFORE * 3_600_000);
  // The claim: one statement, so that a second sweep running at the same time finds nothing left (reminderDue's window).
  const claimed = await db
    .updateTable('appointment')
    .set({ reminder_sent_at: now })
    .where('status', '=', 'planned')
    .where('reminder_sent_at', 'is', null)
    .where('starts_at', '>', now)
    .where('starts_at', '<=', until)
    .where('pathway_id', 'in', (eb) => eb.selectFrom('pathway').select('id').where('status', '=', 'open'))
    .returning(['id', 'pathway_id', 'starts_at', 'place', 'subject', 'invite_email', 'invite_sms', 'professional_user_id'])
    .execute();
  let reminded = 0;
  let failure: unknown = null;
  for (const a of claimed) {
    const person = await db
      .selectFrom('pathway as w')
      .innerJoin('person as p', 'p.id', 'w.person_id')
      .leftJoin('app_user as u', (j) => j.on('u.id', '=', a.professional_user_id))
      .select(['p.email', 'p.phone', 'u.given_name', 'u.family_name'])
      .where('w.id', '=', a.pathway_id)
      .executeTakeFirstOrThrow();
    const when = appointmentWhen(a.starts_at);
    const withWhom = person.given_name ? ` avec ${person.given_name} ${person.family_name}` : '';
    const mobile = person.phone ? normaliseFrenchMobile(person.phone) : null;
    const channels: string[] = [];
    try {
      if (a.invite_email && person.email) {
        await ports.sendMail({
          to: person.email,
          subject: `Rappel : votre rendez-vous du ${when}`,
          text: `Bonjour,\n\nNous vous rappelons votre rendez-vous le ${when} (heure de Paris)${withWhom}.\nLieu : ${a.place}\nObjet : ${a.subject}\n\nSi vous ne pouvez pas venir, prévenez votre référent.\nVotre parcours : ${ports.publicUrl}/mon-parcours\n\nService public de l’insertion et de l’emploi`,
        });
        channels.push('email');
      }
      if (a.invite_sms && mobile) {
        await ports.sms.send({ to: mobile, body: `SPIE : rappel de votre rendez-vous le ${when}, ${a.place}. En cas d’empêchement, prévenez votre référent.` });
        channels.push('sms');
      }
    } catch (error) {
      // Released for the next sweep (a message already sent on one channel may then be sent again).
      await db.updateTable('appointment').set({ reminder_sent_at: null }).where('id', '=', a.id).execute();
      failure ??= error;
      continue;
    }
    if (channels.length) {
      await recordEvent(db, { pathwayId: a.pathway_id, kind: 'appointment.reminded', summary: { startsAt: a.starts_at.toISOString(), channels }, actorUserId: null, actorLabel: REMINDER_ACTOR, now });
      reminded += 1;
    } else {
      // Nothing to send it by (no invitation asked, or no e-mail nor mobile recorded): kept claimed, and said so.
      await recordAudit(db, { actorUserId: null, actorLabel: REMINDER_ACTOR, action: 'appointment.reminderSkipped', objectType: 'appointment', objectId: a.id, summary: { pathwayId: a.pathway_id, reason: 'no_channel' } }, now);
    }
  }
  if (failure) throw failure;
  return reminded;
}
