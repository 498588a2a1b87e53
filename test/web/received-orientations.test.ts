/**
 * Issue 6 §5 over HTTP, the receiving organisation's side: a member organisation whose structure
 * runs the service answers from its account (« Mes services » › « Orientations reçues »), seeing only
 * the person's first name and initial; another member organisation cannot see nor answer it; a
 * refusal needs a reason (nothing saved without); the answer is on the pathway's timeline and closes
 * the one-time link; every read — from the account and through the link — is in the person's access
 * log (SPIE-7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { MailMessage } from '../../src/adapters/mail/mailer.js';
import { sendServiceOrientationReminders } from '../../src/domains/catalogue/use-cases/service-orientation-reminders.js';
import { HttpSession } from '../support/http.js';
import { openElodiePathway } from '../support/elodie.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const EMAILS = { julie: 'julie.perrin@missionlocale49.demo.test', lucas: 'lucas.bernard@francetravail49.demo.test', nathalie: 'nathalie.blanc@cd49.demo.test' };

describe('orientations received, answered from the account', () => {
  let app: TestApp;
  const now = new Date('2026-04-01T08:00:00Z');
  let spaceId: number;
  let pathwayId: number;
  let personId: number;
  const s = {} as Record<keyof typeof EMAILS, HttpSession>;
  const db = () => app.deps.db;
  const received = () => `/spie/${spaceId}/mes-services/orientations`;
  const orientUrl = (service: string) => `/parcours/${pathwayId}/orienter-vers/${service}`;
  const lastMail = () => db().selectFrom('mail_outbox').select(['to_address', 'text_body']).orderBy('id', 'desc').executeTakeFirstOrThrow();

  beforeAll(async () => {
    app = await startTestApp({ clock: () => now });
    const lucas = (await loadActor(db(), await userIdByEmail(app, EMAILS.lucas)))!;
    ({ spaceId, personId, pathwayId } = await openElodiePathway(app, new Date('2026-03-20T09:00:00Z')));
    const base = { space_id: spaceId, source: 'spie', date_maj: '2026-01-10', created_at: now, updated_at: now };
    // France Travail Angers (Lucas's organisation, a member of the space) runs the service.
    await db().insertInto('catalogue_structure').values({ ...base, id: 'ft-angers', nom: 'France Travail Angers', courriel: 'angers@francetravail.test', organisation_id: lucas.organisationId }).execute();
    await db().insertInto('catalogue_service').values({ ...base, id: 'ft-club', structure_id: 'ft-angers', status: 'published', nom: 'Club recherche d’emploi', description: 'Trois semaines en groupe.', reviewed_at: now, courriel: null }).execute();
    for (const who of Object.keys(EMAILS) as (keyof typeof EMAILS)[]) {
      s[who] = new HttpSession(app.baseUrl);
      expect((await s[who].signInAsId(await userIdByEmail(app, EMAILS[who]))).status).toBe(302);
    }
    const ok = await s.julie.postForm(orientUrl('ft-club'), { consent: 'oui', message: 'Élodie cherche un emploi dans la vente.' }, orientUrl('ft-club'));
    expect(ok.status).toBe(303);
  });
  afterAll(() => app.stop());

  const orientationId = async () => (await db().selectFrom('service_orientation').select('id').executeTakeFirstOrThrow()).id;

  it('tells the structure in its mail that it can also answer from its account', async () => {
    const mail = await lastMail();
    expect(mail.to_address).toBe('angers@francetravail.test');
    expect(mail.text_body).toContain(`/spie/${spaceId}/mes-services/orientations`);
    expect(mail.text_body).toContain('/orientation-service/');
    // Ten days later, the reminder says so too.
    const sent: MailMessage[] = [];
    const later = new Date(now.getTime() + 11 * 86_400_000);
    expect(await sendServiceOrientationReminders(db(), later, async (m) => void sent.push(m), app.baseUrl)).toEqual({ reminded: 1, expired: 0 });
    expect(sent[0]!.text).toContain(`${app.baseUrl}/spie/${spaceId}/mes-services/orientations`);
  });

  it('lists the orientation for the organisation that runs the service, and only for it', async () => {
    const home = await (await s.lucas.get(`/spie/${spaceId}/mes-services`)).text();
    expect(home).toContain('Orientations reçues (1 en attente de réponse)');
    const list = await s.lucas.get(received());
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Élodie L.');
    expect(html).not.toContain('Lefèvre-Martin');
    expect(html).toContain('Club recherche d’emploi');
    expect(html).toContain('Répondre');
    const other = await (await s.nathalie.get(received())).text();
    expect(other).toContain('Aucune orientation reçue pour l’instant');
    expect(other).not.toContain('Élodie');
    expect((await s.nathalie.get(`${received()}/${await orientationId()}`)).status).toBe(404);
    const post = await s.nathalie.postForm(`${received()}/${await orientationId()}`, { decision: 'accepted', reason: '' }, received());
    expect(post.status).toBe(404);
    expect((await db().selectFrom('service_orientation').select('status').executeTakeFirstOrThrow()).status).toBe('pending');
  });

  it('needs a reason to refuse, keeping the input and saving nothing; then records the answer once, on the timeline', async () => {
    const url = `${received()}/${await orientationId()}`;
    const page = await (await s.lucas.get(url)).text();
    expect(page).toContain('Élodie cherche un emploi dans la vente.');
    expect(page).toContain(EMAILS.julie);
    const bad = await s.lucas.postForm(url, { decision: 'refused', reason: '   ' }, url);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Indiquez le motif du refus');
    expect(badHtml).toMatch(/value="refused"[^>]*checked/);
    expect((await db().selectFrom('service_orientation').select('status').executeTakeFirstOrThrow()).status).toBe('pending');
    const refused = await s.lucas.postForm(url, { decision: 'refused', reason: 'Le club est complet jusqu’en juin.' }, url);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`${url}?ok=repondu`);
    const answeredPage = await (await s.lucas.get(refused.headers.get('location')!)).text();
    expect(answeredPage).toContain('Votre réponse est enregistrée : orientation refusée');
    expect(answeredPage).toContain('Le club est complet jusqu’en juin.');
    expect(answeredPage).toContain('Lucas Bernard (France Travail Angers)');
    const row = await db().selectFrom('service_orientation').select(['status', 'answered_by', 'answered_by_label', 'answer_reason']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'refused', answered_by: await userIdByEmail(app, EMAILS.lucas), answered_by_label: 'Lucas Bernard (France Travail Angers)', answer_reason: 'Le club est complet jusqu’en juin.' });
    expect((await s.lucas.postForm(url, { decision: 'accepted', reason: '' }, url)).status).toBe(409);
    const timeline = await (await s.julie.get(`/parcours/${pathwayId}`)).text();
    expect(timeline).toContain('Club recherche d’emploi : orientation refusée — motif : Le club est complet jusqu’en juin.');
    const link = /\/orientation-service\/[A-Za-z0-9_-]+/.exec((await lastMail()).text_body)![0];
    expect(await (await new HttpSession(app.baseUrl).get(link)).text()).toContain('Cette orientation a déjà reçu une réponse : refusée');
    expect(await (await s.lucas.get(`/spie/${spaceId}/mes-services`)).text()).not.toContain('en attente de réponse');
  });

  it('logs every read of the person from the account and through the link', async () => {
    const rows = await db().selectFrom('person_access_log').select(['action', 'actor_label', 'organisation_label', 'user_id']).where('person_id', '=', personId).where('action', 'in', ['orientation.received', 'orientation.link']).orderBy('id').execute();
    const lucasId = await userIdByEmail(app, EMAILS.lucas);
    expect(rows.filter((r) => r.action === 'orientation.received').every((r) => r.user_id === lucasId && r.actor_label === 'Lucas Bernard')).toBe(true);
    expect(rows.filter((r) => r.action === 'orientation.received').length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.action === 'orientation.link')).toEqual([{ action: 'orientation.link', actor_label: 'France Travail Angers (lien d’orientation)', organisation_label: 'France Travail Angers', user_id: null }]);
    expect(rows.some((r) => r.actor_label.includes('Nathalie'))).toBe(false);
  });
});
