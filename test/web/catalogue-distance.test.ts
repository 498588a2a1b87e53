/**
 * Issue 6 §4 over HTTP with the demo catalogue (as `npm start` seeds it): a professional searches
 * the services within a radius of a commune, nearest first, each with its distance; a radius around a
 * département, around a commune without a centre, or without a place, is explained next to the field
 * while the place is still searched; the API's searchServices takes `rayon` and answers 400 / 422 on
 * the field. The demo's member organisations find their services in « Mes services ».
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.js';
import { API_TOKEN_PATTERN } from '../../src/domains/identity/entities/api-token.js';
import { HttpSession } from '../support/http.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const JULIE = 'julie.perrin@missionlocale49.demo.test';

describe('catalogue search by distance, over HTTP, on the demo catalogue', () => {
  let app: TestApp;
  let spaceId: number;
  let julie: HttpSession;
  let token: string;
  const page = async (query: string) => {
    const res = await julie.get(`/spie/${spaceId}/services?${query}`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const api = (query: string) => fetch(`${app.baseUrl}/api/v1/spaces/${spaceId}/services?${query}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    app = await startTestApp({ withCommunes: true, env: { DEMO_CATALOGUE: 'yes' } });
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    julie = new HttpSession(app.baseUrl);
    expect((await julie.signInAsId(await userIdByEmail(app, JULIE))).status).toBe(302);
    const out = await runCli(app.deps.db, ['token:create', JULIE, 'tests']);
    token = out.lines.find((l) => API_TOKEN_PATTERN.test(l))!;
  });
  afterAll(() => app.stop());

  it('lists the services within the radius, nearest first, with their distance', async () => {
    const html = await page('lieu=Angers&rayon=10');
    expect(html).toContain('Lieu retenu : Angers (commune, 49007) — services à moins de 10 km de son centre, du plus proche au plus lointain.');
    expect(html).toContain('Garage solidaire'); // Trélazé, 7 km
    expect(html).not.toContain('Épicerie solidaire'); // Saumur, 40 km
    expect(html).not.toContain('Chantier d’insertion espaces verts'); // Segré, 30 km
    expect(html).toMatch(/Association Tremplin Mobilité 49 — Trélazé — à \d,\d km/);
    expect(html).toMatch(/<option value="10" selected/);
    const wider = await page('lieu=Angers&rayon=50');
    expect(wider).toContain('Épicerie solidaire');
    expect(wider).toContain('Chantier d’insertion espaces verts');
  });

  it('explains next to the field why a radius cannot be used, and still searches the place', async () => {
    const departement = await page('lieu=49&rayon=10');
    expect(departement).toContain('choisissez une commune plutôt qu’une intercommunalité ou un département');
    expect(departement).toMatch(/id="rayon"[^>]*aria-invalid="true"/);
    expect(departement).toContain('Épicerie solidaire'); // the département, without distance
    const noCentre = await page('lieu=Chemill%C3%A9-en-Anjou&rayon=10');
    expect(noCentre).toContain('Les coordonnées de cette commune ne sont pas chargées');
    const noPlace = await page('rayon=10');
    expect(noPlace).toContain('Indiquez dans « Lieu » la commune autour de laquelle chercher.');
  });

  it('answers searchServices with a radius, nearest first, and refuses what it cannot do on the field', async () => {
    const res = await api('lieu=49007&rayon=10');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: { nom: string; distanceKm: number }[] };
    const distances = body.services.map((s) => s.distanceKm);
    expect(distances.length).toBeGreaterThan(3);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances.every((d) => d >= 0 && d <= 10)).toBe(true);
    expect((await api('lieu=49007&rayon=12')).status).toBe(400);
    const departement = await api('lieu=49&rayon=10');
    expect(departement.status).toBe(422);
    expect(((await departement.json()) as { details: { field: string }[] }).details).toEqual([expect.objectContaining({ field: 'rayon' })]);
    const plain = (await (await api('lieu=Angers')).json()) as { services: { distanceKm: number | null }[] };
    expect(plain.services.every((s) => s.distanceKm === null)).toBe(true);
  });

  it('gives the member organisations their demo services to maintain', async () => {
    const lucas = new HttpSession(app.baseUrl);
    expect((await lucas.signInAsId(await userIdByEmail(app, 'lucas.bernard@francetravail49.demo.test'))).status).toBe(302);
    const html = await (await lucas.get(`/spie/${spaceId}/mes-services`)).text();
    expect(html).toContain('Club recherche d’emploi');
    expect(html).toContain('Immersion professionnelle en entreprise');
    expect(html).not.toContain('Garage solidaire');
  });
});
