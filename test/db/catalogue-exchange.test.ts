/**
 * Issue 6 §3 and acceptance, on both databases: a data·inclusion v1 export imported (invalid records
 * reported and skipped), the territory's catalogue exported, every exported record valid against the
 * official structure.json / service.json, and importing the export again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRecord } from '../../src/domains/catalogue/entities/record-validation.js';
import { exportCatalogue, importCatalogue } from '../../src/domains/catalogue/use-cases/catalogue-exchange.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const structure = (id: string, extra: Record<string, unknown> = {}) => ({ source: 'dora', id, nom: `Structure ${id}`, date_maj: '2026-10-01', ...extra });
const service = (id: string, structureId: string, extra: Record<string, unknown> = {}) => ({
  source: 'dora',
  id,
  structure_id: structureId,
  nom: `Service ${id}`,
  description: 'Un accompagnement de proximité pour lever les freins à l’emploi, sur rendez-vous.',
  date_maj: '2026-10-15',
  ...extra,
});

/** A data·inclusion export of the kind the national repository publishes, with faults on purpose. */
const EXPORT = {
  structures: [
    structure('dora--ml-angers', {
      siret: '77500490000145',
      commune: 'Angers',
      code_postal: '49100',
      code_insee: '49007',
      adresse: '12 place Imbach',
      latitude: 47.4739,
      longitude: -0.5517,
      courriel: 'contact@ml-angers.test',
      site_web: 'https://www.ml-angers.test',
      reseaux_porteurs: ['mission-locale'],
      telephone: '02 41 00 00 00',
    }),
    structure('dora--asso-mobilite', { commune: 'Trélazé', code_insee: '49353' }),
    structure('dora--faute', { nom: 'AB', date_maj: '01/10/2026' }),
  ],
  services: [
    service('dora--cej', 'dora--ml-angers', {
      type: 'accompagnement',
      thematiques: ['trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs'],
      publics: ['jeunes'],
      frais: 'gratuit',
      modes_accueil: ['en-presentiel'],
      modes_mobilisation: ['telephoner', 'se-presenter'],
      mobilisable_par: ['professionnels', 'usagers'],
      zone_eligibilite: ['49'],
      nombre_semaines: 52,
      volume_horaire_hebdomadaire: 15,
    }),
    service('dora--garage-solidaire', 'dora--asso-mobilite', { thematiques: ['mobilite--entretenir-reparer-son-vehicule'], publics: ['beneficiaires-des-minimas-sociaux'] }),
    service('dora--mauvais-public', 'dora--asso-mobilite', { publics: ['adolescents'] }),
    service('dora--orphelin', 'dora--inconnue'),
    service('dora--structure-fautive', 'dora--faute'),
  ],
};

describe.each(DATABASE_TARGETS)('catalogue import and export on $name', (target) => {
  let app: TestApp;
  let thomas: Actor;
  let spaceId: number;

  beforeAll(async () => {
    app = await startTestApp({ target });
    thomas = (await loadActor(app.deps.db, await userIdByEmail(app, 'thomas.girard@cd49.demo.test')))!;
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => app.stop());

  it('imports the valid records, reports each invalid one with its reasons and skips it', async () => {
    const result = await importCatalogue(app.deps.db, { spaceId, data: EXPORT, actor: thomas, now: new Date('2026-11-27T09:00:00Z') });
    if (!result.ok) throw new Error(result.message);
    expect(result.report.structures).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(result.report.services).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(result.report.rejected).toEqual([
      { kind: 'structure', position: 3, id: 'dora--faute', reasons: ['date_maj : doit être une date AAAA-MM-JJ', 'nom : doit compter au moins 3 caractères'] },
      { kind: 'service', position: 3, id: 'dora--mauvais-public', reasons: ['publics.0 : n’est pas une valeur de la liste officielle'] },
      { kind: 'service', position: 4, id: 'dora--orphelin', reasons: ['structure_id : la structure « dora--inconnue » n’est ni dans le fichier ni dans le catalogue du territoire'] },
      { kind: 'service', position: 5, id: 'dora--structure-fautive', reasons: ['structure_id : la structure « dora--faute » n’est ni dans le fichier ni dans le catalogue du territoire'] },
    ]);
    expect(await importCatalogue(app.deps.db, { spaceId, data: { structures: 'non' }, actor: thomas, now: new Date() })).toMatchObject({ ok: false });
  });

  it('exports records that all validate against the official schemas, with every property, and a re-import changes nothing', async () => {
    const exported = await exportCatalogue(app.deps.db, spaceId);
    expect(exported.structures.map((s) => s.id)).toEqual(['dora--asso-mobilite', 'dora--ml-angers']);
    expect(exported.services.map((s) => s.id)).toEqual(['dora--cej', 'dora--garage-solidaire']);
    for (const s of exported.structures) expect(validateRecord('structure', s), s.id).toEqual({ ok: true });
    for (const s of exported.services) expect(validateRecord('service', s), s.id).toEqual({ ok: true });
    // Every property of the schema, in its order; what was given comes back as given.
    expect(Object.keys(exported.structures[1]!)).toHaveLength(20);
    expect(exported.structures[1]).toMatchObject({ ...EXPORT.structures[0], description: null, horaires_accueil: null });
    expect(exported.services[0]).toMatchObject({ ...EXPORT.services[0], frais_precisions: null });
    expect(Object.keys(exported.services[0]!)).toHaveLength(33);

    const before = await app.deps.db.selectFrom('catalogue_service').select(['id', 'updated_at']).orderBy('id').execute();
    const again = await importCatalogue(app.deps.db, { spaceId, data: JSON.parse(JSON.stringify(exported)), actor: thomas, now: new Date('2026-11-28T09:00:00Z') });
    if (!again.ok) throw new Error(again.message);
    expect(again.report).toEqual({ structures: { created: 0, updated: 0, unchanged: 2 }, services: { created: 0, updated: 0, unchanged: 2 }, rejected: [] });
    expect(await app.deps.db.selectFrom('catalogue_service').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(before);
    expect(await exportCatalogue(app.deps.db, spaceId)).toEqual(exported);

    // A record that did change is updated, and only that one.
    const changed = { ...exported, services: exported.services.map((s) => (s.id === 'dora--cej' ? { ...s, nom: 'Contrat d’engagement jeune' } : s)) };
    const third = await importCatalogue(app.deps.db, { spaceId, data: changed, actor: thomas, now: new Date('2026-11-29T09:00:00Z') });
    expect(third).toMatchObject({ ok: true, report: { services: { created: 0, updated: 1, unchanged: 1 } } });
  });
});
