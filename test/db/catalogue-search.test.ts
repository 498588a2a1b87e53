/**
 * Issue 6 §4 on both databases: the search of a space's catalogue — only published services, by
 * thématique (sub-theme or whole family), public, place (commune, EPCI, département by code or name,
 * the service's own address or its structure's, or its zone d'éligibilité), free text on the service
 * and its structure, 20 per page by name; a service page's record, null for a draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findService, resolvePlace, searchServices } from '../../src/domains/catalogue/adapters/search.js';
import { changeServiceStatus, createService, ownedService, updateService } from '../../src/domains/catalogue/adapters/services.js';
import { emptyServiceForm, formOfService } from '../../src/domains/catalogue/entities/service-form.js';
import { importCatalogue } from '../../src/domains/catalogue/use-cases/catalogue-exchange.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { CATALOGUE } from '../support/catalogue.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

describe.each(DATABASE_TARGETS)('catalogue search on $name', (target) => {
  let app: TestApp;
  let spaceId: number;
  let thomas: Actor;
  const search = (q: Parameters<typeof searchServices>[2]) => searchServices(app.deps.db, spaceId, q);
  const ids = async (q: Parameters<typeof searchServices>[2]) => (await search(q)).services.map((s) => s.id);

  beforeAll(async () => {
    app = await startTestApp({ target, withCommunes: true });
    spaceId = (await app.deps.db.selectFrom('territory_space').select('id').executeTakeFirstOrThrow()).id;
    thomas = (await loadActor(app.deps.db, await userIdByEmail(app, 'thomas.girard@cd49.demo.test')))!;
    const result = await importCatalogue(app.deps.db, { spaceId, data: CATALOGUE, actor: thomas, now: new Date('2026-11-27T09:00:00Z') });
    expect(result).toMatchObject({ ok: true, report: { rejected: [] } });
    await app.deps.db.updateTable('catalogue_service').set({ status: 'draft' }).where('id', '=', 'brouillon').execute();
  }, 120_000);
  afterAll(() => app.stop());

  it('lists only the published services, 20 per page, by name', async () => {
    const first = await search({});
    expect(first).toMatchObject({ total: 28, page: 1, pageCount: 2, place: null });
    expect(first.services).toHaveLength(20);
    expect(first.services[0]).toMatchObject({ id: 'atelier-01', nom: 'Atelier numérique 01', structureNom: 'Structure angers', commune: 'Angers', publics: ['tous-publics'] });
    expect(await ids({ page: 2 })).toEqual(['atelier-21', 'atelier-22', 'atelier-23', 'atelier-24', 'atelier-25', 'permis', 'garage', 'sarthe']);
    expect(await ids({ texte: 'préparation' })).toEqual([]);
  });

  it('filters by thématique (a sub-theme or its whole family) and by public', async () => {
    expect(await ids({ thematique: 'mobilite' })).toEqual(['permis', 'garage']);
    expect(await ids({ thematique: 'mobilite--preparer-un-permis' })).toEqual(['permis']);
    expect(await ids({ thematique: 'mobilite', public: 'beneficiaires-des-minimas-sociaux' })).toEqual(['garage']);
    expect((await search({ public: 'tous-publics' })).total).toBe(26);
  });

  it('finds free text in the service’s name or description and in its structure’s name, case-insensitive, with % taken literally', async () => {
    expect(await ids({ texte: 'GARAGE' })).toEqual(['garage']);
    expect(await ids({ texte: 'petit prix' })).toEqual(['garage']);
    expect(await ids({ texte: 'structure le-mans' })).toEqual(['sarthe']);
    expect(await ids({ texte: '%' })).toEqual([]);
    expect(await ids({ texte: 'STRUCTURE LE-MANS' })).toEqual(['sarthe']);
    expect(await ids({ texte: 'solidaire' })).toEqual(['garage']);
    expect(await ids({ texte: 'Réparations' })).toEqual(['garage']);
    // Never across two fields: the end of the name with the start of the description, whatever joins them.
    expect(await ids({ texte: 'solidaire Réparations' })).toEqual([]);
    expect(await ids({ texte: 'solidaire\u001fRéparations' })).toEqual([]);
    expect(await ids({ texte: 'travailler.\u001fStructure trelaze' })).toEqual([]);
  });

  it('resolves a place by code or name and keeps the services located there or eligible there', async () => {
    expect(await resolvePlace(app.deps.db, 'angers')).toEqual({ kind: 'commune', code: '49007', name: 'Angers' });
    expect(await resolvePlace(app.deps.db, '49000')).toMatchObject({ kind: 'commune', code: '49007' });
    expect(await resolvePlace(app.deps.db, '49')).toMatchObject({ kind: 'departement', code: '49', name: 'Maine-et-Loire' });
    expect(await resolvePlace(app.deps.db, 'Maine-et-Loire')).toMatchObject({ kind: 'departement', code: '49' });
    expect(await resolvePlace(app.deps.db, '244900015')).toMatchObject({ kind: 'epci', code: '244900015' });
    // Trélazé: its own garage, and the Cholet driving school eligible in the whole département.
    expect(await ids({ lieu: 'Trélazé' })).toEqual(['permis', 'garage']);
    // Angers Loire Métropole: Angers and Trélazé, and the département-wide service.
    expect((await search({ lieu: '244900015' })).total).toBe(27);
    expect(await ids({ lieu: '72', thematique: 'sante' })).toEqual(['sarthe']);
    expect(await ids({ lieu: 'Sarthe' })).toEqual(['sarthe']);
    expect(await search({ lieu: 'Atlantide' })).toMatchObject({ place: 'inconnu', total: 0, services: [] });
  });

  it('gives a published service with its structure, and nothing for a draft', async () => {
    const detail = await findService(app.deps.db, spaceId, 'garage');
    expect(detail?.service).toMatchObject({ id: 'garage', nom: 'Garage solidaire', frais: null, thematiques: ['mobilite--entretenir-reparer-son-vehicule'] });
    expect(detail?.structure).toMatchObject({ id: 'trelaze', commune: 'Trélazé' });
    expect(await findService(app.deps.db, spaceId, 'brouillon')).toBeNull();
    expect(await findService(app.deps.db, spaceId + 1000, 'garage')).toBeNull();
  });

  // The free text is read from a column kept by triggers (migration 012): what the writers change must be found at once.
  it('finds the services of a renamed structure by its new name, and no longer by the old one', async () => {
    expect(await ids({ texte: 'structure trelaze' })).toEqual(['garage']);
    const renamed = { ...CATALOGUE.structures[1]!, nom: 'Ressourcerie de la Loire' };
    const result = await importCatalogue(app.deps.db, { spaceId, data: { structures: [renamed], services: [] }, actor: thomas, now: new Date('2026-11-28T09:00:00Z') });
    expect(result).toMatchObject({ ok: true, report: { structures: { updated: 1 } } });
    expect(await ids({ texte: 'ressourcerie' })).toEqual(['garage']);
    expect(await ids({ texte: 'structure trelaze' })).toEqual([]);
    expect((await search({ texte: 'garage' })).services[0]).toMatchObject({ id: 'garage', structureNom: 'Ressourcerie de la Loire' });
  });

  it('finds an imported service by the words of its new name and description and its new structure, and no longer by the old ones', async () => {
    const moved = { ...CATALOGUE.services.find((s) => s.id === 'sarthe')!, structure_id: 'cholet', nom: 'Permanence bien-être', description: 'Bilan de santé gratuit.' };
    const result = await importCatalogue(app.deps.db, { spaceId, data: { structures: [], services: [moved] }, actor: thomas, now: new Date('2026-11-28T09:00:00Z') });
    expect(result).toMatchObject({ ok: true, report: { services: { updated: 1 } } });
    expect(await ids({ texte: 'bien-être' })).toEqual(['sarthe']);
    expect(await ids({ texte: 'bilan de santé' })).toEqual(['sarthe']);
    expect(await ids({ texte: 'structure cholet' })).toEqual(['permis', 'sarthe']);
    expect(await ids({ texte: 'point santé' })).toEqual([]);
    expect(await ids({ texte: 'structure le-mans' })).toEqual([]);
  });

  it('finds a service an organisation created and edited in « mes services » by its new words, under its organisation’s name', async () => {
    const julie = (await loadActor(app.deps.db, await userIdByEmail(app, 'julie.perrin@missionlocale49.demo.test')))!;
    const now = new Date('2026-11-28T10:00:00Z');
    const created = await createService(app.deps.db, {
      spaceId,
      organisationId: julie.organisationId!,
      values: { ...emptyServiceForm(), nom: 'Parrainage vers l’emploi', description: 'Un parrain ou une marraine pour chercher un emploi.', publics: ['jeunes'] },
      actor: julie,
      now,
    });
    expect(created.ok).toBe(true);
    const owned = async () => (await ownedService(app.deps.db, { spaceId, organisationId: julie.organisationId!, serviceId: created.id }))!;
    expect(await changeServiceStatus(app.deps.db, { service: await owned(), to: 'published', actor: julie, now })).toBe(true);
    const organisation = await app.deps.db.selectFrom('organisation').select('name').where('id', '=', julie.organisationId!).executeTakeFirstOrThrow();
    expect(await ids({ texte: 'parrainage' })).toEqual([created.id]);
    expect(await ids({ texte: organisation.name })).toEqual([created.id]);

    const service = await owned();
    const saved = await updateService(app.deps.db, { service, values: { ...formOfService(service), nom: 'Mentorat vers l’emploi', description: 'Un mentor pour préparer ses entretiens.' }, actor: julie, now });
    expect(saved.ok).toBe(true);
    expect(await ids({ texte: 'mentorat' })).toEqual([created.id]);
    expect(await ids({ texte: 'entretiens' })).toEqual([created.id]);
    expect(await ids({ texte: 'parrainage' })).toEqual([]);
    expect(await ids({ texte: 'marraine' })).toEqual([]);
  });
});
