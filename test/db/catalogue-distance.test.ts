/**
 * Issue 6 §4, « distance when coordinates exist », on both databases: the centres of communes loaded
 * from a coordinates file through the CLI (unknown communes and bad rows reported, nothing guessed);
 * a search within a radius of a commune's centre finds the services whose coordinates — their own or
 * else their structure's — lie in it, nearest first, with the distance the pure formula gives; a
 * département or a commune without a centre cannot be searched by distance and says why.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/commands.js';
import { searchServices } from '../../src/domains/catalogue/adapters/search.js';
import { distanceKm } from '../../src/domains/catalogue/entities/distance.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ANGERS = { latitude: 47.4736, longitude: -0.5542 };
const PLACES = {
  angersCentre: { latitude: 47.4752, longitude: -0.5531 },
  trelaze: { latitude: 47.4455, longitude: -0.4672 },
  cholet: { latitude: 47.0613, longitude: -0.8801 },
};

describe.each(DATABASE_TARGETS)('catalogue search by distance on $name', (target) => {
  let app: TestApp;
  let spaceId: number;
  const db = () => app.deps.db;

  beforeAll(async () => {
    app = await startTestApp({ target, withCommunes: true });
    spaceId = (await db().selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    const now = new Date('2026-11-27T09:00:00Z');
    const base = { space_id: spaceId, source: 'test', date_maj: '2026-11-01', created_at: now, updated_at: now };
    await db().insertInto('catalogue_structure').values([
      { ...base, id: 't--ml', nom: 'Mission locale', code_insee: '49007', ...PLACES.angersCentre },
      { ...base, id: 't--asso', nom: 'Association de Trélazé', code_insee: '49353', ...PLACES.trelaze },
      { ...base, id: 't--sans', nom: 'Structure sans coordonnées', code_insee: '49007' },
    ]).execute();
    const service = { ...base, status: 'published', description: 'Un service pour les habitants.', reviewed_at: now };
    await db().insertInto('catalogue_service').values([
      { ...service, id: 't--angers', structure_id: 't--ml', nom: 'Atelier à Angers', ...PLACES.angersCentre },
      { ...service, id: 't--trelaze', structure_id: 't--asso', nom: 'Garage à Trélazé' }, // its structure's coordinates
      { ...service, id: 't--cholet', structure_id: 't--ml', nom: 'Permanence à Cholet', code_insee: '49099', ...PLACES.cholet },
      { ...service, id: 't--nulle-part', structure_id: 't--sans', nom: 'Accueil sans adresse géolocalisée' },
    ]).execute();
  });
  afterAll(() => app.stop());

  it('loads commune centres from a file through the CLI, reporting what it skips', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spie-centres-'));
    const file = path.join(dir, 'communes.csv');
    writeFileSync(file, `code_commune_insee;nom_commune;latitude;longitude\n49007;Angers;${String(ANGERS.latitude).replace('.', ',')};${String(ANGERS.longitude).replace('.', ',')}\n49353;Trélazé;47,4461;-0,4656\n99999;Nulle part;47;-0,5\n49099;Cholet;;-0,8789\n`);
    const out = await runCli(db(), ['communes:coordonnees', file]);
    expect(out).toEqual({
      exitCode: 0,
      lines: ['2 communes ont désormais un centre (source : communes.csv).', '2 lignes écartées :', '  ligne 4 : commune 99999 inconnue du Code officiel géographique', '  ligne 5 : latitude «  » invalide (degrés décimaux entre -90 et 90)'],
    });
    expect(await db().selectFrom('commune_centre').select(['code', 'latitude', 'longitude']).orderBy('code').execute()).toEqual([
      { code: '49007', ...ANGERS },
      { code: '49353', latitude: 47.4461, longitude: -0.4656 },
    ]);
    writeFileSync(file, 'commune;x;y\n49007;1;2\n');
    const refused = await runCli(db(), ['communes:coordonnees', file]);
    expect(refused.exitCode).toBe(1);
    expect(refused.lines[0]).toContain('Colonnes attendues');
    expect((await db().selectFrom('commune_centre').select('latitude').where('code', '=', '49007').executeTakeFirstOrThrow()).latitude).toBe(ANGERS.latitude);
    const audit = await db().selectFrom('audit_log').select('summary').where('action', '=', 'commune_centres.load').execute();
    expect(audit.map((a) => (typeof a.summary === 'string' ? JSON.parse(a.summary) : a.summary))).toEqual([{ source: 'communes.csv', loaded: 2, rejected: 2 }]);
    writeFileSync(file, 'code_insee;latitude;longitude\n49007;47.4736;-0.5542\n');
    expect((await runCli(db(), ['communes:coordonnees', file])).lines).toEqual(['1 commune a désormais un centre (source : communes.csv).']);
  });

  it('computes in SQL the distance the pure formula gives', async () => {
    const row = await sql<{ d: number }>`select distance_km(48.8566, 2.3522, 45.764, 4.8357) as d`.execute(db());
    expect(Number(row.rows[0]!.d)).toBeCloseTo(distanceKm({ latitude: 48.8566, longitude: 2.3522 }, { latitude: 45.764, longitude: 4.8357 }), 6);
  });

  it('finds the services within the radius, nearest first, with their distance', async () => {
    const near = await searchServices(db(), spaceId, { lieu: 'Angers', rayon: 10 });
    expect(near.distance).toEqual({ radiusKm: 10, centre: ANGERS });
    expect(near.services.map((s) => s.id)).toEqual(['t--angers', 't--trelaze']);
    expect(near.services[0]!.distanceKm).toBeCloseTo(distanceKm(ANGERS, PLACES.angersCentre), 6);
    expect(near.services[1]!.distanceKm).toBeCloseTo(distanceKm(ANGERS, PLACES.trelaze), 6);
    expect(near.total).toBe(2);
    // Cholet is some 52 km from the centre of Angers: just outside 50 km.
    expect(distanceKm(ANGERS, PLACES.cholet)).toBeGreaterThan(50);
    const far = await searchServices(db(), spaceId, { lieu: '49007', rayon: 50, texte: 'à' });
    expect(far.services.map((s) => [s.id, Math.round(s.distanceKm!)])).toEqual([['t--angers', 0], ['t--trelaze', 7]]);
    const without = await searchServices(db(), spaceId, { lieu: 'Angers' });
    expect(without.distance).toBeNull();
    expect(without.services.map((s) => s.id)).toEqual(['t--nulle-part', 't--angers']);
    expect(without.services.every((s) => s.distanceKm === null)).toBe(true);
  });

  it('says why a radius cannot be used, and searches the place without it', async () => {
    const departement = await searchServices(db(), spaceId, { lieu: '49', rayon: 10 });
    expect(departement.distance).toEqual({ radiusKm: 10, unavailable: 'pas-une-commune' });
    expect(departement.total).toBe(4);
    const noCentre = await searchServices(db(), spaceId, { lieu: 'Cholet', rayon: 10 });
    expect(noCentre.distance).toEqual({ radiusKm: 10, unavailable: 'sans-centre' });
    expect(noCentre.services.map((s) => s.id)).toEqual(['t--cholet']);
    expect((await searchServices(db(), spaceId, { lieu: 'Angers', rayon: 12 })).distance).toBeNull();
  });

  it('follows a structure that moves, for its services without coordinates of their own', async () => {
    await db().updateTable('catalogue_structure').set(PLACES.cholet).where('id', 'in', ['t--asso', 't--ml']).execute();
    const near = await searchServices(db(), spaceId, { lieu: 'Angers', rayon: 10 });
    expect(near.services.map((s) => s.id)).toEqual(['t--angers']); // its own coordinates did not move
    await db().updateTable('catalogue_structure').set({ latitude: null, longitude: null }).where('id', '=', 't--asso').execute();
    await db().updateTable('catalogue_structure').set(PLACES.trelaze).where('id', '=', 't--asso').execute();
    expect((await searchServices(db(), spaceId, { lieu: 'Angers', rayon: 10 })).services.map((s) => s.id)).toEqual(['t--angers', 't--trelaze']);
    // A service that loses its own coordinates takes its structure's (now in Cholet); moved to another structure, it follows it.
    await db().updateTable('catalogue_service').set({ latitude: null, longitude: null }).where('id', '=', 't--angers').execute();
    expect((await searchServices(db(), spaceId, { lieu: 'Angers', rayon: 10 })).services.map((s) => s.id)).toEqual(['t--trelaze']);
    await db().updateTable('catalogue_service').set({ structure_id: 't--asso' }).where('id', '=', 't--angers').execute();
    expect((await searchServices(db(), spaceId, { lieu: 'Angers', rayon: 10 })).services.map((s) => s.id)).toEqual(['t--angers', 't--trelaze']);
  });
});
