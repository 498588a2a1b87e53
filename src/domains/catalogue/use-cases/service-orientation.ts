/**
 * Orienting a person to a catalogue service (issue 6 §5): the orientation is recorded with the
 * person's consent, then the receiving organisation is written to with its one-time link (the mail is
 * sent after the transaction, never inside it).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import type { MailMessage } from '../../../adapters/mail/mailer.js';
import { checkOrientation, createServiceOrientation, ORIENTATION_LINK_DAYS, type OrientationInput } from '../adapters/service-orientations.js';

export const orientationLink = (publicUrl: string, token: string) => `${publicUrl}/orientation-service/${token}`;

export const receivedOrientationsUrl = (publicUrl: string, spaceId: number) => `${publicUrl}/spie/${spaceId}/mes-services/orientations`;

export function orientationMail(input: { to: string; serviceName: string; professional: string; link: string; reminder: boolean; accountUrl?: string | null }): MailMessage {
  return {
    to: input.to,
    subject: `${input.reminder ? 'Rappel : ' : ''}Orientation d’une personne vers « ${input.serviceName} »`,
    text:
      'Bonjour,\n\n' +
      `${input.professional}, professionnel(le) du service public de l’insertion et de l’emploi, oriente une personne vers votre service « ${input.serviceName} », avec son accord.\n\n` +
      `Pour prendre connaissance de l’orientation et l’accepter ou la refuser, ouvrez ce lien (sans compte) :\n${input.link}\n\n` +
      (input.accountUrl ? `Vous pouvez aussi répondre depuis votre compte, dans « Mes services » › « Orientations reçues » :\n${input.accountUrl}\n\n` : '') +
      `Le lien est personnel : ne le transférez pas. Il expire ${ORIENTATION_LINK_DAYS} jours après l’orientation.`,
  };
}

export type OrientResult = { ok: true; id: number } | { ok: false; errors: Record<string, string | undefined> };

export async function orientToService(db: Kysely<Database>, input: OrientationInput, send: (m: MailMessage) => Promise<void>, publicUrl: string): Promise<OrientResult> {
  const check = checkOrientation(input);
  if (!check.ok) return check;
  const created = await createServiceOrientation(db, { ...input, message: check.values.message });
  if (!created.ok) return { ok: false, errors: { form: created.message } };
  await send(orientationMail({ to: created.to, serviceName: created.serviceName, professional: input.actor.displayName, link: orientationLink(publicUrl, created.token), reminder: false, accountUrl: created.accountSpaceId == null ? null : receivedOrientationsUrl(publicUrl, created.accountSpaceId) }));
  return { ok: true, id: created.id };
}
