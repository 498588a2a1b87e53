/**
 * SPIE-5, issue 6 §5 on every database: a plan action points to a catalogue service — only a published
 * service of the pathway's own space (refused otherwise, nothing written); its description defaults
 * to the service's name; the timeline names the service and its structure; the plan still names the
 * service once archived. The search of services by name lists only the space's published ones,
 * whatever the case, accents and apostrophes typed.
 * Migration 013: the reference is a text foreign key, and only a service action carries it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { PLAN_SERVICE_RESULTS, publishedPlanService, searchPlanServices } from '../../src/domains/pathway/adapters/plan-services.js';
import { ownOpenPathways as openPathwaysToPlan } from '../../src/domains/pathway/adapters/pathways.js';
import { addAction, loadPathway } from '../../src/domains/pathway/adapters/record.js';
import { openSpaceForApplication } from '../../src/domains/pathway/adapters/spaces.js';
import { checkAction, type ActionInput } from '../../src/domains/pathway/entities/plan.js';
import { submittedApplication } from '../support/applications.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { openElodiePathway } from '../support/elodie.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const T0 = new Date('2026-04-01T08:00:00Z');

describe.each(DATABASE_TARGETS)('a plan action pointing to a catalogue service on $name', (target) => {
  let app: TestApp;
  let julie: Actor;
  let spaceId: number;
  let pathwayId: number;
  const db = () => app.deps.db;

  const counts = async () => ({
    actions: (await db().selectFrom('plan_action').select('id').where('pathway_id', '=', pathwayId).execute()).length,
    events: (await db().selectFrom('pathway_event').select('id').where('pathway_id', '=', pathwayId).execute()).length,
  });

  async function add(input: Partial<ActionInput>) {
    const checked = checkAction({ kind: 'service', label: '', ...input });
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    return addAction(db(), { pathwayId, objectiveId: null, action: checked.action, actor: julie, now: T0 });
  }

  beforeAll(async () => {
    app = await startTestApp({ target });
    ({ julie, spaceId, pathwayId } = await openElodiePathway(app, T0));

    // Another territory's space (Sarthe), with a published service of its own.
    const antoine = (await loadActor(db(), await userIdByEmail(app, 'antoine.morel@cd72.demo.test')))!;
    const callId = (await db().selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;
    const applicationId = await submittedApplication(db(), { actor: antoine, callId, departementCode: '72' });
    const sarthe = await db()
      .transaction()
      .execute((trx) => openSpaceForApplication(trx, applicationId, new Date()));

    const base = { source: 'import', date_maj: '2026-01-10', created_at: T0, updated_at: T0 };
    await db()
      .insertInto('catalogue_structure')
      .values([
        { ...base, space_id: spaceId, id: 'ml-angers', nom: 'Mission locale angevine', commune: 'Angers' },
        { ...base, space_id: sarthe, id: 'ml-le-mans', nom: 'Mission locale du Mans', commune: 'Le Mans' },
      ])
      .execute();
    const service = { ...base, space_id: spaceId, structure_id: 'ml-angers', status: 'published', description: 'Un service.', reviewed_at: T0 };
    await db()
      .insertInto('catalogue_service')
      .values([
        { ...service, id: 'ml-angers--atelier-cv', nom: 'Atelier CV', commune: 'Angers' },
        { ...service, id: 'ml-angers--atelier-entretien', nom: 'Atelier entretien d’embauche' },
        { ...service, id: 'ml-angers--100-pourcent', nom: 'Accompagnement 100 % inclusion' },
        { ...service, id: 'ml-angers--epicerie', nom: 'Épicerie solidaire' },
        { ...service, id: 'ml-angers--brouillon', nom: 'Atelier en préparation', status: 'draft' },
        { ...service, id: 'ml-angers--ancien', nom: 'Atelier archivé', status: 'archived' },
        { ...service, space_id: sarthe, structure_id: 'ml-le-mans', id: 'ml-le-mans--atelier-cv', nom: 'Atelier CV du Mans' },
        ...Array.from({ length: 25 }, (_, i) => ({ ...service, id: `ml-angers--permis-${String(i).padStart(2, '0')}`, nom: `Permis B, session ${String(i).padStart(2, '0')}` })),
      ])
      .execute();
  });
  afterAll(() => app.stop());

  it('saves a service action with its service: the description defaults to its name, the timeline names it and its structure', async () => {
    const saved = await add({ serviceId: 'ml-angers--atelier-cv', startsOn: '2026-04-10', endsOn: '2026-04-10' });
    expect(saved.ok).toBe(true);
    const typed = await add({ serviceId: 'ml-angers--atelier-entretien', label: ' Session de mars ' });
    expect(typed.ok).toBe(true);
    const record = (await loadPathway(db(), pathwayId))!;
    expect(record.actions.map((a) => ({ kind: a.kind, label: a.label, service_id: a.service_id, service_nom: a.service_nom, service_status: a.service_status, structure: a.service_structure_nom, starts_on: a.starts_on }))).toEqual([
      { kind: 'service', label: 'Atelier CV', service_id: 'ml-angers--atelier-cv', service_nom: 'Atelier CV', service_status: 'published', structure: 'Mission locale angevine', starts_on: '2026-04-10' },
      { kind: 'service', label: 'Session de mars', service_id: 'ml-angers--atelier-entretien', service_nom: 'Atelier entretien d’embauche', service_status: 'published', structure: 'Mission locale angevine', starts_on: null },
    ]);
    const events = await db().selectFrom('pathway_event').select(['summary', 'actor_label']).where('pathway_id', '=', pathwayId).where('kind', '=', 'action.added').orderBy('id').execute();
    expect(events).toEqual([
      { actor_label: julie.displayName, summary: { label: 'Atelier CV', kind: 'service', company: null, serviceId: 'ml-angers--atelier-cv', service: 'Atelier CV', structure: 'Mission locale angevine' } },
      { actor_label: julie.displayName, summary: { label: 'Session de mars', kind: 'service', company: null, serviceId: 'ml-angers--atelier-entretien', service: 'Atelier entretien d’embauche', structure: 'Mission locale angevine' } },
    ]);
  });

  it('refuses a service of another space, a draft, an archived or an unknown one, next to the field, writing nothing', async () => {
    const before = await counts();
    const outside = 'Ce service n’est pas dans le catalogue de ce territoire.';
    const unpublished = 'Ce service n’est pas publié dans le catalogue : choisissez un service publié.';
    expect(await add({ serviceId: 'ml-le-mans--atelier-cv' })).toEqual({ ok: false, field: 'serviceId', message: outside });
    expect(await add({ serviceId: 'inconnu--42' })).toEqual({ ok: false, field: 'serviceId', message: outside });
    expect(await add({ serviceId: 'ml-angers--brouillon' })).toEqual({ ok: false, field: 'serviceId', message: unpublished });
    expect(await add({ serviceId: 'ml-angers--ancien' })).toEqual({ ok: false, field: 'serviceId', message: unpublished });
    expect(await counts()).toEqual(before);
  });

  it('still names a service archived after it was added, with its state', async () => {
    await db().updateTable('catalogue_service').set({ status: 'archived' }).where('id', '=', 'ml-angers--atelier-cv').execute();
    try {
      const action = (await loadPathway(db(), pathwayId))!.actions.find((a) => a.service_id === 'ml-angers--atelier-cv')!;
      expect(action).toMatchObject({ label: 'Atelier CV', service_nom: 'Atelier CV', service_status: 'archived', service_structure_nom: 'Mission locale angevine' });
    } finally {
      await db().updateTable('catalogue_service').set({ status: 'published' }).where('id', '=', 'ml-angers--atelier-cv').execute();
    }
  });

  it('searches the space’s published services by name: case and accents indifferent, every character else literal, 20 at most, by name', async () => {
    const names = async (text: string) => (await searchPlanServices(db(), spaceId, text)).map((s) => s.nom);
    expect(await names('atelier')).toEqual(['Atelier CV', 'Atelier entretien d’embauche']);
    expect(await names('CV')).toEqual(['Atelier CV']);
    // Accents and apostrophes as typed on a keyboard.
    expect(await names('epicerie')).toEqual(['Épicerie solidaire']);
    expect(await names('ÉPICERIE SOLI')).toEqual(['Épicerie solidaire']);
    expect(await names("d'embauche")).toEqual(['Atelier entretien d’embauche']);
    expect(await names('ateliér')).toEqual(['Atelier CV', 'Atelier entretien d’embauche']);
    expect(await names('100 %')).toEqual(['Accompagnement 100 % inclusion']);
    expect(await names('%')).toEqual(['Accompagnement 100 % inclusion']);
    expect(await names('_')).toEqual([]);
    // Nothing typed is taken as a pattern.
    expect(await names('.*')).toEqual([]);
    expect(await names('CV (')).toEqual([]);
    expect(await names('[a-z]')).toEqual([]);
    const permis = await names('permis b');
    expect(permis).toHaveLength(PLAN_SERVICE_RESULTS);
    expect(permis[0]).toBe('Permis B, session 00');
    expect(permis.at(-1)).toBe('Permis B, session 19');
    expect(await searchPlanServices(db(), spaceId, 'atelier cv')).toEqual([{ id: 'ml-angers--atelier-cv', nom: 'Atelier CV', structureNom: 'Mission locale angevine', commune: 'Angers' }]);
    expect(await publishedPlanService(db(), spaceId, 'ml-angers--atelier-entretien')).toEqual({ id: 'ml-angers--atelier-entretien', nom: 'Atelier entretien d’embauche', structureNom: 'Mission locale angevine', commune: 'Angers' });
    expect(await publishedPlanService(db(), spaceId, 'ml-le-mans--atelier-cv')).toBeNull();
    expect(await publishedPlanService(db(), spaceId, 'ml-angers--brouillon')).toBeNull();
  });

  it('lists the open pathways the professional is referent or member of, not others', async () => {
    expect((await openPathwaysToPlan(db(), spaceId, julie.userId)).map((w) => w.id)).toEqual([pathwayId]);
    const lucas = await userIdByEmail(app, 'lucas.bernard@francetravail49.demo.test');
    expect(await openPathwaysToPlan(db(), spaceId, lucas)).toEqual([]);
  });

  it('the database holds the reference: a known service, and only on a service action', async () => {
    const row = { pathway_id: pathwayId, label: 'Direct', created_at: T0, updated_at: T0 };
    await expect(db().insertInto('plan_action').values({ ...row, kind: 'service', service_id: 'inconnu--42' }).execute()).rejects.toThrow();
    await expect(db().insertInto('plan_action').values({ ...row, kind: 'service', service_id: null }).execute()).rejects.toThrow();
    await expect(db().insertInto('plan_action').values({ ...row, kind: 'free', service_id: 'ml-angers--atelier-cv' }).execute()).rejects.toThrow();
  });
});
