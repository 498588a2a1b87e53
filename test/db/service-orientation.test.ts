/**
 * Issue 6 §5 on every database: a professional orients a person to a catalogue service with their
 * consent; the receiving organisation answers once through its one-time link (only hashes stored);
 * reminded once after 10 days (once even when two instances sweep together), expired after 30 — all
 * with an injected clock; each step on the pathway's timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/adapters/mail/mailer.js';
import { answerServiceOrientation, orientationByToken } from '../../src/domains/catalogue/adapters/service-orientations.js';
import { orientToService } from '../../src/domains/catalogue/use-cases/service-orientation.js';
import { sendServiceOrientationReminders } from '../../src/domains/catalogue/use-cases/service-orientation-reminders.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { openElodiePathway } from '../support/elodie.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const T0 = new Date('2026-04-01T08:00:00Z');
const days = (d: number) => new Date(T0.getTime() + d * 86_400_000);
const tokenIn = (text: string) => /\/orientation-service\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

describe.each(DATABASE_TARGETS)('orientation to a service on $name', (target) => {
  let app: TestApp;
  let julie: Actor;
  let pathwayId: number;
  const mails: MailMessage[] = [];
  const send = async (m: MailMessage) => {
    mails.push(m);
  };
  const db = () => app.deps.db;
  const events = (kind: string) => db().selectFrom('pathway_event').select(['summary', 'actor_label']).where('pathway_id', '=', pathwayId).where('kind', '=', kind).orderBy('id').execute();
  const orient = (serviceId: string, over: Partial<{ message: string; consent: boolean }> = {}, now = T0) =>
    orientToService(db(), { pathwayId, serviceId, message: 'Élodie cherche un emploi dans la vente ; disponible le matin.', consent: true, actor: julie, now, ...over }, send, 'https://spie.test');

  beforeAll(async () => {
    app = await startTestApp({ target });
    const opened = await openElodiePathway(app, days(-5));
    ({ julie, pathwayId } = opened);
    const base = { space_id: opened.spaceId, source: 'import', date_maj: '2026-01-10', created_at: days(-60), updated_at: days(-60) };
    await db().insertInto('catalogue_structure').values({ ...base, id: 'st-1', nom: 'Association Tremplin', courriel: 'accueil@tremplin.test' }).execute();
    const service = { ...base, structure_id: 'st-1', status: 'published', description: 'Ateliers pour préparer un entretien.', reviewed_at: days(-60) };
    await db().insertInto('catalogue_service').values([
      { ...service, id: 'svc-atelier', nom: 'Atelier entretien d’embauche', courriel: null },
      { ...service, id: 'svc-mobilite', nom: 'Garage solidaire', courriel: 'garage@tremplin.test' },
      { ...service, id: 'svc-brouillon', nom: 'Service en préparation', status: 'draft', courriel: 'x@tremplin.test' },
    ]).execute();
  });
  afterAll(() => app.stop());

  it('requires the person’s consent and a message, and saves nothing otherwise', async () => {
    const refused = await orient('svc-atelier', { consent: false, message: '  ' });
    expect(refused).toEqual({ ok: false, errors: { consent: expect.stringContaining('accord de la personne'), message: expect.stringContaining('Écrivez un message') } });
    expect(await orient('svc-brouillon')).toEqual({ ok: false, errors: { form: 'Ce service n’est pas publié dans le catalogue du territoire.' } });
    expect(await db().selectFrom('service_orientation').select('id').execute()).toEqual([]);
    expect(await events('service.orientation')).toEqual([]);
    expect(mails).toEqual([]);
  });

  it('records the orientation with the consent, puts it on the timeline and mails the structure a link whose token is not stored', async () => {
    const result = await orient('svc-atelier');
    expect(result.ok).toBe(true);
    const row = await db().selectFrom('service_orientation').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', consent_by: julie.userId, created_by_label: 'Julie Perrin', recipient_email: 'accueil@tremplin.test', reminded_at: null });
    expect(row.consent_at.toISOString()).toBe(T0.toISOString());
    expect(row.expires_at.toISOString()).toBe(days(30).toISOString());
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'accueil@tremplin.test', subject: 'Orientation d’une personne vers « Atelier entretien d’embauche »' });
    const token = tokenIn(mails[0]!.text);
    expect(mails[0]!.text).toContain(`https://spie.test/orientation-service/${token}`);
    expect(token.length).toBeGreaterThan(30);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await events('service.orientation')).toEqual([{ actor_label: 'Julie Perrin', summary: expect.objectContaining({ serviceId: 'svc-atelier', text: expect.stringContaining('accord de la personne recueilli par Julie Perrin') }) }]);
    const seen = await orientationByToken(db(), token, days(1));
    expect(seen).toMatchObject({ status: 'pending', expired: false, personLabel: 'Élodie L.', serviceName: 'Atelier entretien d’embauche', professional: { name: 'Julie Perrin', email: 'julie.perrin@missionlocale49.demo.test' } });
    expect(await orientationByToken(db(), `${token.slice(0, -2)}xx`, days(1))).toBeNull();
  });

  it('takes one answer: a refusal needs its reason; a second answer is refused', async () => {
    const token = tokenIn(mails[0]!.text);
    const o = (await orientationByToken(db(), token, days(2)))!;
    const by = { userId: null, label: 'Association Tremplin (réponse par lien)' };
    expect(await answerServiceOrientation(db(), { id: o.id, decision: 'refused', reason: ' ', by, now: days(2) })).toMatchObject({ ok: false, status: 422, field: 'reason' });
    expect(await answerServiceOrientation(db(), { id: o.id, decision: 'peut-être', reason: '', by, now: days(2) })).toMatchObject({ ok: false, status: 422, field: 'decision' });
    expect((await orientationByToken(db(), token, days(2)))!.status).toBe('pending');
    const [a, b] = await Promise.all([
      answerServiceOrientation(db(), { id: o.id, decision: 'refused', reason: 'Plus de place avant septembre', by, now: days(2) }),
      answerServiceOrientation(db(), { id: o.id, decision: 'accepted', reason: '', by, now: days(2) }),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ status: 409 });
    const answers = await events('service.answer');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.actor_label).toBe('Association Tremplin (réponse par lien)');
  });

  it('reminds once after 10 days with a link of its own, expires after 30, each once even with two sweeps at a time', async () => {
    mails.length = 0;
    expect((await orient('svc-mobilite', {}, T0)).ok).toBe(true);
    const first = tokenIn(mails[0]!.text);
    expect(mails[0]!.to).toBe('garage@tremplin.test');
    mails.length = 0;
    expect(await sendServiceOrientationReminders(db(), days(9.9), send, 'https://spie.test')).toEqual({ reminded: 0, expired: 0 });
    const sweeps = await Promise.all([sendServiceOrientationReminders(db(), days(10), send, 'https://spie.test'), sendServiceOrientationReminders(db(), days(10), send, 'https://spie.test')]);
    expect(sweeps.reduce((n, s) => n + s.reminded, 0)).toBe(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'garage@tremplin.test', subject: 'Rappel : Orientation d’une personne vers « Garage solidaire »' });
    const second = tokenIn(mails[0]!.text);
    expect(second).not.toBe(first);
    expect((await orientationByToken(db(), first, days(11)))!.serviceName).toBe('Garage solidaire');
    expect((await orientationByToken(db(), second, days(11)))!.serviceName).toBe('Garage solidaire');
    expect(await sendServiceOrientationReminders(db(), days(20), send)).toEqual({ reminded: 0, expired: 0 });
    expect(mails).toHaveLength(1);
    expect((await orientationByToken(db(), first, days(30)))!.expired).toBe(true);
    const expiring = await Promise.all([sendServiceOrientationReminders(db(), days(30), send), sendServiceOrientationReminders(db(), days(30), send)]);
    expect(expiring.reduce((n, s) => n + s.expired, 0)).toBe(1);
    const o = (await orientationByToken(db(), second, days(31)))!;
    expect(o).toMatchObject({ status: 'expired', expired: true });
    expect(await answerServiceOrientation(db(), { id: o.id, decision: 'accepted', reason: '', by: { userId: null, label: 'x' }, now: days(31) })).toMatchObject({ ok: false, status: 410 });
    const expiredEvents = (await events('service.answer')).filter((e) => (e.summary as { status?: string }).status === 'expired');
    expect(expiredEvents).toEqual([{ actor_label: 'Expiration automatique', summary: expect.objectContaining({ text: 'Garage solidaire : orientation expirée sans réponse après 30 jours' }) }]);
    // The answered orientation was neither reminded nor expired.
    expect(await db().selectFrom('service_orientation').select(['service_id', 'status', 'reminded_at']).orderBy('id').execute()).toEqual([
      { service_id: 'svc-atelier', status: 'refused', reminded_at: null },
      { service_id: 'svc-mobilite', status: 'expired', reminded_at: days(10) },
    ]);
  });

  it('releases the reminder when its mail could not be sent, for the next sweep', async () => {
    mails.length = 0;
    const t = days(40);
    expect((await orient('svc-mobilite', {}, t)).ok).toBe(true);
    const at = new Date(t.getTime() + 10 * 86_400_000);
    await expect(sendServiceOrientationReminders(db(), at, () => Promise.reject(new Error('SMTP en panne')))).rejects.toThrow('SMTP en panne');
    expect(await db().selectFrom('service_orientation').select('reminded_at').orderBy('id', 'desc').executeTakeFirstOrThrow()).toEqual({ reminded_at: null });
    expect((await sendServiceOrientationReminders(db(), new Date(at.getTime() + 3_600_000), send)).reminded).toBe(1);
  });
});
