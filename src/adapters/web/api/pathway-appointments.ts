/**
 * scheduleAppointment (issue 5 §7): the appointment is recorded, then — outside its transaction, as on
 * the web page — the person is invited by e-mail and by SMS (by default whenever their address or
 * mobile is known). An invitation that cannot leave is logged; the appointment stands.
 */
import type { FastifyInstance } from 'fastify';
import { queueMail } from '../../../app.js';
import { appointmentContact, scheduleAppointment } from '../../../domains/pathway/adapters/record.js';
import { appointmentInvitations, checkAppointment } from '../../../domains/pathway/entities/appointment-input.js';
import { sendAppointmentInvitations } from '../../../domains/pathway/use-cases/appointment-invitations.js';
import { knownId } from './common.js';
import { parseOr400 } from './errors.js';
import { domainRefusal, ensureOpen, pathwayAuthz, refused } from './pathway-common.js';
import { AppointmentInputSchema } from './pathway-schemas.js';

export function registerPathwayAppointmentApi(api: FastifyInstance): void {
  const deps = api.deps;

  api.post('/api/v1/pathways/:id/appointments', { config: pathwayAuthz.pathwayEdit }, async (request, reply) => {
    const id = knownId(request);
    const body = parseOr400(AppointmentInputSchema, request.body);
    const now = deps.clock();
    const message = 'Le rendez-vous n’a pas été fixé.';
    const checked = checkAppointment({ when: { instant: body.startsAt }, place: body.place, subject: body.subject, professionalUserId: body.professionalUserId ?? request.actor!.userId }, now);
    if (!checked.ok) throw refused(message, checked.errors, 'SPIE-5');
    await ensureOpen(deps, id, message);
    // Not said: whenever the person can be reached. A channel asked for where they cannot be is refused by scheduleAppointment.
    const { inviteEmail, inviteSms } = appointmentInvitations({ email: body.inviteEmail, sms: body.inviteSms }, await appointmentContact(deps.db, id));
    const result = await scheduleAppointment(deps.db, { pathwayId: id, ...checked.appointment, inviteEmail, inviteSms, actor: request.actor!, now });
    if (!result.ok) throw domainRefusal(message, result, 'SPIE-5');
    // Recorded first; the invitations leave afterwards, outside the transaction.
    const invitations = await sendAppointmentInvitations({ db: deps.db, sendMail: (m) => queueMail(deps, m), sms: deps.sms }, result.id).catch((error: unknown) => {
      request.log.error({ err: error }, 'appointment invitations not sent');
      return { email: false, sms: false };
    });
    reply.status(201);
    return { id: result.id, pathwayId: id, startsAt: checked.appointment.startsAt.toISOString(), invitations };
  });
}
