/**
 * Appointment reminders (issue 5 §7) with an injected clock, on every database: two days before a
 * planned appointment, the person gets an e-mail and/or an SMS as chosen when it was fixed — once,
 * even when two instances sweep together; a failed send is retried at the next sweep; each reminder
 * is on the timeline.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPOINTMENT_REMINDERS_QUEUE, RETENTION_QUEUE } from '../../src/adapters/jobs/pathway-jobs.js';
import type { MailMessage } from '../../src/adapters/mail/mailer.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { scheduleAppointment, setAppointmentStatus } from '../../src/domains/pathway/adapters/record.js';
import { reminderDue } from '../../src/domains/pathway/entities/appointment.js';
import { sendAppointmentReminders, type ReminderPorts } from '../../src/domains/pathway/use-cases/appointment-reminders.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-03-02T08:00:00Z');
const hours = (h: number) => new Date(NOW.getTime() + h * 3_600_000);
const ELODIE_EMAIL = 'elodie.lefevre-martin@personne.demo.test';

describe.each(DATABASE_TARGETS)('appointment reminders on $name', (target) => {
  let app: TestApp;
  let julie: Actor;
  let pathwayId: number;
  const mails: MailMessage[] = [];
  let ports: ReminderPorts;

  const appointment = async (startsAt: Date, subject: string, invite: { email: boolean; sms: boolean }) => {
    const result = await scheduleAppointment(app.deps.db, { pathwayId, startsAt, place: 'Mission locale, 12 place Imbach, Angers', subject, professionalUserId: julie.userId, inviteEmail: invite.email, inviteSms: invite.sms, actor: julie, now: new Date('2026-02-20T10:00:00Z') });
    if (!result.ok) throw new Error(result.message);
    return result.id;
  };
  const sms = () => app.deps.db.selectFrom('sms_outbox').select(['to_number', 'body']).orderBy('id').execute();
  const reminded = () => app.deps.db.selectFrom('pathway_event').select(['summary', 'actor_label']).where('pathway_id', '=', pathwayId).where('kind', '=', 'appointment.reminded').orderBy('id').execute();

  beforeAll(async () => {
    app = await startTestApp({ target });
    const db = app.deps.db;
    julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    const person = await db.selectFrom('person').select(['id', 'space_id']).where('email', '=', ELODIE_EMAIL).executeTakeFirstOrThrow();
    await db.updateTable('person').set({ phone: '06 12 34 56 78' }).where('id', '=', person.id).execute();
    const opened = await openPathway(db, { spaceId: person.space_id, personId: person.id, actor: julie, now: new Date('2026-02-20T09:00:00Z') });
    if (!opened.ok) throw new Error(opened.message);
    pathwayId = opened.pathwayId;
    ports = {
      db,
      sendMail: async (m) => {
        mails.push(m);
      },
      sms: app.deps.sms,
      publicUrl: 'https://spie.example.test',
    };
  });
  afterAll(() => app.stop());

  it('reminds 48 hours before, by the channels chosen, once even with two sweeps at the same time', async () => {
    const soon = await appointment(hours(30), 'Point sur la recherche d’emploi', { email: true, sms: true });
    await appointment(hours(49), 'Atelier CV', { email: true, sms: false });
    await appointment(hours(-1), 'Rendez-vous passé', { email: true, sms: true });
    const excused = await appointment(hours(20), 'Rendez-vous excusé', { email: true, sms: true });
    await setAppointmentStatus(app.deps.db, { pathwayId, appointmentId: excused, status: 'excused', actor: julie, now: NOW });
    expect(reminderDue(hours(30), 'planned', null, NOW)).toBe(true);
    expect(reminderDue(hours(49), 'planned', null, NOW)).toBe(false);

    const counts = await Promise.all([sendAppointmentReminders(ports, NOW), sendAppointmentReminders(ports, NOW)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe(ELODIE_EMAIL);
    expect(mails[0]!.subject).toBe('Rappel : votre rendez-vous du mardi 3 mars à 15:00');
    expect(mails[0]!.text).toContain('avec Julie Perrin');
    expect(mails[0]!.text).toContain('Objet : Point sur la recherche d’emploi');
    expect(mails[0]!.text).toContain('https://spie.example.test/mon-parcours');
    expect(await sms()).toEqual([{ to_number: '+33612345678', body: 'SPIE : rappel de votre rendez-vous le mardi 3 mars à 15:00, Mission locale, 12 place Imbach, Angers. En cas d’empêchement, prévenez votre référent.' }]);
    expect(await reminded()).toEqual([{ summary: { startsAt: hours(30).toISOString(), channels: ['email', 'sms'] }, actor_label: 'Rappel automatique' }]);
    const row = await app.deps.db.selectFrom('appointment').select('reminder_sent_at').where('id', '=', soon).executeTakeFirstOrThrow();
    expect(row.reminder_sent_at).toEqual(NOW);

    // The next hourly sweep: nothing new until the « Atelier CV » enters its 48 hours.
    expect(await sendAppointmentReminders(ports, hours(0.5))).toBe(0);
    expect(await sendAppointmentReminders(ports, hours(1.5))).toBe(1);
    expect(mails.map((m) => m.subject)).toEqual(['Rappel : votre rendez-vous du mardi 3 mars à 15:00', 'Rappel : votre rendez-vous du mercredi 4 mars à 10:00']);
    expect(await sms()).toHaveLength(1); // e-mail only for that one
  });

  it('retries at the next sweep a reminder that could not be sent', async () => {
    await appointment(hours(60), 'Signature du contrat', { email: true, sms: false });
    const failing: ReminderPorts = {
      ...ports,
      sendMail: async () => {
        throw new Error('SMTP indisponible');
      },
    };
    await expect(sendAppointmentReminders(failing, hours(13))).rejects.toThrow('SMTP indisponible');
    expect((await reminded()).filter((e) => e.summary.startsAt === hours(60).toISOString())).toEqual([]);
    expect(await sendAppointmentReminders(ports, hours(14))).toBe(1);
    expect(mails.at(-1)!.subject).toBe('Rappel : votre rendez-vous du mercredi 4 mars à 21:00');
  });

  it('sends nothing when no invitation was asked, and says so in the audit trail', async () => {
    const silent = await appointment(hours(100), 'Entretien sans rappel', { email: false, sms: false });
    expect(await sendAppointmentReminders(ports, hours(60))).toBe(0);
    const audit = await app.deps.db.selectFrom('audit_log').select(['object_id', 'summary']).where('action', '=', 'appointment.reminderSkipped').execute();
    expect(audit).toEqual([{ object_id: String(silent), summary: { pathwayId, reason: 'no_channel' } }]);
  });
});

describe.each(DATABASE_TARGETS)('the pathway jobs on $name', (target) => {
  let app: TestApp;
  const now = new Date('2026-03-02T08:00:00Z');
  beforeAll(async () => {
    app = await startTestApp({ target, jobs: true, clock: () => now });
  });
  afterAll(() => app.stop());

  it('schedules the reminders hourly and the retention nightly, and runs them through the job runner', async () => {
    const { rows } = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule order by name`.execute(app.deps.db);
    expect(rows).toEqual(expect.arrayContaining([
      { name: APPOINTMENT_REMINDERS_QUEUE, cron: '25 * * * *' },
      { name: RETENTION_QUEUE, cron: '40 3 * * *' },
    ]));
    const db = app.deps.db;
    const julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    const person = await db.selectFrom('person').select(['id', 'space_id']).where('email', '=', ELODIE_EMAIL).executeTakeFirstOrThrow();
    const opened = await openPathway(db, { spaceId: person.space_id, personId: person.id, actor: julie, now });
    if (!opened.ok) throw new Error(opened.message);
    await scheduleAppointment(db, { pathwayId: opened.pathwayId, startsAt: hours(24), place: 'Mission locale, Angers', subject: 'Premier rendez-vous', professionalUserId: julie.userId, inviteEmail: true, inviteSms: false, actor: julie, now });
    const jobs = app.deps.jobs!;
    const run = async (queue: string) => {
      const id = (await jobs.enqueue(queue, {}))!;
      await expect.poll(async () => (await jobs.getJob(queue, id))?.state, { timeout: 15_000, interval: 200 }).toBe('completed');
      return (await jobs.getJob(queue, id))!.output;
    };
    expect(await run(APPOINTMENT_REMINDERS_QUEUE)).toEqual({ reminded: 1 });
    // The mail goes through the mail queue, then lands in the outbox.
    await expect.poll(async () => (await db.selectFrom('mail_outbox').select('subject').where('to_address', '=', ELODIE_EMAIL).execute()).map((m) => m.subject), { timeout: 15_000, interval: 200 }).toEqual(['Rappel : votre rendez-vous du mardi 3 mars à 09:00']);
    expect(await run(RETENTION_QUEUE)).toEqual({ anonymised: 0 });
  });
});
