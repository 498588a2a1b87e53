/**
 * A pathway's page over HTTP (issue 5 §3–8, §10): who is refused (404, audited), that every read is
 * logged (SPIE-7), that a form with errors keeps what was typed and saves nothing, that a former
 * referent reads only, and that appointment invitations land in the SMS and mail outboxes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const EMAILS = {
  julie: 'julie.perrin@missionlocale49.demo.test',
  lucas: 'lucas.bernard@francetravail49.demo.test',
  nathalie: 'nathalie.blanc@cd49.demo.test',
  thomas: 'thomas.girard@cd49.demo.test',
} as const;
type Who = keyof typeof EMAILS;

/** Any run of spaces (ordinary, no-break, narrow no-break) as one ordinary space. */
const spaces = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe('a pathway’s page, over HTTP', () => {
  let app: TestApp;
  let spaceId: number;
  const s = {} as Record<Who, HttpSession>;
  const actors = {} as Record<Who, Actor>;

  /** A new person of the space, with a pathway opened by `who`. */
  async function newPathway(who: Who, givenName: string, extra: { email?: string; phone?: string } = {}): Promise<number> {
    const opened = await openPathway(app.deps.db, {
      spaceId,
      newPerson: { given_name: givenName, family_name: 'Testeur', birth_date: '1990-01-01', caf_number: null, france_travail_id: null, email: extra.email ?? null, phone: extra.phone ?? null, rsa_rights_opened_on: '2026-10-01' },
      actor: actors[who],
      now: app.deps.clock(),
    });
    if (!opened.ok) throw new Error(opened.message);
    return opened.pathwayId;
  }

  const count = async (table: 'pathway_event' | 'diagnosis' | 'orientation_request' | 'plan_objective' | 'plan_action' | 'pathway_contract' | 'appointment', pathwayId: number) =>
    Number((await app.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('pathway_id', '=', pathwayId).executeTakeFirstOrThrow()).n);

  const post = (who: Who, path: string, fields: Record<string, string>) => s[who].postForm(path, fields, '/tableau-de-bord');

  beforeAll(async () => {
    // A fixed clock: the appointments fixed in January 2027 stay in the future.
    app = await startTestApp({ clock: () => new Date('2026-11-27T09:00:00Z') });
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    for (const [who, email] of Object.entries(EMAILS) as [Who, string][]) {
      const id = await userIdByEmail(app, email);
      actors[who] = (await loadActor(app.deps.db, id))!;
      s[who] = new HttpSession(app.baseUrl);
      expect((await s[who].signInAsId(id)).status).toBe(302);
    }
  });
  afterAll(() => app.stop());

  it('a professional who is not a member gets 404 on the page and on every form, each attempt audited, nothing changed', async () => {
    const id = await newPathway('julie', 'Intrus');
    const denied = () =>
      app.deps.db.selectFrom('audit_log').select(['summary']).where('action', '=', 'access.denied').where('object_type', '=', 'pathway').where('object_id', '=', String(id)).where('actor_user_id', '=', actors.lucas.userId).execute();
    expect((await s.lucas.get(`/parcours/${id}`)).status).toBe(404);
    expect(await denied()).toHaveLength(1);
    const events = await count('pathway_event', id);
    const posts: [string, Record<string, string>][] = [
      [`/parcours/${id}/referent`, { userId: String(actors.lucas.userId) }],
      [`/parcours/${id}/membres`, { userId: String(actors.lucas.userId) }],
      [`/parcours/${id}/diagnostics`, { 'housing.situation': 'Intrusion' }],
      [`/parcours/${id}/orientations`, { kind: 'professional', organisationId: String(actors.lucas.organisationId) }],
      [`/parcours/${id}/objectifs`, { area: 'employment', label: 'Intrusion' }],
      [`/parcours/${id}/actions`, { kind: 'free', label: 'Intrusion' }],
      [`/parcours/${id}/actions/1/etat`, { status: 'done' }],
      [`/parcours/${id}/contrats`, { kind: 'cer', startsOn: '2026-12-01', endsOn: '2027-06-01' }],
      [`/parcours/${id}/rendez-vous`, { day: '2027-01-05', time: '10:00', place: 'Angers', subject: 'Intrusion', professionalUserId: String(actors.lucas.userId) }],
      [`/parcours/${id}/rendez-vous/1/etat`, { status: 'attended' }],
      [`/parcours/${id}/quitter`, {}],
      [`/parcours/${id}/clore`, { reason: 'Intrusion' }],
    ];
    for (const [path, fields] of posts) expect((await post('lucas', path, fields)).status, path).toBe(404);
    for (const path of [`/parcours/${id}/quitter`, `/parcours/${id}/clore`]) expect((await s.lucas.get(path)).status, path).toBe(404);
    expect(await count('pathway_event', id)).toBe(events);
    const audited = await denied();
    expect(audited).toHaveLength(1 + posts.length + 2);
    expect(audited.map((a) => (a.summary as { attemptedAction: string }).attemptedAction).sort()).toEqual(['pathway.view', ...Array(posts.length + 2).fill('pathway.edit')].sort());
    // Nobody read the person: the refusals are not reads.
    expect(await app.deps.db.selectFrom('person_access_log').select('id').where('pathway_id', '=', id).execute()).toEqual([]);
    // A pathway that does not exist is the same 404, for its members as for anyone.
    expect((await s.julie.get('/parcours/999999')).status).toBe(404);
    expect((await s.julie.get('/parcours/abc')).status).toBe(404);
  });

  it('every render of the page is a logged read of the person, with who and for which organisation', async () => {
    const id = await newPathway('julie', 'Lecture');
    const personId = (await app.deps.db.selectFrom('pathway').select('person_id').where('id', '=', id).executeTakeFirstOrThrow()).person_id;
    const page = await s.julie.get(`/parcours/${id}`);
    expect(page.status).toBe(200);
    const html = spaces(await page.text());
    expect(html).toContain('Parcours de Lecture Testeur');
    expect(html).toContain('Tenu par Mission locale angevine');
    expect((await s.julie.get(`/parcours/${id}`)).status).toBe(200);
    // A form sent back with its errors shows the person again: a read too.
    expect((await post('julie', `/parcours/${id}/objectifs`, { area: '', label: '' })).status).toBe(422);
    const log = await app.deps.db.selectFrom('person_access_log').select(['person_id', 'user_id', 'action', 'organisation_label', 'actor_label']).where('pathway_id', '=', id).execute();
    expect(log).toEqual(Array(3).fill({ person_id: personId, user_id: actors.julie.userId, action: 'pathway.read', organisation_label: 'Mission locale angevine', actor_label: 'Julie Perrin' }));
  });

  it('forms with errors are answered 422, keep what was typed, and save nothing', async () => {
    const id = await newPathway('julie', 'Erreurs');
    const tables = ['pathway_event', 'diagnosis', 'orientation_request', 'plan_objective', 'plan_action', 'pathway_contract', 'appointment'] as const;
    const before = await Promise.all(tables.map((t) => count(t, id)));
    const cases: [string, Record<string, string>, string[]][] = [
      [`/parcours/${id}/diagnostics`, { 'mobility.needs': 'Permis B à financer', 'housing.situation': 'Hébergée chez sa sœur' }, ['Décrivez la situation (mobilité) avant les besoins.', 'Permis B à financer', 'Hébergée chez sa sœur']],
      [`/parcours/${id}/orientations`, { kind: 'social' }, ['Choisissez l’organisation d’accueil.', 'value="social" checked']],
      [`/parcours/${id}/orientations`, { kind: 'professional', organisationId: String(actors.julie.organisationId), referentUserId: String(actors.lucas.userId) }, ['Le référent proposé doit être un professionnel actif de l’organisation d’accueil.']],
      [`/parcours/${id}/objectifs`, { area: '', label: 'Passer le code de la route' }, ['Choisissez le domaine de l’objectif.', 'value="Passer le code de la route"']],
      [`/parcours/${id}/actions`, { kind: 'immersion', label: 'Découvrir la boulangerie', companySiret: '123', companyName: '', startsOn: '2026-12-10', endsOn: '2026-12-01' }, ['Le SIRET doit comporter 14 chiffres.', 'Indiquez le nom de l’entreprise d’accueil.', 'La date de fin précède la date de début.', 'value="Découvrir la boulangerie"']],
      [`/parcours/${id}/contrats`, { kind: 'cer', startsOn: '2027-06-01', endsOn: '2026-12-01' }, ['La date de fin suit la date de début.', 'value="2027-06-01"']],
      [`/parcours/${id}/rendez-vous`, { day: '2020-01-06', time: '10:00', place: '', subject: 'Point d’étape', professionalUserId: String(actors.julie.userId) }, ['Le rendez-vous doit être fixé dans le futur.', 'Indiquez le lieu du rendez-vous.', 'value="Point d’étape"']],
      [`/parcours/${id}/rendez-vous`, { day: '2027-03-28', time: '02:30', place: 'Angers', subject: 'Heure d’été', professionalUserId: String(actors.julie.userId) }, ['Cette date ou cette heure n’existe pas (changement d’heure ?).']],
      [`/parcours/${id}/referent`, { userId: '' }, ['Choisissez le professionnel qui sera le référent.']],
    ];
    for (const [path, fields, expected] of cases) {
      const response = await post('julie', path, fields);
      expect(response.status, path).toBe(422);
      const html = spaces(await response.text());
      expect(html).toContain('<title>Erreur : Parcours de Erreurs Testeur — SPIE</title>');
      for (const text of expected) expect(html, path).toContain(spaces(text));
    }
    const closing = await post('julie', `/parcours/${id}/clore`, { reason: '   ' });
    expect(closing.status).toBe(422);
    expect(await closing.text()).toContain('Indiquez le motif de clôture');
    expect(await Promise.all(tables.map((t) => count(t, id)))).toEqual(before);
    expect((await app.deps.db.selectFrom('pathway').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('invitations: impossible without a mobile or an address; sent by SMS and e-mail once known, outside the record; statuses change', async () => {
    const id = await newPathway('julie', 'Sansmobile');
    const page = spaces(await (await s.julie.get(`/parcours/${id}`)).text());
    expect(page).toMatch(/id="rdv-sms" name="inviteSms" value="oui" disabled/);
    expect(page).toContain('Impossible : aucun numéro de mobile n’est connu pour cette personne.');
    const appointment = { day: '2027-01-05', time: '10:30', place: 'Mission locale, 12 rue Plantagenêt, Angers', subject: 'Premier rendez-vous', professionalUserId: String(actors.julie.userId) };
    const refused = await post('julie', `/parcours/${id}/rendez-vous`, { ...appointment, inviteSms: 'oui' });
    expect(refused.status).toBe(422);
    expect(spaces(await refused.text())).toContain('Aucun numéro de mobile n’est connu pour cette personne.');
    expect(await count('appointment', id)).toBe(0);

    const reachable = await newPathway('julie', 'Joignable', { email: 'joignable@personne.demo.test', phone: '06 12 34 56 78' });
    const sms = await app.deps.db.selectFrom('sms_outbox').select('id').execute();
    const scheduled = await post('julie', `/parcours/${reachable}/rendez-vous`, { ...appointment, inviteEmail: 'oui', inviteSms: 'oui' });
    expect(scheduled.status).toBe(303);
    expect(scheduled.headers.get('location')).toMatch(new RegExp(`^/parcours/${reachable}\\?ok=rendez-vous-courriel-sms#rendez-vous-\\d+$`));
    const [row] = await app.deps.db.selectFrom('appointment').selectAll().where('pathway_id', '=', reachable).execute();
    expect(row!.starts_at.toISOString()).toBe('2027-01-05T09:30:00.000Z'); // 10:30 in Paris, winter time
    expect(row).toMatchObject({ place: appointment.place, subject: 'Premier rendez-vous', status: 'planned', invite_email: true, invite_sms: true, professional_user_id: actors.julie.userId });
    const texts = await app.deps.db.selectFrom('sms_outbox').select(['to_number', 'body']).where('id', 'not in', sms.length ? sms.map((r) => r.id) : [0]).execute();
    expect(texts).toHaveLength(1);
    expect(texts[0]!.to_number).toBe('+33612345678');
    expect(spaces(texts[0]!.body)).toContain('rendez-vous le mardi 5 janvier 2027 à 10:30 avec Julie Perrin (Mission locale angevine). Lieu : Mission locale, 12 rue Plantagenêt, Angers.');
    const mails = await app.deps.db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', 'joignable@personne.demo.test').execute();
    expect(mails).toHaveLength(1);
    expect(spaces(mails[0]!.subject)).toBe('Votre rendez-vous du mardi 5 janvier 2027 à 10:30');
    expect(mails[0]!.text_body).toContain('Objet : Premier rendez-vous');

    const shown = spaces(await (await s.julie.get(`/parcours/${reachable}?ok=rendez-vous-courriel-sms`)).text());
    expect(shown).toContain('Le rendez-vous est fixé ; l’invitation a été envoyée par courriel et par SMS.');
    expect(shown).toContain('mardi 5 janvier 2027 à 10:30 — Mission locale, 12 rue Plantagenêt, Angers — Premier rendez-vous (invitation par courriel et SMS)');
    expect((await post('julie', `/parcours/${reachable}/rendez-vous/${row!.id}/etat`, { status: 'excused' })).status).toBe(303);
    expect((await app.deps.db.selectFrom('appointment').select('status').where('id', '=', row!.id).executeTakeFirstOrThrow()).status).toBe('excused');
    // Another pathway's appointment cannot be reached through this one.
    expect((await post('julie', `/parcours/${id}/rendez-vous/${row!.id}/etat`, { status: 'absent' })).status).toBe(404);
    expect(spaces(await (await s.julie.get(`/parcours/${reachable}`)).text())).toContain('Rendez-vous mis à jour');
  });

  it('a referent replaced reads on, with a notice and no form, and is refused every change; the new referent’s organisation holds the pathway', async () => {
    const id = await newPathway('julie', 'Relais');
    expect((await post('julie', `/parcours/${id}/referent`, { userId: String(actors.julie.userId) })).status).toBe(303);
    expect((await post('julie', `/parcours/${id}/membres`, { userId: String(actors.nathalie.userId) })).status).toBe(303);
    expect((await post('julie', `/parcours/${id}/referent`, { userId: String(actors.lucas.userId) })).status).toBe(303);
    const page = spaces(await (await s.julie.get(`/parcours/${id}`)).text());
    expect(page).toMatch(/Vous avez été le référent de ce parcours jusqu’au .* Vous le consultez en lecture seule jusqu’au /);
    expect(page).toContain('Tenu par France Travail');
    expect(page).not.toContain('<form method="post" action="/parcours/');
    expect(page).not.toContain('Quitter ce parcours');
    expect((await post('julie', `/parcours/${id}/objectifs`, { area: 'employment', label: 'Encore moi' })).status).toBe(404);
    expect(await count('plan_objective', id)).toBe(0);

    // Lucas, the referent, sees the history; Nathalie, a member, leaves after confirming.
    const lucasPage = spaces(await (await s.lucas.get(`/parcours/${id}`)).text());
    expect(lucasPage).toContain('Lucas Bernard (France Travail');
    expect(lucasPage).toContain('Historique des référents');
    expect(lucasPage).not.toContain('Quitter ce parcours');
    const nathaliePage = spaces(await (await s.nathalie.get(`/parcours/${id}`)).text());
    expect(nathaliePage).toContain(`href="/parcours/${id}/quitter"`);
    expect(spaces(await (await s.nathalie.get(`/parcours/${id}/quitter`)).text())).toContain('Confirmer : quitter le parcours');
    const left = await post('nathalie', `/parcours/${id}/quitter`, {});
    expect(left.status).toBe(303);
    expect(left.headers.get('location')).toMatch(/^\/spie\/\d+\?ok=quitte$/);
    expect(await (await s.nathalie.get(left.headers.get('location')!)).text()).toContain('Vous avez quitté le parcours');
    expect((await s.nathalie.get(`/parcours/${id}`)).status).toBe(404);
    // The referent cannot leave without being replaced.
    const stays = await post('lucas', `/parcours/${id}/quitter`, {});
    expect(stays.status).toBe(422);
    expect(await stays.text()).toContain('Vous êtes le référent : désignez d’abord un autre référent.');

    // Closed with a reason: read only for everyone, the reason shown.
    expect((await post('lucas', `/parcours/${id}/clore`, { reason: 'Emploi durable (CDI)' })).status).toBe(303);
    const closed = spaces(await (await s.lucas.get(`/parcours/${id}?ok=clos`)).text());
    expect(closed).toContain('Le parcours est clos.');
    expect(closed).toContain('Emploi durable (CDI)');
    expect(closed).not.toContain('Fixer le rendez-vous');
    expect((await post('lucas', `/parcours/${id}/objectifs`, { area: 'employment', label: 'Après la clôture' })).status).toBe(422);
    expect(await count('plan_objective', id)).toBe(0);
  });

  it('the coordinator of the holding organisation sees and changes a pathway he is not a member of', async () => {
    const id = await newPathway('nathalie', 'Département');
    const page = await s.thomas.get(`/parcours/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Désigner le référent');
    expect((await post('thomas', `/parcours/${id}/objectifs`, { area: 'housing', label: 'Trouver un logement autonome' })).status).toBe(303);
  });
});
