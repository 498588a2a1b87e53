/**
 * Issue 6 §2 on both databases: a member organisation's services (its structure created on first use,
 * records validated against the official schema before saving, life cycle, review), and the review
 * reminder sent once per service not reviewed for 6 months, with an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/adapters/mail/mailer.js';
import { changeServiceStatus, confirmServiceReviewed, createService, listOrganisationServices, ownedService, updateService } from '../../src/domains/catalogue/adapters/services.js';
import { recordOf } from '../../src/domains/catalogue/entities/catalogue-record.js';
import { validateRecord } from '../../src/domains/catalogue/entities/record-validation.js';
import { emptyServiceForm, formOfService } from '../../src/domains/catalogue/entities/service-form.js';
import { sendServiceReviewReminders } from '../../src/domains/catalogue/use-cases/review-reminders.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const DAY = 86_400_000;

describe.each(DATABASE_TARGETS)('catalogue services on $name', (target) => {
  let app: TestApp;
  let now = new Date('2026-12-31T23:30:00Z'); // already 1 January 2027 in Paris
  let spaceId: number;
  let julie: Actor;
  let lucas: Actor;
  const db = () => app.deps.db;

  beforeAll(async () => {
    app = await startTestApp({ target, clock: () => now });
    spaceId = (await db().selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    julie = (await loadActor(db(), await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    lucas = (await loadActor(db(), await userIdByEmail(app, 'lucas.bernard@francetravail49.demo.test')))!;
  });
  afterAll(() => app.stop());

  const create = (actor: Actor, nom: string) =>
    createService(db(), { spaceId, organisationId: actor.organisationId!, values: { ...emptyServiceForm(), nom, description: 'Accompagnement de proximité vers l’emploi.', publics: ['jeunes'] }, actor, now });

  it('refuses an invalid service and saves nothing, not even the structure; a valid one creates the structure and a draft', async () => {
    const bad = await createService(db(), { spaceId, organisationId: julie.organisationId!, values: { ...emptyServiceForm(), nom: 'AB', description: 'Un service.', code_postal: '49' }, actor: julie, now });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['code_postal', 'nom']);
    expect(await db().selectFrom('catalogue_structure').select('id').execute()).toEqual([]);
    expect(await db().selectFrom('catalogue_service').select('id').execute()).toEqual([]);

    const good = await create(julie, 'Contrat d’engagement jeune');
    expect(good.ok).toBe(true);
    const org = await db().selectFrom('organisation').select(['name', 'siret']).where('id', '=', julie.organisationId!).executeTakeFirstOrThrow();
    const structure = await db().selectFrom('catalogue_structure').selectAll().executeTakeFirstOrThrow();
    expect(structure).toMatchObject({ id: `spie-${spaceId}--org-${julie.organisationId}`, source: 'spie', nom: org.name, siret: org.siret, organisation_id: julie.organisationId, space_id: spaceId });
    expect(validateRecord('structure', recordOf('structure', structure))).toEqual({ ok: true });
    const [row] = await listOrganisationServices(db(), spaceId, julie.organisationId!);
    expect(row).toMatchObject({ nom: 'Contrat d’engagement jeune', status: 'draft', date_maj: '2027-01-01', structure_id: structure.id, updated_by: julie.userId, publics: ['jeunes'] });
    expect(validateRecord('service', recordOf('service', row!))).toEqual({ ok: true });
    const second = await create(julie, 'Atelier CV');
    expect(second.ok).toBe(true);
    expect(await db().selectFrom('catalogue_structure').select('id').execute()).toHaveLength(1);
    const audit = await db().selectFrom('audit_log').select(['action', 'actor_label']).where('action', 'like', 'catalogue.service.%').execute();
    expect(audit).toEqual([
      { action: 'catalogue.service.create', actor_label: 'Julie Perrin' },
      { action: 'catalogue.service.create', actor_label: 'Julie Perrin' },
    ]);
  });

  it('keeps each organisation to its own services', async () => {
    const [row] = await listOrganisationServices(db(), spaceId, julie.organisationId!);
    expect(await ownedService(db(), { spaceId, organisationId: lucas.organisationId!, serviceId: row!.id })).toBeNull();
    expect(await ownedService(db(), { spaceId, organisationId: julie.organisationId!, serviceId: row!.id })).toMatchObject({ id: row!.id });
    expect(await listOrganisationServices(db(), spaceId, lucas.organisationId!)).toEqual([]);
  });

  it('moves along the life cycle only where allowed, each change audited with date_maj of the Paris day', async () => {
    const service = (await listOrganisationServices(db(), spaceId, julie.organisationId!)).find((s) => s.nom === 'Atelier CV')!;
    now = new Date('2027-01-10T09:00:00Z');
    expect(await changeServiceStatus(db(), { service, to: 'archived', actor: julie, now })).toBe(false);
    expect(await changeServiceStatus(db(), { service, to: 'published', actor: julie, now })).toBe(true);
    const reread = async () => (await ownedService(db(), { spaceId, organisationId: julie.organisationId!, serviceId: service.id }))!;
    // A stale form (still « draft ») cannot publish twice.
    expect(await changeServiceStatus(db(), { service, to: 'published', actor: julie, now })).toBe(false);
    expect(await reread()).toMatchObject({ status: 'published', date_maj: '2027-01-10' });
    expect(await changeServiceStatus(db(), { service: await reread(), to: 'archived', actor: julie, now })).toBe(true);
    expect(await changeServiceStatus(db(), { service: await reread(), to: 'draft', actor: julie, now })).toBe(true);
    expect((await reread()).status).toBe('draft');
    const audit = await db().selectFrom('audit_log').select('summary').where('action', '=', 'catalogue.service.status').orderBy('id').execute();
    expect(audit.map((a) => a.summary)).toEqual([
      { before: 'draft', after: 'published' },
      { before: 'published', after: 'archived' },
      { before: 'archived', after: 'draft' },
    ]);
  });

  it('reminds the organisation’s professionals once per service not reviewed for 6 months; two sweeps together send once; a review clears it', async () => {
    const services = await listOrganisationServices(db(), spaceId, julie.organisationId!);
    const cej = services.find((s) => s.nom === 'Contrat d’engagement jeune')!;
    const atelier = services.find((s) => s.nom === 'Atelier CV')!;
    // The atelier was reviewed later (saved on 10 January); a third service is archived and never recalled.
    await updateService(db(), { service: atelier, values: formOfService(atelier), actor: julie, now: new Date('2027-01-10T09:00:00Z') });
    const archived = await create(julie, 'Ancien atelier');
    const old = (await listOrganisationServices(db(), spaceId, julie.organisationId!)).find((s) => s.id === archived.id)!;
    await changeServiceStatus(db(), { service: old, to: 'published', actor: julie, now });
    await changeServiceStatus(db(), { service: { ...old, status: 'published' }, to: 'archived', actor: julie, now });

    const sent: MailMessage[] = [];
    const send = async (m: MailMessage) => {
      sent.push(m);
    };
    // 1 day short of 6 months after the creation (31 Dec 2026 23:30 UTC): nothing.
    expect(await sendServiceReviewReminders(db(), new Date('2027-06-30T23:29:00Z'), send)).toBe(0);
    expect(sent).toEqual([]);

    const sixMonths = new Date('2027-07-01T00:00:00Z');
    const counts = await Promise.all([sendServiceReviewReminders(db(), sixMonths, send, 'https://spie.test'), sendServiceReviewReminders(db(), sixMonths, send, 'https://spie.test')]);
    expect(counts.sort()).toEqual([0, 1]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'julie.perrin@missionlocale49.demo.test', subject: 'Un service de votre structure est à revoir' });
    expect(sent[0]!.text).toContain('- Contrat d’engagement jeune');
    expect(sent[0]!.text).not.toContain('Atelier CV');
    expect(sent[0]!.text).toContain(`https://spie.test/spie/${spaceId}/mes-services`);
    expect(await sendServiceReviewReminders(db(), new Date(sixMonths.getTime() + 5 * DAY), send)).toBe(0);
    expect(sent).toHaveLength(1);

    // A mail that fails releases the claim: the next sweep sends it.
    const atelierDue = new Date('2027-07-10T09:00:00Z');
    await expect(sendServiceReviewReminders(db(), atelierDue, () => Promise.reject(new Error('SMTP en panne')))).rejects.toThrow('SMTP en panne');
    expect((await ownedService(db(), { spaceId, organisationId: julie.organisationId!, serviceId: atelier.id }))!.review_reminder_sent_at).toBeNull();
    expect(await sendServiceReviewReminders(db(), atelierDue, send)).toBe(1);
    expect(sent.at(-1)!.text).toContain('- Atelier CV');

    // « Je confirme que ce service est à jour »: cleared, and recalled again 6 months after that review.
    const confirmedAt = new Date('2027-08-01T08:00:00Z');
    await confirmServiceReviewed(db(), { service: cej, actor: julie, now: confirmedAt });
    expect(await ownedService(db(), { spaceId, organisationId: julie.organisationId!, serviceId: cej.id })).toMatchObject({ review_reminder_sent_at: null, reviewed_at: confirmedAt, date_maj: '2027-08-01' });
    const before = sent.length;
    expect(await sendServiceReviewReminders(db(), new Date('2028-01-31T08:00:00Z'), send)).toBe(0);
    expect(await sendServiceReviewReminders(db(), new Date('2028-02-01T08:00:00Z'), send)).toBe(1);
    expect(sent.slice(before).map((m) => m.to)).toEqual(['julie.perrin@missionlocale49.demo.test']);
    const audit = await db().selectFrom('audit_log').select('summary').where('action', '=', 'catalogue.service.review_reminder').execute();
    expect(audit).toHaveLength(3);
  });
});
