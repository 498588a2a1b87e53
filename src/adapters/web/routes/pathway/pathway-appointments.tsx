/**
 * Appointments (issue 5 §7): fixed on a Paris clock with a place, a subject and the professional met;
 * the person is invited by e-mail and by SMS when they have an address and a mobile (sent after the
 * appointment is recorded, never inside its transaction); then marked attended, absent or excused.
 */
import { Table } from '../../components/ui.js';
import type { FastifyInstance } from 'fastify';
import { queueMail } from '../../../../app.js';
import { appointmentContact, scheduleAppointment, setAppointmentStatus } from '../../../../domains/pathway/adapters/record.js';
import { APPOINTMENT_STATUSES, longParis, type AppointmentStatus } from '../../../../domains/pathway/entities/appointment.js';
import { appointmentInvitations, checkAppointment, type AppointmentContact } from '../../../../domains/pathway/entities/appointment-input.js';
import { sendAppointmentInvitations } from '../../../../domains/pathway/use-cases/appointment-invitations.js';
import { SelectField, TextField } from '../../components/form-fields.js';
import { CsrfField } from '../../components/layout.js';
import { HttpError } from '../../errors.js';
import { Accordion, EDIT, FormError, errorOf, formFields, hasErrors, pathwayId, StatusForm, valueOf, type PathwayView, type RenderPathway } from './pathway-common.js';

const LABELS = {
  form: { id: 'form-rendez-vous', label: 'Rendez-vous' },
  day: { id: 'rdv-date', label: 'Date' },
  time: { id: 'rdv-heure', label: 'Heure' },
  place: { id: 'rdv-lieu', label: 'Lieu' },
  subject: { id: 'rdv-objet', label: 'Objet' },
  professionalUserId: { id: 'rdv-professionnel', label: 'Professionnel' },
  inviteEmail: { id: 'rdv-courriel', label: 'Inviter par courriel' },
  inviteSms: { id: 'rdv-sms', label: 'Inviter par SMS' },
};

