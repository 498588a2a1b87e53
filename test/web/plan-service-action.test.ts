/**
 * SPIE-5, issue 6 §5 over HTTP: a plan action pointing to a catalogue service. The page searches the
 * space's published services by name (no JavaScript: the search re-renders the form, what was typed
 * kept); refusals are 422 with the message next to the field and nothing saved; the saved action shows
 * in the plan and the timeline with the service's name, structure and link — no link once archived.
 * From the catalogue's service page, the professional chooses one of their open pathways. The API's
 * addPlanItem takes the same kind, with the same checks. Outsiders get 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.js';
import { API_TOKEN_PATTERN } from '../../src/domains/identity/entities/api-token.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { openPathway } from '../../src/domains/pathway/adapters/pathways.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-27T09:00:00Z');
/** Any run of spaces (ordinary, no-break, narrow no-break) as one ordinary space. */
const spaces = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe('a catalogue service in a pathway’s plan, over HTTP and the API', () => {
  let app: TestApp;
  let spaceId: number;
  let julie: Actor;
  let s: HttpSession;
  let lucas: HttpSession;

  async function newPathway(givenName: string): Promise<number> {
    const opened = await openPathway(app.deps.db, {
      spaceId,
      newPerson: { given_name: givenName, family_name: 'Testeur', birth_date: '1990-01-01', caf_number: null, france_travail_id: null, email: null, phone: null, rsa_rights_opened_on: '2026-10-01' },
      actor: julie,
      now: NOW,
    });
    if (!opened.ok) throw new Error(opened.message);
    return opened.pathwayId;
  }

  const actions = (pathwayId: number) => app.deps.db.selectFrom('plan_action').select(['kind', 'label', 'service_id']).where('pathway_id', '=', pathwayId).orderBy('id').execute();
  const eventCount = async (pathwayId: number) => (await app.deps.db.selectFrom('pathway_event').select('id').where('pathway_id', '=', pathwayId).execute()).length;
  const post = (path: string, fields: Record<string, string>) => s.postForm(path, fields, '/tableau-de-bord');
  const page = async (response: Response) => spaces(await response.text());
  /** The HTML from a field's id to the end of its group: where its message must be. */
  const around = (html: string, id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf(`id="${id}"`) + 1500);

  beforeAll(async () => {
    app = await startTestApp({ clock: () => NOW });
    const { db } = app.deps;
    spaceId = (await db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    julie = (await loadActor(db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    s = new HttpSession(app.baseUrl);
    expect((await s.signInAsId(julie.userId)).status).toBe(302);
    lucas = new HttpSession(app.baseUrl);
    expect((await lucas.signInAsId(await userIdByEmail(app, 'lucas.bernard@francetravail49.demo.test'))).status).toBe(302);
    const base = { space_id: spaceId, source: 'import', date_maj: '2026-01-10', created_at: NOW, updated_at: NOW };
    await db.insertInto('catalogue_structure').values({ ...base, id: 'ml-angers', nom: 'Mission locale angevine', commune: 'Angers' }).execute();
    const service = { ...base, structure_id: 'ml-angers', status: 'published', description: 'Un service.', reviewed_at: NOW };
    await db
      .insertInto('catalogue_service')
      .values([
        { ...service, id: 'ml-angers--atelier-cv', nom: 'Atelier CV' },
        { ...service, id: 'ml-angers--atelier-entretien', nom: 'Atelier entretien d’embauche' },
        { ...service, id: 'ml-angers--brouillon', nom: 'Atelier en préparation', status: 'draft' },
      ])
      .execute();
  });
  afterAll(() => app.stop());

  it('searches by name keeping what was typed, refuses 422 next to the field, then saves and shows the action with its link', async () => {
    const id = await newPathway('Service');
    const path = `/parcours/${id}/service-du-catalogue`;
    const objective = await post(`/parcours/${id}/objectifs`, { area: 'employment', label: 'Préparer ses candidatures' });
    expect(objective.status).toBe(303);
    const objectiveId = (await app.deps.db.selectFrom('plan_objective').select('id').where('pathway_id', '=', id).executeTakeFirstOrThrow()).id;
    const events = await eventCount(id);

    const first = await page(await s.get(`/parcours/${id}`));
    expect(first).toContain(`href="${path}"`);
    expect(first).toContain('value="service"');
    const empty = await s.get(path);
    expect(empty.status).toBe(200);
    expect(await page(empty)).toContain('Cherchez le service par son nom pour le choisir.');

    const typed = { serviceQuery: 'a', label: 'Session de décembre', objectiveId: String(objectiveId), startsOn: '2026-12-07', endsOn: '2026-12-07' };
    const tooShort = await post(path, { ...typed, intent: 'chercher' });
    expect(tooShort.status).toBe(422);
    const shortHtml = await page(tooShort);
    expect(around(shortHtml, 'service-recherche')).toContain('Indiquez au moins 2 caractères du nom du service.');
    expect(shortHtml).toContain('value="Session de décembre"');
    expect(shortHtml).toContain('<title>Erreur : Ajouter un service du catalogue – Parcours de Service Testeur — SPIE</title>');

    const found = await post(path, { ...typed, serviceQuery: 'ATELIER', intent: 'chercher' });
    expect(found.status).toBe(200);
    const foundHtml = await page(found);
    expect(foundHtml).toContain('value="ml-angers--atelier-cv"');
    expect(foundHtml).toContain('value="ml-angers--atelier-entretien"');
    expect(foundHtml).not.toContain('ml-angers--brouillon');
    expect(foundHtml).toContain('value="Session de décembre"');
    expect(foundHtml).toContain('value="2026-12-07"');
    expect(foundHtml).toMatch(new RegExp(`<option value="${objectiveId}" selected`));
    const nothing = await page(await post(path, { serviceQuery: 'piscine', intent: 'chercher' }));
    expect(nothing).toContain('Aucun service publié du catalogue ne contient « piscine » dans son nom.');

    const unchosen = await post(path, { ...typed, serviceQuery: 'atelier', intent: 'ajouter' });
    expect(unchosen.status).toBe(422);
    const unchosenHtml = await page(unchosen);
    expect(around(unchosenHtml, 'service-choix')).toContain('Choisissez le service du catalogue.');
    // The list found stays, so that the service can be chosen right there.
    expect(unchosenHtml).toContain('value="ml-angers--atelier-cv"');
    const draft = await post(path, { ...typed, serviceQuery: 'atelier', serviceId: 'ml-angers--brouillon', intent: 'ajouter' });
    expect(draft.status).toBe(422);
    const draftHtml = await page(draft);
    expect(around(draftHtml, 'service-choix')).toContain('Ce service n’est pas publié dans le catalogue : choisissez un service publié.');
    expect(draftHtml).toContain('value="Session de décembre"');
    const unknown = await post(path, { ...typed, serviceId: 'inconnu--1', intent: 'ajouter' });
    expect(unknown.status).toBe(422);
    expect(around(await page(unknown), 'service-choix')).toContain('Ce service n’est pas dans le catalogue de ce territoire.');
    const badDates = await post(path, { ...typed, serviceId: 'ml-angers--atelier-cv', endsOn: '2026-12-01', intent: 'ajouter' });
    expect(badDates.status).toBe(422);
    expect(around(await page(badDates), 'service-fin')).toContain('La date de fin précède la date de début.');
    expect(await actions(id)).toEqual([]);
    expect(await eventCount(id)).toBe(events);

    // The plan's own form, kind « Service du catalogue »: the next step, with what was typed there.
    const fromPlan = await post(`/parcours/${id}/actions`, { kind: 'service', label: 'Session de décembre', objectiveId: String(objectiveId) });
    expect(fromPlan.status).toBe(200);
    expect(await page(fromPlan)).toContain('value="Session de décembre"');
    expect(await actions(id)).toEqual([]);

    const saved = await post(path, { serviceQuery: 'atelier', serviceId: 'ml-angers--atelier-cv', label: '', objectiveId: String(objectiveId), startsOn: '', endsOn: '', intent: 'ajouter' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toMatch(new RegExp(`^/parcours/${id}\\?ok=action#action-\\d+$`));
    expect(await actions(id)).toEqual([{ kind: 'service', label: 'Atelier CV', service_id: 'ml-angers--atelier-cv' }]);

    const shown = await page(await s.get(`/parcours/${id}`));
    const link = `href="/spie/${spaceId}/services/ml-angers--atelier-cv"`;
    const plan = shown.slice(shown.indexOf('id="actions"'), shown.indexOf('id="contrat'));
    expect(plan).toContain(`Service du catalogue : <a class="fr-link fr-text--sm" ${link}>Atelier CV</a>`);
    expect(plan).toContain('<td>Mission locale angevine</td>');
    expect(plan).toContain('<td>Préparer ses candidatures</td>');
    const timeline = shown.slice(shown.indexOf('id="historique"'));
    expect(timeline).toContain('Atelier CV — Service du catalogue « Atelier CV » (Mission locale angevine)');
    expect(timeline).toContain(link);

    // Archived later: still named, said archived, no link to a page that no longer exists.
    await app.deps.db.updateTable('catalogue_service').set({ status: 'archived' }).where('id', '=', 'ml-angers--atelier-cv').execute();
    try {
      const archived = await page(await s.get(`/parcours/${id}`));
      expect(archived).toContain('Service du catalogue : Atelier CV (service archivé)');
      expect(archived).not.toContain(link);
      expect((await s.get(`/spie/${spaceId}/services/ml-angers--atelier-cv`)).status).toBe(404);
    } finally {
      await app.deps.db.updateTable('catalogue_service').set({ status: 'published' }).where('id', '=', 'ml-angers--atelier-cv').execute();
    }
  });

  it('from the service page: the professional chooses one of their open pathways, and the service comes chosen', async () => {
    const id = await newPathway('Catalogue');
    const servicePage = await page(await s.get(`/spie/${spaceId}/services/ml-angers--atelier-entretien`));
    const choose = `/spie/${spaceId}/services/ml-angers--atelier-entretien/ajouter-au-plan`;
    expect(servicePage).toContain(`href="${choose}"`);
    const list = await s.get(choose);
    expect(list.status).toBe(200);
    expect(await page(list)).toContain(`<option value="${id}">Catalogue Testeur (parcours n° ${id})</option>`);
    const missing = await s.get(`${choose}?parcours=`);
    expect(missing.status).toBe(422);
    expect(await page(missing)).toContain('Choisissez le parcours dont le plan reçoit ce service.');
    const chosen = await s.get(`${choose}?parcours=${id}`);
    expect(chosen.status).toBe(303);
    expect(chosen.headers.get('location')).toBe(`/parcours/${id}/service-du-catalogue?service=ml-angers--atelier-entretien`);
    const form = await page(await s.get(chosen.headers.get('location')!));
    expect(form).toMatch(/value="ml-angers--atelier-entretien" checked/);
    // A draft or unknown service has no such page.
    expect((await s.get(`/spie/${spaceId}/services/ml-angers--brouillon/ajouter-au-plan`)).status).toBe(404);
    // Lucas is no member of these pathways: none listed, and a pathway named by hand is refused.
    expect(await page(await lucas.get(choose))).toContain('Aucun parcours ouvert');
    expect((await lucas.get(`${choose}?parcours=${id}`)).status).toBe(422);
  });

  it('someone who is not a member of the pathway gets 404 on the page and the form, nothing saved', async () => {
    const id = await newPathway('Intrus');
    const path = `/parcours/${id}/service-du-catalogue`;
    expect((await lucas.get(path)).status).toBe(404);
    expect((await lucas.postForm(path, { serviceId: 'ml-angers--atelier-cv', intent: 'ajouter' }, '/tableau-de-bord')).status).toBe(404);
    expect((await lucas.postForm(`/parcours/${id}/actions`, { kind: 'service', serviceId: 'ml-angers--atelier-cv' }, '/tableau-de-bord')).status).toBe(404);
    expect(await actions(id)).toEqual([]);
  });

  it('addPlanItem takes a catalogue service, with the same checks (422 on the field, nothing written)', async () => {
    const id = await newPathway('Api');
    const out = await runCli(app.deps.db, ['token:create', 'julie.perrin@missionlocale49.demo.test', 'tests', 'parcours']);
    const token = out.lines.find((l) => API_TOKEN_PATTERN.test(l))!;
    const add = async (body: Record<string, unknown>) => {
      const res = await fetch(`${app.baseUrl}/api/v1/pathways/${id}/plan-items`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'action', label: '', ...body }) });
      return { status: res.status, body: (await res.json()) as { id?: number; details?: { rule?: string; field?: string; message: string }[] } };
    };
    const refusals = [
      [{ kind: 'service' }, 'Choisissez le service du catalogue.'],
      [{ kind: 'service', serviceId: 'ml-angers--brouillon' }, 'Ce service n’est pas publié dans le catalogue : choisissez un service publié.'],
      [{ kind: 'service', serviceId: 'inconnu--1' }, 'Ce service n’est pas dans le catalogue de ce territoire.'],
    ] as const;
    for (const [body, message] of refusals) {
      const res = await add(body);
      expect(res.status, message).toBe(422);
      expect(res.body.details).toEqual([{ rule: 'SPIE-5', field: 'serviceId', message }]);
    }
    expect((await add({ kind: 'service', serviceId: 42 })).status).toBe(400);
    expect(await actions(id)).toEqual([]);
    const created = await add({ kind: 'service', serviceId: 'ml-angers--atelier-entretien', label: 'Deux séances en janvier' });
    expect(created.status).toBe(201);
    expect(await actions(id)).toEqual([{ kind: 'service', label: 'Deux séances en janvier', service_id: 'ml-angers--atelier-entretien' }]);
    // A free action ignores a service named by mistake.
    expect((await add({ kind: 'free', label: 'Point d’étape', serviceId: 'ml-angers--atelier-cv' })).status).toBe(201);
    expect((await actions(id)).at(-1)).toEqual({ kind: 'free', label: 'Point d’étape', service_id: null });
    // getPathway names the service an action points to.
    const pathway = (await (await fetch(`${app.baseUrl}/api/v1/pathways/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { plan: { actions: { kind: string; service: unknown }[] } };
    expect(pathway.plan.actions.map((a) => [a.kind, a.service])).toEqual([
      ['service', { id: 'ml-angers--atelier-entretien', name: expect.any(String), structure: expect.any(String), published: true }],
      ['free', null],
    ]);
  });
});
