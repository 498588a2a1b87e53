/**
 * Orientations without an answer (issue 6 §5): 10 days after, the receiving organisation is reminded
 * once, with a link of its own (the first one still works: only hashes are kept, so the reminder
 * cannot re-send the first token); 30 days after, the orientation is marked expired, on the timeline.
 * Each reminder is claimed by a conditional UPDATE (reminded_at still null), so that two instances
 * sweeping together send it once; a mail that could not be sent releases its claim for the next sweep.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { MailMessage } from '../../../adapters/mail/mailer.js';
import { expireServiceOrientations, hashOrientationToken, newOrientationToken, reminderDueBefore } from '../adapters/service-orientations.js';
import { orientationLink, orientationMail, receivedOrientationsUrl } from './service-orientation.js';

export async function sendServiceOrientationReminders(db: Kysely<Database>, now: Date, send: (message: MailMessage) => Promise<void>, publicUrl = ''): Promise<{ reminded: number; expired: number }> {
  const expired = await expireServiceOrientations(db, now);
  const due = await db
    .selectFrom('service_orientation as o')
    .innerJoin('catalogue_service as s', 's.id', 'o.service_id')
    .innerJoin('catalogue_structure as st', 'st.id', 's.structure_id')
    .select(['o.id', 'o.recipient_email', 'o.created_by_label', 's.nom', 's.space_id', 'st.organisation_id'])
    .where('o.status', '=', 'pending')
    .where('o.reminded_at', 'is', null)
    .where('o.created_at', '<=', reminderDueBefore(now))
    .where('o.expires_at', '>', now)
    .orderBy('o.id')
    .execute();
  let reminded = 0;
  let failure: unknown = null;
  for (const o of due) {
    const token = newOrientationToken();
    const claim = await db
      .updateTable('service_orientation')
      .set({ reminded_at: now, reminder_token_hash: hashOrientationToken(token) })
      .where('id', '=', o.id)
      .where('status', '=', 'pending')
      .where('reminded_at', 'is', null)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue; // another instance took it
    try {
      await send(orientationMail({ to: o.recipient_email, serviceName: o.nom, professional: o.created_by_label, link: orientationLink(publicUrl, token), reminder: true, accountUrl: o.organisation_id == null ? null : receivedOrientationsUrl(publicUrl, o.space_id) }));
      reminded += 1;
    } catch (error) {
      failure ??= error;
      await db.updateTable('service_orientation').set({ reminded_at: null, reminder_token_hash: null }).where('id', '=', o.id).where('reminded_at', '=', now).execute();
    }
  }
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return { reminded, expired };
}
