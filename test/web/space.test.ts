/**
 * The operating space over HTTP (issue 5 §1, §2, §5): search, duplicate detection and its explicit
 * confirmation, opening a pathway, merging two records, the « à orienter » queue, inviting and
 * deactivating professionals. Who is denied (404, written to the audit trail), and that bad input
 * keeps what was typed and saves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import { closePathway } from '../../src/domains/pathway/adapters/pathways.js';
import { requestOrientation } from '../../src/domains/pathway/adapters/record.js';
import { daysWaiting } from '../../src/domains/pathway/entities/orientation.js';
import { parisDayOf } from '../../src/domains/ami/entities/reminders.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const EMAILS = {
  julie: 'julie.perrin@missionlocale49.demo.test',
  lucas: 'lucas.bernard@francetravail49.demo.test',
  nathalie: 'nathalie.blanc@cd49.demo.test',
  thomas: 'thomas.girard@cd49.demo.test',
  isabelle: 'isabelle.roux@cd49.demo.test',
  elodie: 'elodie.lefevre-martin@personne.demo.test',
} as const;

describe('the operating space of a territory, over HTTP', () => {
  let app: TestApp;
  let spaceId: number;
  let elodieId: number;
  let elodiePathway: number;
  let duplicateId: number;
  let duplicatePathway: number;
  const s: Record<string, HttpSession> = {};
  const ids: Record<string, number> = {};

  const db = () => app.deps.db;
  const home = () => `/spie/${spaceId}`;
  const post = (who: string, path: string, fields: Record<string, string>) => s[who]!.postForm(path, fields, '/tableau-de-bord');
  const people = async () => (await db().selectFrom('person').select('id').execute()).length;
  const denials = (who: string) => listAudit(db(), { action: 'access.denied', actorUserId: ids[who] });

  /** A user of an organisation with the « professionnel » role, signed in. */
  async function professionalOf(key: string, siret: string, email: string) {
    const org = await db().selectFrom('organisation').select('id').where('siret', '=', siret).executeTakeFirstOrThrow();
    const user = await db().insertInto('app_user').values({ email, given_name: 'Test', family_name: key, organisation_id: org.id, is_demo: true }).returning('id').executeTakeFirstOrThrow();
    await db().insertInto('role_assignment').values({ user_id: user.id, role: 'professional', perimeter_kind: 'organisation', perimeter_code: String(org.id) }).execute();
    ids[key] = user.id;
    s[key] = new HttpSession(app.baseUrl);
    expect((await s[key]!.signInAsId(user.id)).status).toBe(302);
  }

  beforeAll(async () => {
    app = await startTestApp();
    spaceId = (await db().selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    elodieId = (await db().selectFrom('person').select('id').where('family_name', '=', 'Lefèvre-Martin').executeTakeFirstOrThrow()).id;
    for (const [who, email] of Object.entries(EMAILS)) {
      ids[who] = await userIdByEmail(app, email);
      s[who] = new HttpSession(app.baseUrl);
      expect((await s[who]!.signInAsId(ids[who]!)).status).toBe(302);
    }
    // A professional of the Sarthe's département (not a member), and one of a member never invited.
    await professionalOf('sarthe', '22720001000014', 'pro@cd72.test');
    await professionalOf('uninvited', '78900490000153', 'pro@tremplin49.test');
  });
  afterAll(() => app.stop());

  it('« Mon SPIE » lists the spaces one works in, and says so when there are none', async () => {
    const julieList = await (await s.julie!.get('/spie')).text();
    expect(julieList).toContain(`href="/spie/${spaceId}"`);
    expect(julieList).toContain('SPIE Maine-et-Loire (49)');
    expect(julieList).toMatch(/<a class="fr-nav__link" href="\/spie"[^>]*>Mon SPIE<\/a>/);
    for (const who of ['sarthe', 'uninvited']) {
      const page = await (await s[who]!.get('/spie')).text();
      expect(page, who).toContain('Vous ne travaillez dans aucun espace SPIE pour l’instant');
      expect(page, who).not.toContain(`href="/spie/${spaceId}"`);
    }
    // The person accompanied and the lead applicant have no such menu entry.
    expect(await (await s.elodie!.get('/tableau-de-bord')).text()).not.toContain('Mon SPIE');
    expect(await (await s.isabelle!.get('/tableau-de-bord')).text()).not.toContain('Mon SPIE');
  });

  it('searches by name however typed, by CAF/MSA number; each candidate shown is logged in the person’s access log', async () => {
    const found = await post('julie', `${home()}/recherche`, { name: 'elodie lefevre martin' });
    expect(found.status).toBe(200);
    const html = await found.text();
    expect(html).toContain('1 fiche trouvée');
    expect(html).toContain('<td>Élodie Lefèvre-Martin</td>');
    expect(html).toMatch(/<p class="fr-badge[^"]*">nom<\/p>/);
    expect(html).toContain(`action="/spie/${spaceId}/personnes/${elodieId}/parcours"`);
    const log = await db().selectFrom('person_access_log').selectAll().where('person_id', '=', elodieId).execute();
    expect(log).toEqual([expect.objectContaining({ user_id: ids.julie, action: 'person.search', organisation_label: 'Mission locale angevine' })]);

    const byCaf = await (await post('julie', `${home()}/recherche`, { cafNumber: '492 3456' })).text();
    expect(byCaf).toMatch(/<p class="fr-badge[^"]*">numéro CAF\/MSA<\/p>/);

    const none = await (await post('julie', `${home()}/recherche`, { name: 'Zoé Introuvable' })).text();
    expect(none).toContain('Aucune fiche ne correspond');
    expect(none).toContain(`href="/spie/${spaceId}/personnes/nouvelle"`);

    const empty = await post('julie', `${home()}/recherche`, { name: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toMatch(/id="recherche-nom-erreur"[^>]*>Indiquez au moins un critère/);
    const badDate = await post('julie', `${home()}/recherche`, { name: 'Élodie', birthDate: '31/02/1991' });
    expect(badDate.status).toBe(422);
    const badHtml = await badDate.text();
    expect(badHtml).toMatch(/id="recherche-naissance-erreur"[^>]*>Indiquez une date de naissance valide/);
    expect(badHtml).toContain('value="Élodie"');
    expect(await db().selectFrom('person_access_log').select('id').where('person_id', '=', elodieId).execute()).toHaveLength(2);
  });

  it('creating a person: the typed name meets the known record; creation needs the explicit « none of these » and only for the records seen', async () => {
    const before = await people();
    const typed = { givenName: 'elodie', familyName: 'lefevre martin', birthDate: '1991-04-12', cafNumber: '', franceTravailId: '', email: '', phone: '06 12 34 56 78', rsaRightsOpenedOn: '' };
    const first = await post('julie', `${home()}/personnes`, typed);
    expect(first.status).toBe(422);
    const html = await first.text();
    expect(html).toContain('Cette personne est peut-être déjà connue du SPIE');
    expect(html).toContain('<td>Élodie Lefèvre-Martin</td>');
    expect(html).toMatch(/<p class="fr-badge[^"]*">nom et date de naissance<\/p>/);
    expect(html).toContain('Aucune de ces fiches n’est la bonne personne');
    expect(html).toContain(`name="seen" value="${elodieId}"`);
    expect(html).toContain('value="06 12 34 56 78"');

    // Sent again without ticking the box: refused, the box explained.
    const unticked = await post('julie', `${home()}/personnes`, { ...typed, seen: String(elodieId) });
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain('Cochez cette case si aucune de ces fiches n’est la bonne personne');
    // Ticked without having seen the candidates: refused too.
    expect((await post('julie', `${home()}/personnes`, { ...typed, confirmNone: 'oui' })).status).toBe(422);
    // Her CAF number typed: that record is hers, whatever is ticked.
    const sameCaf = await post('julie', `${home()}/personnes`, { ...typed, cafNumber: '4923456', confirmNone: 'oui', seen: String(elodieId) });
    expect(sameCaf.status).toBe(422);
    expect(await sameCaf.text()).toMatch(/id="personne-caf-erreur"[^>]*>Ce numéro est déjà celui de la fiche de Élodie Lefèvre-Martin/);
    const invalid = await post('julie', `${home()}/personnes`, { ...typed, givenName: ' ', birthDate: '' });
    expect(invalid.status).toBe(422);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toMatch(/id="personne-prenom-erreur"[^>]*>Indiquez le prénom/);
    expect(invalidHtml).toMatch(/id="personne-naissance-erreur"[^>]*>Indiquez la date de naissance/);
    expect(await people()).toBe(before);

    // Confirmed after seeing Élodie's record: a second record (a real duplicate, merged below) with its pathway.
    const created = await post('julie', `${home()}/personnes`, { ...typed, confirmNone: 'oui', seen: String(elodieId) });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/parcours\/\d+\?ok=ouvert$/);
    duplicatePathway = Number(/\/parcours\/(\d+)/.exec(location)![1]);
    const pathway = await db().selectFrom('pathway').select(['person_id', 'holding_organisation_id', 'status']).where('id', '=', duplicatePathway).executeTakeFirstOrThrow();
    duplicateId = pathway.person_id;
    expect(await db().selectFrom('person').select(['given_name', 'family_name', 'phone', 'created_by']).where('id', '=', duplicateId).executeTakeFirstOrThrow()).toEqual({
      given_name: 'elodie',
      family_name: 'lefevre martin',
      phone: '0612345678',
      created_by: ids.julie,
    });
    expect(await people()).toBe(before + 1);

    // A person nobody knows is created at once, with RSA rights given as jj/mm/aaaa.
    const karim = await post('julie', `${home()}/personnes`, { ...typed, givenName: 'Karim', familyName: 'Haddouche', birthDate: '1988-09-01', phone: '', rsaRightsOpenedOn: '02/01/2025' });
    expect(karim.status).toBe(303);
    expect(await db().selectFrom('person').select('rsa_rights_opened_on').where('family_name', '=', 'Haddouche').executeTakeFirstOrThrow()).toEqual({ rsa_rights_opened_on: '2025-01-02' });
  });

  it('opens the pathway of a person found, once; others are told whom to ask, its members see it', async () => {
    const opened = await post('julie', `${home()}/personnes/${elodieId}/parcours`, {});
    expect(opened.status).toBe(303);
    elodiePathway = Number(/^\/parcours\/(\d+)\?ok=ouvert$/.exec(opened.headers.get('location')!)![1]);
    expect(await db().selectFrom('pathway_event').select('kind').where('pathway_id', '=', elodiePathway).execute()).toEqual([{ kind: 'pathway.opened' }]);
    const again = await post('lucas', `${home()}/personnes/${elodieId}/parcours`, {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Cette personne a déjà un parcours ouvert');

    const forJulie = await (await post('julie', `${home()}/recherche`, { cafNumber: '4923456' })).text();
    expect(forJulie).toContain(`href="/parcours/${elodiePathway}"`);
    const forLucas = await (await post('lucas', `${home()}/recherche`, { cafNumber: '4923456' })).text();
    expect(forLucas).toContain('Parcours suivi par Mission locale angevine : demandez au référent de vous associer.');
    expect(forLucas).not.toContain(`/parcours/${elodiePathway}`);
  });

  it('denies the space to a professional of a non-member organisation and to one never invited: 404, written to the audit trail', async () => {
    for (const who of ['sarthe', 'uninvited', 'isabelle', 'elodie']) {
      for (const response of [await s[who]!.get(home()), await post(who, `${home()}/recherche`, { name: 'elodie lefevre martin' }), await post(who, `${home()}/personnes/${elodieId}/parcours`, {})]) {
        expect(response.status, who).toBe(404);
        expect((await response.text()).split('<main')[1], who).not.toContain('Lefèvre-Martin');
      }
    }
    const audit = await denials('sarthe');
    expect(audit).toHaveLength(3);
    expect(audit.map((a) => a.summary)).toEqual(
      expect.arrayContaining([expect.objectContaining({ attemptedAction: 'space.view', status: 404 }), expect.objectContaining({ attemptedAction: 'person.search', status: 404 })]),
    );
    expect(audit[0]).toMatchObject({ object_type: 'space', object_id: String(spaceId) });
    expect(await db().selectFrom('pathway').select('id').where('person_id', '=', elodieId).execute()).toHaveLength(1);
  });

  it('keeps the coordinator’s pages from professionals: 404, audited', async () => {
    const before = (await denials('julie')).length;
    expect((await s.julie!.get(`${home()}/professionnels`)).status).toBe(404);
    expect((await s.julie!.get(`${home()}/a-orienter`)).status).toBe(404);
    expect((await post('julie', `${home()}/fusion/confirmer`, { keptId: String(elodieId), duplicateId: String(duplicateId) })).status).toBe(404);
    expect((await post('julie', `${home()}/professionnels`, { givenName: 'A', familyName: 'B', email: 'a.b@test.fr', organisationId: '1' })).status).toBe(404);
    // A professional of the département itself is no coordinator either.
    expect((await s.nathalie!.get(`${home()}/a-orienter`)).status).toBe(404);
    const after = await denials('julie');
    expect(after.length - before).toBe(4);
    expect(after.map((a) => (a.summary as { attemptedAction: string }).attemptedAction)).toEqual(expect.arrayContaining(['space.manage', 'orientation.decide']));
    expect(await db().selectFrom('person').select('merged_into').where('id', '=', duplicateId).executeTakeFirstOrThrow()).toEqual({ merged_into: null });
    // A professional’s search offers no merge.
    expect(await (await post('julie', `${home()}/recherche`, { name: 'elodie lefevre martin' })).text()).not.toContain('Fusionner deux fiches');
  });

  it('the coordinator merges two records after a confirmation page; not while both have an open pathway', async () => {
    const results = await (await post('thomas', `${home()}/recherche`, { name: 'Élodie Lefèvre-Martin' })).text();
    expect(results).toContain('2 fiches trouvées');
    expect(results).toContain('Fusionner deux fiches de la même personne');

    const same = await post('thomas', `${home()}/fusion`, { keptId: String(elodieId), duplicateId: String(elodieId), name: 'Élodie Lefèvre-Martin' });
    expect(same.status).toBe(422);
    const sameHtml = await same.text();
    expect(sameHtml).toContain('Choisissez une autre fiche que la fiche conservée.');
    expect(sameHtml).toContain('2 fiches trouvées');

    const blocked = await (await post('thomas', `${home()}/fusion`, { keptId: String(elodieId), duplicateId: String(duplicateId) })).text();
    expect(blocked).toContain('Fusionner ces deux fiches ?');
    expect(blocked).toContain('Fusion impossible pour l’instant');
    expect(blocked).not.toContain('>Fusionner ces deux fiches</button>');
    expect((await post('thomas', `${home()}/fusion/confirmer`, { keptId: String(elodieId), duplicateId: String(duplicateId) })).status).toBe(409);

    const thomas = (await loadActor(db(), ids.thomas!))!;
    expect((await closePathway(db(), { pathwayId: duplicatePathway, reason: 'Doublon de fiche', actor: thomas, now: new Date() })).ok).toBe(true);
    const confirm = await post('thomas', `${home()}/fusion`, { keptId: String(elodieId), duplicateId: String(duplicateId) });
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Fiche conservée : Élodie Lefèvre-Martin');
    expect(confirmHtml).toContain('Fiche en double : elodie lefevre martin');
    expect(confirmHtml).toContain('>Fusionner ces deux fiches</button>');
    expect(await db().selectFrom('person').select('merged_into').where('id', '=', duplicateId).executeTakeFirstOrThrow()).toEqual({ merged_into: null });

    const merged = await post('thomas', `${home()}/fusion/confirmer`, { keptId: String(elodieId), duplicateId: String(duplicateId) });
    expect(merged.status).toBe(303);
    expect(merged.headers.get('location')).toBe(`${home()}?ok=fusion`);
    expect(await (await s.thomas!.get(merged.headers.get('location')!)).text()).toContain('Les deux fiches ont été fusionnées');
    expect(await db().selectFrom('person').select('merged_into').where('id', '=', duplicateId).executeTakeFirstOrThrow()).toEqual({ merged_into: elodieId });
    expect((await db().selectFrom('pathway').select('id').where('person_id', '=', elodieId).orderBy('id').execute()).map((w) => w.id).sort()).toEqual([elodiePathway, duplicatePathway].sort());
    expect(await (await post('thomas', `${home()}/recherche`, { name: 'Élodie Lefèvre-Martin' })).text()).toContain('1 fiche trouvée');
    expect((await listAudit(db(), { action: 'person.merge' }))[0]).toMatchObject({ actor_user_id: ids.thomas, object_id: String(elodieId) });
  });

  it('« à orienter »: days waiting since RSA rights opened; accept, or refuse only with a reason (422 next to the field)', async () => {
    const julie = (await loadActor(db(), ids.julie!))!;
    const cd49 = (await db().selectFrom('organisation').select('id').where('siret', '=', '22490001000014').executeTakeFirstOrThrow()).id;
    const asked = await requestOrientation(db(), { pathwayId: elodiePathway, kind: 'social', receivingOrganisationId: cd49, proposedReferentUserId: ids.nathalie!, actor: julie, now: new Date() });
    if (!asked.ok) throw new Error(asked.message);
    const karimPathway = (await db().selectFrom('pathway as w').innerJoin('person as p', 'p.id', 'w.person_id').select('w.id').where('p.family_name', '=', 'Haddouche').executeTakeFirstOrThrow()).id;
    const other = await requestOrientation(db(), { pathwayId: karimPathway, kind: 'professional', receivingOrganisationId: cd49, proposedReferentUserId: null, actor: julie, now: new Date() });
    if (!other.ok) throw new Error(other.message);

    const rsa = (await db().selectFrom('person').select('rsa_rights_opened_on').where('id', '=', elodieId).executeTakeFirstOrThrow()).rsa_rights_opened_on!;
    const days = daysWaiting(rsa, parisDayOf(new Date()))!;
    expect(days).toBeGreaterThan(30);
    const queue = await s.thomas!.get(`${home()}/a-orienter`);
    expect(queue.status).toBe(200);
    const html = await queue.text();
    expect(html).toContain('Demandes d’orientation à décider (2)');
    expect(html).toContain('Orientation sociale vers Conseil départemental de Maine-et-Loire (Nathalie Blanc), demandée par Julie Perrin');
    expect(html).toContain(`${days} jours`);
    expect(html).toContain('Au-delà d’un mois');
    expect(await db().selectFrom('person_access_log').select('id').where('person_id', '=', elodieId).where('user_id', '=', ids.thomas!).execute()).not.toHaveLength(0);

    const noReason = await post('thomas', `${home()}/orientations/${other.id}`, { decision: 'refused', reason: '   ' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toMatch(new RegExp(`id="refus-${other.id}-erreur"[^>]*>Indiquez le motif du refus`));
    expect(await db().selectFrom('orientation_request').select('status').where('id', '=', other.id).executeTakeFirstOrThrow()).toEqual({ status: 'pending' });

    const refused = await post('thomas', `${home()}/orientations/${other.id}`, { decision: 'refused', reason: 'Orientation professionnelle prématurée : lever d’abord le frein du logement.' });
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe(`${home()}/a-orienter?ok=refusee`);
    expect(await db().selectFrom('orientation_request').select(['status', 'reason', 'decided_by']).where('id', '=', other.id).executeTakeFirstOrThrow()).toEqual({
      status: 'refused',
      reason: 'Orientation professionnelle prématurée : lever d’abord le frein du logement.',
      decided_by: ids.thomas,
    });

    const accepted = await post('thomas', `${home()}/orientations/${asked.id}`, { decision: 'accepted' });
    expect(accepted.status).toBe(303);
    expect(await db().selectFrom('pathway').select(['referent_user_id', 'orientation_kind']).where('id', '=', elodiePathway).executeTakeFirstOrThrow()).toEqual({ referent_user_id: ids.nathalie, orientation_kind: 'social' });
    expect((await post('thomas', `${home()}/orientations/${asked.id}`, { decision: 'accepted' })).status).toBe(409);
    const mails = await db().selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', EMAILS.julie).where('subject', 'like', 'Réponse à votre demande d’orientation%').execute();
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.text_body).join('\n')).not.toContain('Lefèvre');

    const after = await (await s.thomas!.get(`${home()}/a-orienter?ok=acceptee`)).text();
    expect(after).toContain('La demande d’orientation est acceptée');
    expect(after).toContain('Aucune demande d’orientation en attente');
    expect(after).not.toContain('<td>Élodie Lefèvre-Martin</td>'); // oriented: out of the queue
    expect(after).toContain('<td>Karim Haddouche</td>');
    // A request of another space's id is not found here.
    expect((await post('thomas', `${home()}/orientations/999999`, { decision: 'accepted' })).status).toBe(404);
  });

  it('the coordinator invites a professional (mail with the sign-in link) and deactivates one after confirmation: denied at once', async () => {
    const page = await (await s.thomas!.get(`${home()}/professionnels`)).text();
    expect(page).toContain('3 professionnels actifs');
    expect(page).toContain('<td>Lucas Bernard</td>');

    const ccas = (await db().selectFrom('organisation').select('id').where('siret', '=', '26490001000010').executeTakeFirstOrThrow()).id;
    const cd72 = (await db().selectFrom('organisation').select('id').where('siret', '=', '22720001000014').executeTakeFirstOrThrow()).id;
    const bad = await post('thomas', `${home()}/professionnels`, { givenName: 'Amandine', familyName: '', email: 'amandine.roy@', organisationId: String(cd72) });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/id="invitation-nom-erreur"[^>]*>Indiquez le nom/);
    expect(badHtml).toMatch(/id="invitation-courriel-erreur"[^>]*>Indiquez une adresse électronique valide/);
    expect(badHtml).toMatch(/id="invitation-organisation-erreur"[^>]*>Choisissez une organisation membre/);
    expect(badHtml).toContain('value="Amandine"');
    expect(await db().selectFrom('app_user').select('id').where('email', 'like', 'amandine%').execute()).toHaveLength(0);

    const invited = await post('thomas', `${home()}/professionnels`, { givenName: 'Amandine', familyName: 'Roy', email: 'Amandine.Roy@ccas-angers.test', organisationId: String(ccas) });
    expect(invited.status).toBe(303);
    expect(invited.headers.get('location')).toBe(`${home()}/professionnels?ok=invite`);
    const [mail] = await db().selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', 'amandine.roy@ccas-angers.test').execute();
    expect(mail!.subject).toBe('Invitation à l’espace SPIE Maine-et-Loire');
    expect(mail!.text_body).toContain(`/connexion?retour=%2Fspie%2F${spaceId}`);
    // She would sign in with ProConnect; the test signs her in through the demo page.
    const amandineId = await userIdByEmail(app, 'amandine.roy@ccas-angers.test');
    await db().updateTable('app_user').set({ is_demo: true }).where('id', '=', amandineId).execute();
    const amandine = new HttpSession(app.baseUrl);
    expect((await amandine.signInAsId(amandineId)).status).toBe(302);
    expect((await amandine.get(home())).status).toBe(200);
    expect((await listAudit(db(), { action: 'space.inviteProfessional' }))[0]).toMatchObject({ actor_user_id: ids.thomas, object_id: String(spaceId) });

    // Nathalie became Élodie's referent when her orientation was accepted: the confirmation says so.
    expect(await (await s.thomas!.get(`${home()}/professionnels/${ids.nathalie}/desactiver`)).text()).toContain('Nathalie Blanc est référent de 1 parcours ouvert');
    const confirm = await s.thomas!.get(`${home()}/professionnels/${ids.lucas}/desactiver`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Désactiver Lucas Bernard ?');
    expect(confirmHtml).not.toContain('est référent de');
    expect((await s.lucas!.get(home())).status).toBe(200); // nothing done by the confirmation page
    const done = await post('thomas', `${home()}/professionnels/${ids.lucas}/desactiver`, {});
    expect(done.status).toBe(303);
    expect(await (await s.thomas!.get(done.headers.get('location')!)).text()).toContain('Le professionnel est désactivé');

    const denied = await s.lucas!.get(home());
    expect(denied.status).toBe(404);
    expect((await denials('lucas'))[0]).toMatchObject({ object_type: 'space', object_id: String(spaceId), summary: expect.objectContaining({ attemptedAction: 'space.view', status: 404 }) });
    expect((await post('lucas', `${home()}/recherche`, { name: 'elodie' })).status).toBe(404);
    expect((await post('thomas', `${home()}/professionnels/${ids.lucas}/desactiver`, {})).status).toBe(409);
    const list = await (await s.thomas!.get(`${home()}/professionnels`)).text();
    expect(list).toContain('1 professionnel désactivé');
    expect(list).toContain('3 professionnels actifs'); // Julie, Nathalie, Amandine

    // Invited again, Lucas is back.
    const lucasOrg = (await db().selectFrom('app_user').select('organisation_id').where('id', '=', ids.lucas!).executeTakeFirstOrThrow()).organisation_id!;
    expect((await post('thomas', `${home()}/professionnels`, { givenName: 'Lucas', familyName: 'Bernard', email: EMAILS.lucas, organisationId: String(lucasOrg) })).status).toBe(303);
    expect((await s.lucas!.get(home())).status).toBe(200);
  });
});
