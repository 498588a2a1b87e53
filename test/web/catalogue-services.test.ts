/**
 * « Mes services » over HTTP (issue 6 §2): a member organisation lists, creates, edits, publishes,
 * archives (after confirmation) and confirms its services; a faulty form keeps the input, shows each
 * error next to its field and saves nothing; another organisation cannot reach them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';
import { HttpSession } from '../support/http.js';

describe('mes services', () => {
  let app: TestApp;
  let base: string;
  let now = new Date('2026-03-02T09:00:00Z');
  const sessions: Record<string, HttpSession> = {};
  const julie = () => sessions.julie!;
  const services = () => app.deps.db.selectFrom('catalogue_service').selectAll().orderBy('created_at').execute();

  /** Posts a form whose fields may repeat (checkboxes), with the CSRF token of `page`. */
  const post = async (session: HttpSession, path: string, fields: [string, string][], page: string) => {
    const body = new URLSearchParams(fields);
    body.set('_csrf', await session.csrfToken(page));
    return session.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  };

  beforeAll(async () => {
    app = await startTestApp({ clock: () => now });
    const spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    base = `/spie/${spaceId}/mes-services`;
    for (const [who, email] of [
      ['julie', 'julie.perrin@missionlocale49.demo.test'],
      ['lucas', 'lucas.bernard@francetravail49.demo.test'],
      ['elodie', 'elodie.lefevre-martin@personne.demo.test'],
    ] as const) {
      sessions[who] = new HttpSession(app.baseUrl);
      await sessions[who].signInAsId(await userIdByEmail(app, email));
    }
  });
  afterAll(() => app.stop());

  it('shows an empty list to a member organisation and hides the page from a person', async () => {
    const page = await julie().get(base);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Aucun service pour l’instant');
    expect(html).toContain(`href="${base}/nouveau"`);
    expect((await sessions.elodie!.get(base)).status).toBe(404);
  });

  it('refuses a faulty service next to each field, keeps the input and saves nothing', async () => {
    const response = await post(
      julie(),
      `${base}/nouveau`,
      [
        ['nom', 'AB'],
        ['description', 'Un atelier <b>collectif</b> pour préparer ses entretiens.'],
        ['publics', 'jeunes'],
        ['publics', 'adolescents'],
        ['code_postal', '491'],
        ['latitude', 'nord'],
        ['courriel', 'contact-ml'],
      ],
      `${base}/nouveau`,
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Le formulaire contient 5 erreurs');
    expect(html).toMatch(/id="service-nom"[^>]*value="AB"[\s\S]*?id="service-nom-erreur"[^>]*>Indiquez le nom du service, de 3 à 150 caractères\./);
    expect(html).toMatch(/id="service-code-postal"[^>]*value="491"[\s\S]*?Indiquez un code postal de 5 chiffres\./);
    expect(html).toContain('Indiquez une latitude en degrés décimaux');
    expect(html).toContain('Indiquez une adresse électronique valide');
    expect(html).toContain('N’est pas une valeur de la liste officielle.');
    expect(html).toMatch(/id="service-publics-jeunes"[^>]*checked/);
    expect(html).toContain('Un atelier &lt;b>collectif&lt;/b>');
    expect(await services()).toEqual([]);
    expect(await app.deps.db.selectFrom('catalogue_structure').select('id').execute()).toEqual([]);
  });

  it('creates a draft with every kind of field, lists it, and keeps other organisations out', async () => {
    const response = await post(
      julie(),
      `${base}/nouveau`,
      [
        ['nom', 'Atelier entretien d’embauche'],
        ['description', 'Un atelier collectif pour préparer ses entretiens.'],
        ['type', 'atelier'],
        ['thematiques', 'trouver-un-emploi--convaincre-un-recruteur-en-entretien'],
        ['thematiques', 'numerique--acquerir-un-equipement'],
        ['publics', 'jeunes'],
        ['frais', 'gratuit'],
        ['modes_accueil', 'en-presentiel'],
        ['modes_mobilisation', 'telephoner'],
        ['mobilisable_par', 'professionnels'],
        ['code_postal', '49100'],
        ['commune', 'Angers'],
        ['latitude', '47,4739'],
        ['zone_eligibilite', '49'],
        ['nombre_semaines', '2'],
      ],
      `${base}/nouveau`,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${base}?ok=cree`);
    const [service] = await services();
    expect(service).toMatchObject({
      status: 'draft',
      type: 'atelier',
      publics: ['jeunes'],
      frais: 'gratuit',
      latitude: 47.4739,
      zone_eligibilite: ['49'],
      nombre_semaines: 2,
      date_maj: '2026-03-02',
    });
    expect(service!.thematiques).toHaveLength(2);
    const list = await (await julie().get(`${base}?ok=cree`)).text();
    expect(list).toContain('Le service est créé en brouillon.');
    expect(list).toContain('Atelier entretien d’embauche');
    expect(list).toContain('Brouillon');
    expect(list).not.toContain('à revoir');
    const own = `${base}/${encodeURIComponent(service!.id)}`;
    expect((await sessions.lucas!.get(own)).status).toBe(404);
    expect((await sessions.lucas!.postForm(`${own}/statut`, { to: 'published' }, base)).status).toBe(404);
    expect(await (await sessions.lucas!.get(base)).text()).not.toContain('Atelier entretien');
    expect((await services())[0]!.status).toBe('draft');
  });

  it('publishes, asks before archiving, archives and takes back to draft', async () => {
    const [service] = await services();
    const own = `${base}/${encodeURIComponent(service!.id)}`;
    expect((await julie().postForm(`${own}/statut`, { to: 'published' }, base)).headers.get('location')).toBe(`${base}?ok=published`);
    expect((await services())[0]!.status).toBe('published');
    const unconfirmed = await julie().postForm(`${own}/statut`, { to: 'archived' }, base);
    expect(unconfirmed.headers.get('location')).toBe(`${own}/archiver`);
    expect((await services())[0]!.status).toBe('published');
    const question = await (await julie().get(`${own}/archiver`)).text();
    expect(question).toContain('Oui, archiver le service');
    expect((await julie().postForm(`${own}/statut`, { to: 'archived', confirme: 'oui' }, `${own}/archiver`)).headers.get('location')).toBe(`${base}?ok=archived`);
    expect((await services())[0]!.status).toBe('archived');
    expect((await julie().postForm(`${own}/statut`, { to: 'draft' }, base)).headers.get('location')).toBe(`${base}?ok=draft`);
    expect((await services())[0]!.status).toBe('draft');
  });

  it('edits with the stored values shown; flags « à revoir » after 6 months until saved or confirmed', async () => {
    const [service] = await services();
    const own = `${base}/${encodeURIComponent(service!.id)}`;
    const form = await (await julie().get(own)).text();
    expect(form).toMatch(/id="service-latitude"[^>]*value="47.4739"/);
    expect(form).toMatch(/value="numerique--acquerir-un-equipement" checked/);

    now = new Date('2026-09-02T09:00:00Z');
    await julie().signInAsId(await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')); // the session aged too
    const due = await (await julie().get(base)).text();
    expect(due).toContain('à revoir');
    expect(due).toContain('Je confirme que ce service est à jour');
    expect((await julie().postForm(`${own}/a-jour`, {}, base)).headers.get('location')).toBe(`${base}?ok=revu`);
    expect((await services())[0]).toMatchObject({ reviewed_at: now, date_maj: '2026-09-02', nom: 'Atelier entretien d’embauche' });
    expect(await (await julie().get(base)).text()).not.toContain('à revoir');

    now = new Date('2027-03-03T09:00:00Z');
    await julie().signInAsId(await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test'));
    expect(await (await julie().get(base)).text()).toContain('à revoir');
    const saved = await post(
      julie(),
      own,
      [
        ['nom', 'Atelier entretien'],
        ['description', 'Un atelier collectif pour préparer ses entretiens.'],
      ],
      own,
    );
    expect(saved.headers.get('location')).toBe(`${base}?ok=enregistre`);
    expect((await services())[0]).toMatchObject({ nom: 'Atelier entretien', reviewed_at: now, date_maj: '2027-03-03', thematiques: null, type: null });
    expect(await (await julie().get(base)).text()).not.toContain('à revoir');
    const audit = await app.deps.db.selectFrom('audit_log').select('action').where('action', 'like', 'catalogue.service.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'catalogue.service.create',
      'catalogue.service.status',
      'catalogue.service.status',
      'catalogue.service.status',
      'catalogue.service.review',
      'catalogue.service.update',
    ]);
  });
});
