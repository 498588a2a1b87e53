/**
 * Review reminders of the catalogue (issue 6 §2): a service (draft or published) not reviewed for 6
 * months is recalled once to the active professionals of the organisation that owns it, one mail per
 * professional listing the organisation's services to review. The reminder is claimed by a conditional
 * UPDATE … RETURNING of `review_reminder_sent_at`, so that two instances sweeping together send it once;
 * saving the service or confirming it is up to date clears it (adapters/services.ts), and the reminder
 * can come again 6 months later. A mail that could not be sent releases its services for the next sweep.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { MailMessage } from '../../../adapters/mail/mailer.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import { reviewDueBefore } from '../entities/service-form.js';

/** Sends the reminders due at `now`; returns how many services were recalled. */
export async function sendServiceReviewReminders(db: Kysely<Database>, now: Date, send: (message: MailMessage) => Promise<void>, publicUrl = ''): Promise<number> {
  const claimed = await db
    .updateTable('catalogue_service')
    .set({ review_reminder_sent_at: now })
    .where('review_reminder_sent_at', 'is', null)
    .where('status', 'in', ['draft', 'published'])
    .where('reviewed_at', '<=', reviewDueBefore(now))
    .returning(['id', 'nom', 'structure_id', 'space_id'])
    .execute();
  if (claimed.length === 0) return 0;
  const structures = await db
    .selectFrom('catalogue_structure')
    .select(['id', 'organisation_id'])
    .where(
      'id',
      'in',
      claimed.map((c) => c.structure_id),
    )
    .execute();
  const orgOf = new Map(structures.map((s) => [s.id, s.organisation_id]));
  // One group per organisation and space: its services to review.
  const groups = new Map<string, { spaceId: number; organisationId: number; services: typeof claimed }>();
  const orphans: string[] = [];
  for (const c of claimed) {
    const organisationId = orgOf.get(c.structure_id);
    if (organisationId == null) {
      orphans.push(c.id); // imported services have no organisation here to remind; the claim stays (once).
      continue;
    }
    const key = `${c.space_id}:${organisationId}`;
    if (!groups.has(key)) groups.set(key, { spaceId: c.space_id, organisationId, services: [] });
    groups.get(key)!.services.push(c);
  }
  let reminded = 0;
  let failure: unknown = null;
  for (const group of groups.values()) {
    const professionals = await db
      .selectFrom('space_professional as p')
      .innerJoin('app_user as u', 'u.id', 'p.user_id')
      .select(['u.email', 'u.given_name'])
      .where('p.space_id', '=', group.spaceId)
      .where('p.organisation_id', '=', group.organisationId)
      .where('p.deactivated_at', 'is', null)
      .where('u.active', '=', true)
      .orderBy('u.email')
      .execute();
    const list = group.services.map((s) => `- ${s.nom}`).join('\n');
    const link = `${publicUrl}/spie/${group.spaceId}/mes-services`;
    try {
      for (const pro of professionals) {
        await send({
          to: pro.email,
          subject: group.services.length === 1 ? 'Un service de votre structure est à revoir' : `${group.services.length} services de votre structure sont à revoir`,
          text:
            `Bonjour ${pro.given_name},\n\n` +
            `Ces services du catalogue n’ont pas été revus depuis plus de 6 mois :\n${list}\n\n` +
            `Vérifiez-les et confirmez qu’ils sont à jour, ou modifiez-les, sur ${link}\n\n` +
            'Les professionnels du territoire orientent les personnes d’après ces informations.',
        });
      }
      reminded += group.services.length;
      await recordAudit(
        db,
        { actorUserId: null, actorLabel: 'Rappel automatique', action: 'catalogue.service.review_reminder', objectType: 'organisation', objectId: group.organisationId, summary: { services: group.services.map((s) => s.id), recipients: professionals.length } },
        now,
      );
    } catch (error) {
      failure ??= error;
      await db
        .updateTable('catalogue_service')
        .set({ review_reminder_sent_at: null })
        .where(
          'id',
          'in',
          group.services.map((s) => s.id),
        )
        .where('review_reminder_sent_at', '=', now)
        .execute();
    }
  }
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return reminded;
}
