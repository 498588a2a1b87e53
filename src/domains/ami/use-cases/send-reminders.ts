/**
 * The reminder sweep (issue 4 §7), run by a scheduled job: drafts 7 days and 1 day before the
 * deadline, experts 2 days before their due date. Each reminder is claimed in `reminder_sent`
 * before it is sent, so it goes out once even when several instances sweep at the same time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { MailMessage } from '../../../adapters/mail/mailer.js';
import { formatParisDateTime } from '../entities/deadline.js';
import { draftReminderDue, expertReminderDue } from '../entities/reminders.js';

async function claim(db: Kysely<Database>, kind: string, key: string, now: Date): Promise<boolean> {
  const row = await db.insertInto('reminder_sent').values({ kind, key, sent_at: now }).onConflict((oc) => oc.doNothing()).returning('key').executeTakeFirst();
  return Boolean(row);
}

async function sendClaimed(db: Kysely<Database>, kind: string, key: string, messages: MailMessage[], send: (m: MailMessage) => Promise<void>) {
  try {
    for (const m of messages) await send(m);
  } catch (error) {
    // Not sent: release the claim so that the next sweep tries again.
    await db.deleteFrom('reminder_sent').where('kind', '=', kind).where('key', '=', key).execute();
    throw error;
  }
}

export async function sendDueReminders(db: Kysely<Database>, now: Date, send: (m: MailMessage) => Promise<void>, publicUrl = ''): Promise<number> {
  let sent = 0;
  const drafts = await db
    .selectFrom('application as a')
    .innerJoin('ami_call as c', 'c.id', 'a.call_id')
    .innerJoin('app_user as u', 'u.id', 'a.created_by')
    .leftJoin('application_section as s', (j) => j.onRef('s.application_id', '=', 'a.id').on('s.section', '=', 'leadApplicant'))
    .select(['a.id', 'c.title', 'c.deadline_at', 'u.email', 's.content'])
    .where('a.status', 'in', ['draft', 'returned'])
    .where('c.status', '=', 'published')
    .where('c.deadline_at', '>', now)
    .execute();
  for (const d of drafts) {
    const due = draftReminderDue(d.deadline_at, now);
    if (!due) continue;
    const key = `${d.id}`;
    if (!(await claim(db, due, key, now))) continue;
    const contact = (d.content as { contactEmail?: string } | null)?.contactEmail ?? '';
    const to = [...new Set([d.email, contact].filter(Boolean))];
    const when = due === 'draft-7-days' ? 'dans 7 jours' : 'demain';
    await sendClaimed(db, due, key, to.map((address) => ({
      to: address,
      subject: `Rappel : la candidature n° ${d.id} n’est pas encore déposée`,
      text: `Bonjour,\n\nLa date limite de dépôt de l’appel « ${d.title} » est ${when} : ${formatParisDateTime(d.deadline_at)} (heure de Paris).\nVotre candidature n° ${d.id} est encore un brouillon : ${publicUrl}/candidatures/${d.id}\n\nService public de l’insertion et de l’emploi`,
    })), send);
    sent += to.length;
  }
  const experts = await db
    .selectFrom('expert_invitation as e')
    .innerJoin('app_user as u', 'u.id', 'e.expert_user_id')
    .select(['e.application_id', 'e.expert_user_id', 'e.due_on', 'u.email'])
    .execute();
  for (const e of experts) {
    if (!expertReminderDue(e.due_on, now)) continue;
    const key = `${e.application_id}:${e.expert_user_id}:${e.due_on}`;
    if (!(await claim(db, 'expert-2-days', key, now))) continue;
    await sendClaimed(db, 'expert-2-days', key, [{
      to: e.email,
      subject: `Rappel : contribution attendue sur la candidature n° ${e.application_id}`,
      text: `Bonjour,\n\nVotre contribution sur la candidature n° ${e.application_id} est attendue pour le ${e.due_on.split('-').reverse().join('/')}.\n${publicUrl}/candidatures/${e.application_id}\n\nService public de l’insertion et de l’emploi`,
    }], send);
    sent += 1;
  }
  return sent;
}
