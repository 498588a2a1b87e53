/**
 * Appointment invitations (issue 5 §7): once an appointment is recorded — from the pathway's page or
 * from the API — the person is invited by e-mail and by SMS as asked when it was fixed. Sent after the
 * appointment's transaction, never inside it.
 */
import { appointmentInvitation } from '../adapters/record.js';
import { longParis } from '../entities/appointment.js';
import type { ReminderPorts } from './appointment-reminders.js';

/** What sending needs: the database, the mail port (queueMail) and the SMS adapter — as for the reminders. */
export type InvitationPorts = Pick<ReminderPorts, 'db' | 'sendMail' | 'sms'>;

export interface Invitation {
  startsAt: Date;
  place: string;
  subject: string;
  personName: string;
  professional: string | null;
}

/** The e-mail and the SMS of an invitation, in plain French. */
export function invitationMessages(inv: Invitation): { subject: string; text: string; sms: string } {
  const when = longParis(inv.startsAt);
  const withWhom = inv.professional ? ` avec ${inv.professional}` : '';
  return {
    subject: `Votre rendez-vous du ${when}`,
    text:
      `Bonjour ${inv.personName},\n\nVous avez rendez-vous le ${when} (heure de Paris)${withWhom}.\nLieu : ${inv.place}\nObjet : ${inv.subject}\n\n` +
      'Si vous ne pouvez pas venir, prévenez votre conseiller au plus tôt. Vous recevrez un rappel deux jours avant.\n\nService public de l’insertion et de l’emploi',
    sms: `SPIE : rendez-vous le ${when}${withWhom}. Lieu : ${inv.place}. Objet : ${inv.subject}. En cas d’empêchement, prévenez votre conseiller.`,
  };
}

/** Sends the invitations asked for when the appointment was fixed; returns how it was sent. */
export async function sendAppointmentInvitations(ports: InvitationPorts, appointmentId: number): Promise<{ email: boolean; sms: boolean }> {
  const inv = await appointmentInvitation(ports.db, appointmentId);
  if (!inv) return { email: false, sms: false };
  const message = invitationMessages(inv);
  if (inv.email) await ports.sendMail({ to: inv.email, subject: message.subject, text: message.text });
  if (inv.mobile) await ports.sms.send({ to: inv.mobile, body: message.sms });
  return { email: inv.email !== null, sms: inv.mobile !== null };
}
