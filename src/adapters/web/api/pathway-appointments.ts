/**
 * scheduleAppointment (issue 5 §7): the appointment is recorded, then — outside its transaction, as on
 * the web page — the person is invited by e-mail and by SMS (by default whenever their address or
 * mobile is known). An invitation that cannot leave is logged; the appointment stands.
 */
import type { FastifyInstance } from 'fastify';
import { appointmentContact, scheduleAppointment } from '../../../domains/pathway/adapters/record.js';
import { MAX_APPOINTMENT_TEXT, sendAppointmentInvitations } from '../routes/pathway/pathway-appointments.js';
import { knownId } from './common.js';
import { parseOr400 } from './errors.js';
import { domainRefusal, ensureOpen, pathwayAuthz, refused } from './pathway-common.js';
import { AppointmentInputSchema } from './pathway-schemas.js';

/** An instant with its offset (« 2026-12-03T14:30:00+01:00 », « …Z »): no guessing of a time zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function instantOf(text: string): Date | null {
  if (!INSTANT.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function registerPathwayAppointmentApi(api: FastifyInstance): void {
  const deps = api.deps;

  api.post('/api/v1/pathways/:id/appointments', { config: pathwayAuthz.pathwayEdit }, async (request, reply) => {
    const id = knownId(request);
    const body = parseOr400(AppointmentInputSchema, request.body);
    const now = deps.clock();
    const message = 'Le rendez-vous n’a pas été fixé.';
    const errors: Record<string, string> = {};
    const startsAt = instantOf(body.startsAt.trim());
    if (!startsAt) errors.startsAt = 'Indiquez la date et l’heure au format ISO 8601 avec le décalage horaire, par exemple 2026-12-03T14:30:00+01:00.';
    else if (startsAt.getTime() <= now.getTime()) errors.startsAt = 'Le rendez-vous doit être fixé dans le futur.';
    const place = body.place.trim();
    const subject = body.subject.trim();
    if (!place) errors.place = 'Indiquez le lieu du rendez-vous.';
    else if (place.length > MAX_APPOINTMENT_TEXT) errors.place = `Le lieu dépasse ${MAX_APPOINTMENT_TEXT} caractères.`;
    if (!subject) errors.subject = 'Indiquez l’objet du rendez-vous.';
    else if (subject.length > MAX_APPOINTMENT_TEXT) errors.subject = `L’objet dépasse ${MAX_APPOINTMENT_TEXT} caractères.`;
    if (Object.keys(errors).length || !startsAt) throw refused(message, errors, 'SPIE-5');
    await ensureOpen(deps, id, message);
    const contact = await appointmentContact(deps.db, id);
    const result = await scheduleAppointment(deps.db, {
      pathwayId: id,
      startsAt,
      place,
      subject,
      professionalUserId: body.professionalUserId ?? request.actor!.userId,
      inviteEmail: body.inviteEmail ?? contact.email !== null,
      inviteSms: body.inviteSms ?? contact.mobile !== null,
      actor: request.actor!,
      now,
    });
    if (!result.ok) throw domainRefusal(message, result, 'SPIE-5');
    // Recorded first; the invitations leave afterwards, outside the transaction.
    const invitations = await sendAppointmentInvitations(deps, result.id).catch((error: unknown) => {
      request.log.error({ err: error }, 'appointment invitations not sent');
      return { email: false, sms: false };
    });
    reply.status(201);
    return { id: result.id, pathwayId: id, startsAt: startsAt.toISOString(), invitations };
  });
}
