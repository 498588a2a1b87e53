/**
 * Issue 6 over HTTP: the coordinator imports a data·inclusion export from the web page (the report
 * lists each rejected record with its reasons; an unreadable file is refused, nothing saved) and
 * downloads the catalogue; professionals search it with filters and pagination and open a service
 * page labelled in French; the API answers searchServices, getService and exportCatalogue. Outsiders
 * get 404, written to the audit trail; professionals cannot import or export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.js';
import { listAudit } from '../../src/domains/audit/adapters/audit-trail.js';
import { validateRecord } from '../../src/domains/catalogue/entities/record-validation.js';
import { API_TOKEN_PATTERN } from '../../src/domains/identity/entities/api-token.js';
import { HttpSession } from '../support/http.js';
import { CATALOGUE } from '../support/catalogue.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const EMAIL = { thomas: 'thomas.girard@cd49.demo.test', julie: 'julie.perrin@missionlocale49.demo.test', sophie: 'sophie.garnier@prefecture49.demo.test' } as const;
type Who = keyof typeof EMAIL;

/** The test catalogue, with two faulty records and full details on the garage. */
const FILE = {
  structures: [...CATALOGUE.structures, { source: 'test', id: 'faute', nom: 'AB', date_maj: '2026-10-01' }],
  services: [
    ...CATALOGUE.services.filter((s) => s.id !== 'brouillon').map((s) =>
      s.id === 'garage'
        ? { ...s, type: 'aide-materielle', frais: 'payant', modes_accueil: ['en-presentiel'], mobilisable_par: ['professionnels'], telephone: '02 41 00 00 00', nombre_semaines: 4 }
        : s,
    ),
    { ...CATALOGUE.services[0], id: 'mauvais', publics: ['adolescents'] },
  ],
};