function InviteBox(props: { id: string; name: string; label: string; hint: string; checked: boolean; disabled: boolean; error: string | undefined }) {
  return (
    <div class={`fr-checkbox-group fr-mb-2w${props.error ? ' fr-checkbox-group--error' : ''}`}>
      <input type="checkbox" id={props.id} name={props.name} value="oui" checked={props.checked && !props.disabled} disabled={props.disabled} aria-describedby={`${props.id}-messages`} />
      <label class="fr-label" for={props.id}>
        <span safe>{props.label}</span>
        <span class="fr-hint-text" safe>
          {props.hint}
        </span>
      </label>
      <div class="fr-messages-group" id={`${props.id}-messages`} aria-live="polite">
        {props.error ? (
          <p class="fr-message fr-message--error" safe>
            {props.error}
          </p>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}

function AppointmentForm({ view }: { view: PathwayView }) {
  const val = (key: string, fallback = '') => valueOf(view, 'appointment', key, fallback);
  const err = (key: string) => errorOf(view, 'appointment', key);
  const sent = view.state?.form === 'appointment';
  const { email, mobile } = view.contact;
  return (
    <form method="post" action={`/parcours/${view.record.id}/rendez-vous`} id="form-rendez-vous" novalidate>
      <CsrfField ctx={view.ctx} />
      <FormError view={view} form="appointment" />
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-md-6">
          <TextField id="rdv-date" name="day" label="Date" type="date" value={val('day')} error={err('day')} />
        </div>
        <div class="fr-col-12 fr-col-md-6">
          <div class={`fr-input-group${err('time') ? ' fr-input-group--error' : ''}`}>
            <label class="fr-label" for="rdv-heure">
              Heure
              <span class="fr-hint-text">Heure de Paris, par exemple 14:30.</span>
            </label>
            <input
              class={`fr-input${err('time') ? ' fr-input--error' : ''}`}
              id="rdv-heure"
              name="time"
              type="time"
              value={val('time')}
              aria-describedby={err('time') ? 'rdv-heure-erreur' : undefined}
              aria-invalid={err('time') ? 'true' : undefined}
            />
            {err('time') ? (
              <p class="fr-error-text" id="rdv-heure-erreur" safe>
                {err('time')}
              </p>
            ) : (
              ''
            )}
          </div>
        </div>
      </div>
      <TextField id="rdv-lieu" name="place" label="Lieu" hint="L’adresse où la personne est attendue, ou « par téléphone »." value={val('place')} error={err('place')} />
      <TextField id="rdv-objet" name="subject" label="Objet" value={val('subject')} error={err('subject')} />
      <SelectField
        id="rdv-professionnel"
        name="professionalUserId"
        label="Professionnel rencontré"
        value={val('professionalUserId', String(view.actor.userId))}
        placeholder="Choisir le professionnel"
        options={view.professionals.map((p) => ({ value: String(p.user_id), label: `${p.given_name} ${p.family_name} — ${p.organisation_name}` }))}
        error={err('professionalUserId')}
      />
      <InviteBox
        id="rdv-courriel"
        name="inviteEmail"
        label="Inviter par courriel"
        hint={email ? `À ${email}.` : 'Impossible : aucune adresse électronique n’est connue pour cette personne.'}
        checked={sent ? val('inviteEmail') === 'oui' : email !== null}
        disabled={email === null}
        error={err('inviteEmail')}
      />
      <InviteBox
        id="rdv-sms"
        name="inviteSms"
        label="Inviter par SMS"
        hint={mobile ? `Au ${mobile}.` : 'Impossible : aucun numéro de mobile n’est connu pour cette personne.'}
        checked={sent ? val('inviteSms') === 'oui' : mobile !== null}
        disabled={mobile === null}
        error={err('inviteSms')}
      />
      <button class="fr-btn" type="submit">
        Fixer le rendez-vous
      </button>
    </form>
  );
}

export function AppointmentsSection({ view }: { view: PathwayView }) {
  const appointments = view.record.appointments;
  return (
    <section id="rendez-vous" class="fr-mb-6w">
      <h2>Rendez-vous</h2>
      {appointments.length === 0 ? (
        <p>Aucun rendez-vous pour l’instant.</p>
      ) : (
        <Table hiddenCaption caption="Rendez-vous, par date" headers={['Date (heure de Paris)', 'Lieu et objet', 'Professionnel', 'Invitation', 'État']}>
          {appointments.map((a) => {
            const invited: string = [a.invite_email ? 'courriel' : '', a.invite_sms ? 'SMS' : ''].filter(Boolean).join(' et ') || 'aucune';
            const professional: string = a.given_name ? `${a.given_name} ${a.family_name}` : '—';
            const status: string = APPOINTMENT_STATUSES[a.status as AppointmentStatus] ?? a.status;
            return (
              <tr id={`rendez-vous-${a.id}`}>
                <td safe>{longParis(a.starts_at)}</td>
                <td>
                  <span safe>{a.place}</span>
                  <br />
                  <span class="fr-text--sm" safe>
                    {a.subject}
                  </span>
                </td>
                <td safe>{professional}</td>
                <td safe>{invited}</td>
                <td>
                  {view.canEdit ? (
                    <StatusForm ctx={view.ctx} action={`/parcours/${view.record.id}/rendez-vous/${a.id}/etat`} id={`rendez-vous-${a.id}-etat`} label={`État du rendez-vous du ${longParis(a.starts_at)}`} statuses={APPOINTMENT_STATUSES} value={a.status} />
                  ) : (
                    <span safe>{status}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {view.canEdit ? (
        <Accordion id="rendez-vous-nouveau" title="Fixer un rendez-vous" open={hasErrors(view, 'appointment')}>
          <AppointmentForm view={view} />
        </Accordion>
      ) : (
        ''
      )}
    </section>
  );
}

/** The appointment asked for on the form, and where the person can be invited (appointment-input.ts). */
function checkAppointmentForm(fields: Record<string, string>, now: Date, contact: AppointmentContact) {
  const checked = checkAppointment({ when: { day: fields.day ?? '', time: fields.time ?? '' }, place: fields.place ?? '', subject: fields.subject ?? '', professionalUserId: fields.professionalUserId }, now);
  const invitations = appointmentInvitations({ email: fields.inviteEmail === 'oui', sms: fields.inviteSms === 'oui' }, contact);
  const errors = { ...(checked.ok ? {} : checked.errors), ...invitations.errors };
  if (!checked.ok || Object.keys(errors).length) return { ok: false as const, errors };
  return { ok: true as const, input: { ...checked.appointment, inviteEmail: invitations.inviteEmail, inviteSms: invitations.inviteSms } };
}

const SENT_NOTICE = (sent: { email: boolean; sms: boolean }) => (sent.email && sent.sms ? 'rendez-vous-courriel-sms' : sent.email ? 'rendez-vous-courriel' : sent.sms ? 'rendez-vous-sms' : 'rendez-vous');

export function registerAppointmentRoutes(app: FastifyInstance, render: RenderPathway): void {
  app.post('/parcours/:id/rendez-vous', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const fields = formFields(request);
    const now = app.deps.clock();
    const checked = checkAppointmentForm(fields, now, await appointmentContact(app.deps.db, id));
    if (!checked.ok) return render(request, reply, { form: 'appointment', values: fields, errors: checked.errors, labels: LABELS });
    const result = await scheduleAppointment(app.deps.db, { pathwayId: id, ...checked.input, actor: request.actor!, now });
    if (!result.ok) return render(request, reply, { form: 'appointment', values: fields, errors: { [result.field ?? 'form']: result.message }, labels: LABELS });
    // Recorded first; the invitations leave afterwards, outside the transaction.
    // The appointment stands whatever happens to its invitations: a failure to send is said, not a 500
    // that would have the user submit it a second time.
    const sent = await sendAppointmentInvitations({ db: app.deps.db, sendMail: (m) => queueMail(app.deps, m), sms: app.deps.sms }, result.id).catch((error: unknown) => {
      request.log.error({ err: error, appointmentId: result.id }, 'invitation de rendez-vous non envoyée');
      return null;
    });
    return reply.redirect(`/parcours/${id}?ok=${sent ? SENT_NOTICE(sent) : 'rendez-vous-non-invite'}#rendez-vous-${result.id}`, 303);
  });

  app.post('/parcours/:id/rendez-vous/:appointmentId/etat', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const appointmentId = pathwayId(request, 'appointmentId');
    const result = await setAppointmentStatus(app.deps.db, { pathwayId: id, appointmentId, status: formFields(request).status ?? '', actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) throw new HttpError(result.message === 'Rendez-vous inconnu.' ? 404 : 422, result.message);
    return reply.redirect(`/parcours/${id}?ok=rendez-vous-etat#rendez-vous-${appointmentId}`, 303);
  });
}
