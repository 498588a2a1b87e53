/**
 * The answer to an orientation request (issue 5 §5, SPIE-4): once the département has accepted or
 * refused it — from the « à orienter » page or from the API (decideOrientation) — the professional who
 * asked is told by mail, if their account is still active. The person's name and the reason stay in
 * SPIE: the mail only points to the pathway.
 */
import { spaceHeader } from '../adapters/spaces.js';
import type { ReminderPorts } from './appointment-reminders.js';

/** What sending needs: the database, the mail port (queueMail) and the public address of SPIE. */
export type OrientationAnswerPorts = Pick<ReminderPorts, 'db' | 'sendMail' | 'publicUrl'>;

export interface OrientationAnswer {
  spaceId: number;
  /** The request as orientationRequestOfSpace reads it: who asked, and whether their account is active. */
  request: { requester_email: string | null; requester_active: boolean | null };
  pathwayId: number;
  status: 'accepted' | 'refused';
  /** Who decided, as named in the mail. */
  deciderName: string;
}

/** Sends the answer to whoever asked; returns whether a mail was sent. */
export async function notifyOrientationAnswer(ports: OrientationAnswerPorts, answer: OrientationAnswer): Promise<boolean> {
  const { requester_email: to, requester_active: active } = answer.request;
  if (!to || !active) return false;
  const space = await spaceHeader(ports.db, answer.spaceId);
  await ports.sendMail({
    to,
    subject: `Réponse à votre demande d’orientation (parcours n° ${answer.pathwayId})`,
    text: [
      'Bonjour,',
      '',
      `${answer.deciderName} a ${answer.status === 'accepted' ? 'accepté' : 'refusé'} la demande d’orientation que vous avez faite pour le parcours n° ${answer.pathwayId} (${space?.name ?? 'SPIE'}).`,
      `Le détail figure dans le parcours : ${ports.publicUrl}/parcours/${answer.pathwayId}`,
      '',
      'Service public de l’insertion et de l’emploi',
    ].join('\n'),
  });
  return true;
}