describe('catalogue pages and API', () => {
  let app: TestApp;
  let spaceId: number;
  const s = {} as Record<Who, HttpSession>;
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Who, number>;

  const serviceCount = async () => (await app.deps.db.selectFrom('catalogue_service').select('id').execute()).length;
  const page = async (who: Who, path: string) => {
    const res = await s[who].get(path);
    return { status: res.status, html: await res.text() };
  };
  async function upload(who: Who, content: string, token?: string) {
    const form = new FormData();
    form.set('_csrf', token ?? (await s[who].csrfToken(`/spie/${spaceId}/catalogue`)));
    form.append('fichier', new Blob([content], { type: 'application/json' }), 'export.json');
    const res = await s[who].request(`/spie/${spaceId}/catalogue`, { method: 'POST', body: form });
    return { status: res.status, html: await res.text() };
  }
  async function api(who: Who, path: string) {
    const res = await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const denied = async (who: Who, action: string) =>
    (await listAudit(app.deps.db, { action: 'access.denied', actorUserId: ids[who] })).filter((a) => (a.summary as { attemptedAction?: string }).attemptedAction === action);

  beforeAll(async () => {
    app = await startTestApp({ withCommunes: true });
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    for (const who of Object.keys(EMAIL) as Who[]) {
      ids[who] = await userIdByEmail(app, EMAIL[who]);
      s[who] = new HttpSession(app.baseUrl);
      expect((await s[who].signInAsId(ids[who])).status).toBe(302);
      const out = await runCli(app.deps.db, ['token:create', EMAIL[who], 'tests', 'catalogue']);
      tokens[who] = out.lines.find((l) => API_TOKEN_PATTERN.test(l))!;
    }
  }, 120_000);
  afterAll(() => app.stop());

  it('shows an empty state before anything is imported', async () => {
    const { status, html } = await page('julie', `/spie/${spaceId}/services`);
    expect(status).toBe(200);
    expect(html).toContain('Aucun service ne correspond à ces critères');
  });

  it('refuses an unreadable file or a JSON that is not an export, with the reason, saving nothing', async () => {
    const bad = await upload('thomas', '{ pas du json');
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Le fichier n’est pas un JSON lisible');
    const notExport = await upload('thomas', JSON.stringify({ items: [] }));
    expect(notExport.status).toBe(422);
    expect(notExport.html).toContain('les listes « structures » et « services »');
    expect((await upload('thomas', JSON.stringify(FILE), 'jeton-faux')).status).toBe(403);
    expect(await serviceCount()).toBe(0);
  });

  it('imports the export from the coordinator’s page and lists each rejected record with its reasons', async () => {
    const { status, html } = await upload('thomas', JSON.stringify(FILE));
    expect(status).toBe(200);
    expect(html).toContain('2 enregistrement(s) ignoré(s)');
    const rejected = /<caption>Enregistrements ignorés et motifs<\/caption>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    expect([...rejected.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())).toEqual([
      'Structure 5 faute nom : doit compter au moins 3 caractères',
      'Service 29 mauvais publics.0 : n’est pas une valeur de la liste officielle',
    ]);
    expect(await serviceCount()).toBe(28);
    expect((await listAudit(app.deps.db, { action: 'catalogue.import', actorUserId: ids.thomas })).length).toBe(1);
  });

  it('lets the coordinator download the catalogue as data·inclusion v1, every record valid', async () => {
    const res = await s.thomas.get(`/spie/${spaceId}/catalogue.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="catalogue-spie-\d+-data-inclusion-v1\.json"$/);
    const data = (await res.json()) as { structures: Record<string, unknown>[]; services: Record<string, unknown>[] };
    expect(data.structures).toHaveLength(4);
    expect(data.services).toHaveLength(28);
    for (const r of data.structures) expect(validateRecord('structure', r)).toEqual({ ok: true });
    for (const r of data.services) expect(validateRecord('service', r)).toEqual({ ok: true });
  });

  it('searches with filters, paginates by 20 and keeps the filters in the pagination links', async () => {
    const all = await page('julie', `/spie/${spaceId}/services`);
    expect(all.html).toContain('28 services — 1 à 20 ci-dessous');
    expect(all.html).toContain(`href="/spie/${spaceId}/services?page=2"`);
    const second = await page('julie', `/spie/${spaceId}/services?page=2`);
    expect(second.html).toContain('28 services — 21 à 28 ci-dessous');
    expect(second.html).toContain('Garage solidaire');
    const filtered = await page('julie', `/spie/${spaceId}/services?thematique=mobilite&lieu=Tr%C3%A9laz%C3%A9&texte=`);
    expect(filtered.html).toContain('2 services — 1 à 2 ci-dessous');
    expect(filtered.html).toContain('Lieu retenu : Trélazé (commune, 49353).');
    expect(filtered.html).toMatch(/<option value="mobilite" selected>/);
    expect(filtered.html).toContain('Auto-école sociale');
    expect(filtered.html).not.toContain('Atelier numérique');
    const nowhere = await page('julie', `/spie/${spaceId}/services?lieu=Atlantide`);
    expect(nowhere.html).toContain('Lieu introuvable');
    const ignored = await page('julie', `/spie/${spaceId}/services?thematique=%3Cscript%3E&public=inconnu&page=-3`);
    expect(ignored.html).toContain('28 services — 1 à 20 ci-dessous');
  });

  it('shows a service with its fields labelled in French, and 404 for a service not published', async () => {
    const { status, html } = await page('julie', `/spie/${spaceId}/services/garage`);
    expect(status).toBe(200);
    for (const text of ['Garage solidaire', 'Aide materielle', 'Payant', 'En présentiel', 'Bénéficiaires des minimas sociaux', 'Entretenir et réparer son véhicule', '4 semaine(s)', 'href="tel:0241000000"', 'Structure trelaze'])
      expect(html).toContain(text);
    await app.deps.db.updateTable('catalogue_service').set({ status: 'archived' }).where('id', '=', 'sarthe').execute();
    expect((await page('julie', `/spie/${spaceId}/services/sarthe`)).status).toBe(404);
    expect((await page('julie', `/spie/${spaceId}/services/inconnu`)).status).toBe(404);
    await app.deps.db.updateTable('catalogue_service').set({ status: 'published' }).where('id', '=', 'sarthe').execute();
  });

  it('answers searchServices, getService and exportCatalogue through the API', async () => {
    const found = await api('julie', `/api/v1/spaces/${spaceId}/services?thematique=mobilite&lieu=49`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 2, page: 1, pageSize: 20, pageCount: 1, place: { kind: 'departement', code: '49' } });
    expect((found.body.services as { id: string }[]).map((x) => x.id)).toEqual(['permis', 'garage']);
    expect((await api('julie', `/api/v1/spaces/${spaceId}/services?page=2`)).body).toMatchObject({ total: 28, page: 2 });
    const bad = await api('julie', `/api/v1/spaces/${spaceId}/services?public=adolescents`);
    expect(bad.status).toBe(400);
    expect((await api('julie', `/api/v1/spaces/${spaceId}/services?lieu=Atlantide`)).status).toBe(422);
    const one = await api('julie', `/api/v1/spaces/${spaceId}/services/garage`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ service: { id: 'garage', frais: 'payant' }, structure: { id: 'trelaze' } });
    expect((await api('julie', `/api/v1/spaces/${spaceId}/services/mauvais`)).status).toBe(404);
    const exported = await api('thomas', `/api/v1/spaces/${spaceId}/catalogue`);
    expect(exported.status).toBe(200);
    expect((exported.body.services as unknown[]).length).toBe(28);
  });

  it('hides the catalogue from outsiders and the import/export from professionals: 404, audited', async () => {
    expect((await page('sophie', `/spie/${spaceId}/services`)).status).toBe(404);
    expect((await api('sophie', `/api/v1/spaces/${spaceId}/services`)).status).toBe(404);
    expect(await denied('sophie', 'catalogue.search')).toHaveLength(2);
    expect((await page('julie', `/spie/${spaceId}/catalogue`)).status).toBe(404);
    expect((await page('julie', `/spie/${spaceId}/catalogue.json`)).status).toBe(404);
    expect((await api('julie', `/api/v1/spaces/${spaceId}/catalogue`)).status).toBe(404);
    const before = await serviceCount();
    expect((await upload('julie', JSON.stringify({ structures: [], services: [{ ...CATALOGUE.services[0], id: 'intrus' }] }), await s.julie.csrfToken(`/spie/${spaceId}/services`))).status).toBe(404);
    expect(await serviceCount()).toBe(before);
    expect(await denied('julie', 'catalogue.manage')).toHaveLength(4);
  });
});
