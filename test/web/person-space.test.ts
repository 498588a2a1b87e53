/**
 * The person's own access over HTTP (issue 5 §9, §12; SPIE-6): « Mon parcours » in plain French with
 * the log of who accessed it, the person's objectives and comments (bad input kept, nothing saved),
 * the data export as JSON and PDF, and the one-time sign-in link — sent by a member of the pathway
 * only, single use, 30 minutes, the account created on first use.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { logPersonAccess } from '../../src/domains/pathway/adapters/access-log.js';
import { assignReferent, openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { addContract, addObjective, recordDiagnosis, scheduleAppointment } from '../../src/domains/pathway/adapters/record.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const PDFTOTEXT = '/usr/bin/pdftotext';
const ELODIE_EMAIL = 'elodie.lefevre-martin@personne.demo.test';

describe('the person’s own access, over HTTP', () => {
  let app: TestApp;
  let now = new Date('2026-03-02T08:00:00Z');
  let julie: Actor;
  let elodie: Actor;
  let spaceId: number;
  let personId: number;
  let pathwayId: number;
  const s: Record<'julie' | 'lucas' | 'elodie', HttpSession> = {} as never;

  const events = (kind: string) => app.deps.db.selectFrom('pathway_event').select(['summary', 'actor_user_id', 'actor_label']).where('pathway_id', '=', pathwayId).where('kind', '=', kind).orderBy('id').execute();
  const accessLog = (action: string) => app.deps.db.selectFrom('person_access_log').select(['user_id', 'actor_label']).where('person_id', '=', personId).where('action', '=', action).execute();
  const linkIn = (text: string) => /\/mon-parcours\/lien\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? null;

  beforeAll(async () => {
    app = await startTestApp({ clock: () => now });
    const db = app.deps.db;
    julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    elodie = (await loadActor(db, await userIdByEmail(app, ELODIE_EMAIL)))!;
    const person = await db.selectFrom('person').select(['id', 'space_id']).where('user_id', '=', elodie.userId).executeTakeFirstOrThrow();
    personId = person.id;
    spaceId = person.space_id;
    const opened = await openPathway(db, { spaceId, personId, actor: julie, now: new Date('2026-02-10T09:00:00Z') });
    if (!opened.ok) throw new Error(opened.message);
    pathwayId = opened.pathwayId;
    await assignReferent(db, { pathwayId, userId: julie.userId, actor: julie, now: new Date('2026-02-10T09:05:00Z') });
    await recordDiagnosis(db, { pathwayId, entries: [{ area: 'housing', situation: 'Hébergée chez sa sœur à Angers', needs: 'Un logement autonome' }], actor: julie, now: new Date('2026-02-12T10:00:00Z') });
    await addObjective(db, { pathwayId, area: 'employment', label: 'Trouver un emploi dans la vente', byPerson: false, actor: julie, now: new Date('2026-02-12T10:05:00Z') });
    await addContract(db, { pathwayId, kind: 'cer', startsOn: '2026-02-15', endsOn: '2026-08-15', actor: julie, now: new Date('2026-02-12T10:10:00Z') });
    await scheduleAppointment(db, { pathwayId, startsAt: new Date('2026-03-05T13:30:00Z'), place: 'Mission locale, Angers', subject: 'Point sur le CV', professionalUserId: julie.userId, inviteEmail: true, inviteSms: false, actor: julie, now: new Date('2026-02-12T10:15:00Z') });
    await logPersonAccess(db, { personIds: [personId], pathwayId, actor: julie, action: 'pathway.read', now: new Date('2026-02-12T10:20:00Z') });
    for (const [who, email] of [['julie', 'julie.perrin@missionlocale49.demo.test'], ['lucas', 'lucas.bernard@francetravail49.demo.test'], ['elodie', ELODIE_EMAIL]] as const) {
      s[who] = new HttpSession(app.baseUrl);
      expect((await s[who].signInAsId(await userIdByEmail(app, email))).status).toBe(302);
    }
  });
  afterAll(() => app.stop());

  it('shows the person her pathway in plain French, logs her read as her own, and lists who accessed it (not herself)', async () => {
    const response = await s.elodie.get('/mon-parcours');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Votre référent : Julie Perrin');
    expect(html).toContain('href="mailto:julie.perrin@missionlocale49.demo.test"');
    expect(html).toContain('Votre situation : Hébergée chez sa sœur à Angers');
    expect(html).toContain('Ce qui peut vous aider : Un logement autonome');
    expect(html).toContain('Emploi : Trouver un emploi dans la vente');
    expect(html).toContain('Contrat d’engagements réciproques (CER), du 15 février 2026 au 15 août 2026');
    expect(html).toContain('Le jeudi 5 mars à 14:30');
    expect(html).toContain('Référent désigné');
    // Who accessed the record: Julie's read, with her organisation; not Élodie's own.
    const table = html.slice(html.indexOf('Qui a consulté mon dossier'));
    expect(table).toContain('<td>Julie Perrin</td><td>Mission locale angevine</td><td>a consulté le parcours</td>');
    expect(table).not.toContain('a consulté son propre parcours');
    expect(await accessLog('person.self')).toEqual([{ user_id: elodie.userId, actor_label: 'Élodie Lefèvre-Martin' }]);
  });

  it('is the person’s own page: a professional, or a person without pathway, finds nothing', async () => {
    expect((await s.julie.get('/mon-parcours')).status).toBe(404);
    expect((await s.lucas.get('/mon-parcours/export.json')).status).toBe(404);
    expect((await new HttpSession(app.baseUrl).get('/mon-parcours')).headers.get('location')).toBe('/connexion?retour=%2Fmon-parcours');
  });

  it('adds the person’s own objective; a bad one is refused with the input kept and nothing saved', async () => {
    const count = async () => (await app.deps.db.selectFrom('plan_objective').select('id').where('pathway_id', '=', pathwayId).execute()).length;
    const refused = await s.elodie.postForm('/mon-parcours/objectifs', { area: '', label: 'Passer le permis' }, '/mon-parcours');
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Choisissez le domaine de votre objectif.');
    expect(html).toContain('value="Passer le permis"');
    expect(await count()).toBe(1);
    expect((await s.elodie.postForm('/mon-parcours/objectifs', { area: 'mobility', label: 'x'.repeat(501) }, '/mon-parcours')).status).toBe(422);

    const added = await s.elodie.postForm('/mon-parcours/objectifs', { area: 'mobility', label: 'Passer le permis de conduire' }, '/mon-parcours');
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toMatch(/^\/mon-parcours\?ok=objectif#objectif-\d+$/);
    const row = await app.deps.db.selectFrom('plan_objective').select(['area', 'label', 'by_person', 'created_by']).where('pathway_id', '=', pathwayId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toEqual({ area: 'mobility', label: 'Passer le permis de conduire', by_person: true, created_by: elodie.userId });
    expect(await events('person.objective')).toEqual([{ summary: { label: 'Passer le permis de conduire' }, actor_user_id: elodie.userId, actor_label: 'Élodie Lefèvre-Martin' }]);
    const page = await (await s.elodie.get('/mon-parcours?ok=objectif')).text();
    expect(page).toContain('Votre objectif a été ajouté à votre parcours.');
    expect(page).toMatch(/Mobilité : Passer le permis de conduire<\/span> <span class="fr-badge[^"]*">ajouté par vous/);
  });

  it('adds the person’s comment to the timeline; an empty or too long one is refused, the text kept', async () => {
    const empty = await s.elodie.postForm('/mon-parcours/commentaires', { comment: '   ' }, '/mon-parcours');
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Écrivez votre commentaire.');
    const long = await s.elodie.postForm('/mon-parcours/commentaires', { comment: `Trop long ${'a'.repeat(2000)}` }, '/mon-parcours');
    expect(long.status).toBe(422);
    expect(await long.text()).toContain(`>Trop long ${'a'.repeat(2000)}</textarea>`);
    expect(await events('person.comment')).toEqual([]);

    const sent = await s.elodie.postForm('/mon-parcours/commentaires', { comment: 'Je préfère les rendez-vous le matin <b>svp</b>.' }, '/mon-parcours');
    expect(sent.status).toBe(303);
    expect(await events('person.comment')).toEqual([{ summary: { text: 'Je préfère les rendez-vous le matin <b>svp</b>.' }, actor_user_id: elodie.userId, actor_label: 'Élodie Lefèvre-Martin' }]);
    const page = await (await s.elodie.get('/mon-parcours')).text();
    expect(page).toContain('Je préfère les rendez-vous le matin &lt;b>svp&lt;/b>.');
  });

  it('exports all the person’s data as JSON and PDF, each export logged', async () => {
    const json = await s.elodie.get('/mon-parcours/export.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="donnees-personnelles-${personId}.json"`);
    const data = await json.json();
    expect(data.person).toMatchObject({ id: personId, given_name: 'Élodie', family_name: 'Lefèvre-Martin', birth_date: '1991-04-12', caf_number: '4923456', email: ELODIE_EMAIL });
    const [pathway] = data.pathways;
    expect(pathway).toMatchObject({ id: pathwayId, status: 'open', holding_organisation: 'Mission locale angevine', referents: [{ name: 'Julie Perrin', organisation: 'Mission locale angevine' }] });
    expect(pathway.diagnoses[0].areas).toEqual([{ area: 'housing', situation: 'Hébergée chez sa sœur à Angers', needs: 'Un logement autonome' }]);
    expect(pathway.objectives.map((o: { label: string }) => o.label)).toEqual(['Trouver un emploi dans la vente', 'Passer le permis de conduire']);
    expect(pathway.contracts).toMatchObject([{ kind: 'cer', starts_on: '2026-02-15', ends_on: '2026-08-15' }]);
    expect(pathway.appointments).toMatchObject([{ subject: 'Point sur le CV', professional: 'Julie Perrin' }]);
    expect(pathway.events.map((e: { kind: string }) => e.kind)).toContain('person.comment');
    expect(data.access_log.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['pathway.read', 'person.self', 'person.export']));
    expect(await accessLog('person.export')).toEqual([{ user_id: elodie.userId, actor_label: 'Élodie Lefèvre-Martin' }]);

    const pdf = await s.elodie.get('/mon-parcours/export.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.resolve('screenshots', 'person-export.pdf');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    if (existsSync(PDFTOTEXT)) {
      const text = execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      for (const expected of ['Vos données personnelles', 'Nom : Élodie Lefèvre-Martin', 'Date de naissance : 12/04/1991', 'Logement — situation : Hébergée chez sa sœur à Angers ; besoins : Un logement autonome', 'Référent : Julie Perrin (Mission locale angevine)', 'Objectif (Mobilité) : Passer le permis de conduire — ajouté par vous', 'Point sur le CV', '« Je préfère les rendez-vous le matin <b>svp</b>. »', 'Julie Perrin (Mission locale angevine) a consulté le parcours']) {
        expect(text).toContain(expected);
      }
    } else if (process.env.CI === 'true') {
      throw new Error(`CI=true mais ${PDFTOTEXT} est absent (poppler-utils).`);
    }
    expect(await accessLog('person.export')).toHaveLength(2);

    // On the person's behalf, the coordinator of the organisation holding the pathway exports it;
    // the professionals, members or not, cannot.
    expect((await s.julie.get(`/parcours/${pathwayId}/export-personne.json`)).status).toBe(404);
    expect((await s.lucas.get(`/parcours/${pathwayId}/export-personne.pdf`)).status).toBe(404);
    const cd49 = (await app.deps.db.selectFrom('organisation').select('id').where('name', '=', 'Conseil départemental de Maine-et-Loire').executeTakeFirstOrThrow()).id;
    await app.deps.db.updateTable('pathway').set({ holding_organisation_id: cd49 }).where('id', '=', pathwayId).execute();
    const thomas = new HttpSession(app.baseUrl);
    await thomas.signInAsId(await userIdByEmail(app, 'thomas.girard@cd49.demo.test'));
    // Élodie also had a pathway with France Travail, closed: not the coordinator's to export (SPIE-7).
    const ft = (await app.deps.db.selectFrom('organisation').select('id').where('name', '=', 'France Travail — Angers').executeTakeFirstOrThrow()).id;
    const other = await app.deps.db
      .insertInto('pathway')
      .values({ person_id: personId, space_id: spaceId, status: 'closed', opened_by_organisation_id: ft, holding_organisation_id: ft, opened_at: new Date('2025-01-10T09:00:00Z'), closed_at: new Date('2025-06-10T09:00:00Z'), closed_reason: 'MARQUEUR-AUTRE-PARCOURS' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const onBehalf = await thomas.get(`/parcours/${pathwayId}/export-personne.json`);
    expect(onBehalf.status).toBe(200);
    const exported = (await onBehalf.json()) as { pathways: { id: number }[] };
    expect(exported.pathways.map((p) => p.id)).toEqual([pathwayId]);
    expect(JSON.stringify(exported)).not.toContain('MARQUEUR-AUTRE-PARCOURS');
    // The person's own export has both.
    const own = (await (await s.elodie.get('/mon-parcours/export.json')).json()) as { pathways: { id: number }[] };
    expect(own.pathways.map((p) => p.id).sort((a, b) => a - b)).toEqual([other.id, pathwayId].sort((a, b) => a - b));
    expect((await thomas.get(`/parcours/${pathwayId}/export-personne.csv`)).status).toBe(404);
    await app.deps.db.updateTable('pathway').set({ holding_organisation_id: julie.organisationId! }).where('id', '=', pathwayId).execute();
    expect(await accessLog('person.export')).toHaveLength(4);
  });

  it('sends a one-time sign-in link from a member of the pathway only; the link works once, within 30 minutes', async () => {
    const db = app.deps.db;
    // Not a member: denied, and the attempt is audited.
    expect((await s.lucas.get(`/parcours/${pathwayId}/lien-de-connexion`)).status).toBe(404);
    expect((await s.lucas.postForm(`/parcours/${pathwayId}/lien-de-connexion`, { channel: 'email' }, '/tableau-de-bord')).status).toBe(404);
    const denied = await db.selectFrom('audit_log').select('summary').where('action', '=', 'access.denied').where('object_id', '=', String(pathwayId)).execute();
    expect(denied.filter((d) => d.summary.route === '/parcours/:id/lien-de-connexion').map((d) => [d.summary.method, d.summary.attemptedAction])).toEqual([
      ['GET', 'pathway.edit'],
      ['POST', 'pathway.edit'],
    ]);

    const form = await s.julie.get(`/parcours/${pathwayId}/lien-de-connexion`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('Par courriel, à el…@personne.demo.test');
    const noChannel = await s.julie.postForm(`/parcours/${pathwayId}/lien-de-connexion`, {}, `/parcours/${pathwayId}/lien-de-connexion`);
    expect(noChannel.status).toBe(422);
    expect(await noChannel.text()).toContain('Choisissez comment envoyer le lien.');
    expect(await db.selectFrom('person_sign_in_link').select('token_hash').execute()).toEqual([]);

    const sent = await s.julie.postForm(`/parcours/${pathwayId}/lien-de-connexion`, { channel: 'email' }, `/parcours/${pathwayId}/lien-de-connexion`);
    expect(sent.status).toBe(303);
    const mail = await db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', ELODIE_EMAIL).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Votre lien pour accéder à votre parcours');
    const token = linkIn(mail.text_body)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.selectFrom('person_sign_in_link').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.expires_at.getTime() - now.getTime()).toBe(30 * 60_000);

    // Opening the link shows a button (a mail scanner fetching it spends nothing); confirming signs her in.
    const visitor = new HttpSession(app.baseUrl);
    const page = await visitor.get(`/mon-parcours/lien/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Accéder à mon parcours</button>');
    const signedIn = await visitor.postForm(`/mon-parcours/lien/${token}`, {}, `/mon-parcours/lien/${token}`);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/mon-parcours');
    expect(await (await visitor.get('/mon-parcours')).text()).toContain('Votre référent : Julie Perrin');
    const signIns = await db.selectFrom('audit_log').select(['actor_user_id', 'actor_label', 'summary']).where('action', '=', 'session.signIn').where('actor_user_id', '=', elodie.userId).execute();
    expect(signIns.at(-1)).toEqual({ actor_user_id: elodie.userId, actor_label: `Personne accompagnée n° ${personId}`, summary: { method: 'link' } });

    // Once only.
    const again = new HttpSession(app.baseUrl);
    const replay = await again.postForm(`/mon-parcours/lien/${token}`, {});
    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain('Ce lien a déjà servi');
    expect((await again.get('/mon-parcours')).status).toBe(302);

    // 30 minutes only.
    await s.julie.postForm(`/parcours/${pathwayId}/lien-de-connexion`, { channel: 'email' }, `/parcours/${pathwayId}/lien-de-connexion`);
    const late = linkIn((await db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', ELODIE_EMAIL).orderBy('id', 'desc').executeTakeFirstOrThrow()).text_body)!;
    now = new Date(now.getTime() + 30 * 60_000 + 1000);
    const expired = await new HttpSession(app.baseUrl).get(`/mon-parcours/lien/${late}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Ce lien a expiré');
    expect((await new HttpSession(app.baseUrl).get(`/mon-parcours/lien/${'A'.repeat(43)}`)).status).toBe(410);
  });

  it('sends the link by SMS, and creates the person’s account on first use', async () => {
    const db = app.deps.db;
    const opened = await openPathway(db, {
      spaceId,
      newPerson: { given_name: 'Karim', family_name: 'Haddad', birth_date: '1985-06-02', caf_number: null, france_travail_id: null, email: null, phone: '0698765432', rsa_rights_opened_on: null },
      actor: julie,
      now,
    });
    if (!opened.ok) throw new Error(opened.message);
    const form = await (await s.julie.get(`/parcours/${opened.pathwayId}/lien-de-connexion`)).text();
    expect(form).toContain('Par SMS, au 06 •• •• •• 32');
    expect(form).not.toContain('Par courriel');
    expect((await s.julie.postForm(`/parcours/${opened.pathwayId}/lien-de-connexion`, { channel: 'sms' }, `/parcours/${opened.pathwayId}/lien-de-connexion`)).status).toBe(303);
    const sms = await db.selectFrom('sms_outbox').select(['to_number', 'body']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(sms.to_number).toBe('+33698765432');
    const token = linkIn(sms.body)!;
    expect((await db.selectFrom('person').select('user_id').where('id', '=', opened.personId).executeTakeFirstOrThrow()).user_id).toBeNull();

    const karim = new HttpSession(app.baseUrl);
    await karim.get(`/mon-parcours/lien/${token}`);
    expect((await karim.postForm(`/mon-parcours/lien/${token}`, {}, `/mon-parcours/lien/${token}`)).status).toBe(303);
    const person = await db.selectFrom('person').select('user_id').where('id', '=', opened.personId).executeTakeFirstOrThrow();
    expect(person.user_id).not.toBeNull();
    const roles = await db.selectFrom('role_assignment').select(['role', 'perimeter_kind']).where('user_id', '=', person.user_id!).execute();
    expect(roles).toEqual([{ role: 'person', perimeter_kind: 'self' }]);
    const page = await (await karim.get('/mon-parcours')).text();
    expect(page).toContain('Mon parcours');
    expect(page).toContain('Votre référent n’est pas encore désigné');
    // His account sees his pathway only: Élodie's export is not his.
    const data = await (await karim.get('/mon-parcours/export.json')).json();
    expect(data.person.given_name).toBe('Karim');
  });
});
