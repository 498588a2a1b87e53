/**
 * Step 3 of an import (issue 5 §11): the dry run. Every row is checked and matched to the people of
 * the space exactly as the import will do it, and nothing is written: the page lists each bad row with
 * its line and reason, counts the people to create and to update, and offers to launch the import.
 */
import type { FastifyInstance } from 'fastify';
import { prepareImport, runPreparedImport } from '../../../../domains/pathway/use-cases/import-people.js';
import { startStoredImport } from '../../../jobs/people-import-jobs.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { count, ImportBreadcrumb, importPath, RowErrorsTable } from './import-common.js';
import { importFile, importSpaceObject, loadImport, markRunning, spaceName } from './import-records.js';

const config = { authz: { action: 'person.import' as const, object: importSpaceObject } };

export function registerCheckPage(app: FastifyInstance): void {
  app.get('/spie/:spaceId/imports/:importId/verification', { config }, async (request, reply) => {
    const record = await loadImport(request, app.deps);
    if (record.status === 'uploaded') return reply.redirect(`${importPath(record.spaceId, record.id)}/colonnes`, 303);
    if (record.status !== 'checked') return reply.redirect(importPath(record.spaceId, record.id), 303);
    const space = await spaceName(app.deps.db, record.spaceId);
    const { bytes } = await importFile(app.deps.db, record);
    const now = app.deps.clock();
    const prepared = prepareImport(bytes, record.mapping, now);
    if (!prepared.ok) return reply.redirect(`${importPath(record.spaceId, record.id)}/colonnes`, 303);
    const dry = await runPreparedImport(app.deps.db, { spaceId: space.id, actorUserId: request.actor!.userId, prepared, dryRun: true, now });
    const unchanged = dry.total - dry.created - dry.updated - dry.errors.length;
    const ctx = pageContext(request);
    const lead: string = `Fichier « ${record.filename} » : ${count(dry.total, 'ligne', 'lignes')}. Rien n’a encore été enregistré.`;
    const valid = dry.total - dry.errors.length;
    const launch: string = `Importer ${count(valid, 'ligne valide', 'lignes valides')}`;
    const figures: { text: string; id: string }[] = [
      { text: count(dry.created, 'personne serait créée', 'personnes seraient créées'), id: 'essai-creees' },
      { text: count(dry.updated, 'personne déjà connue serait mise à jour', 'personnes déjà connues seraient mises à jour'), id: 'essai-mises-a-jour' },
      { text: count(unchanged, 'personne déjà connue est déjà à jour', 'personnes déjà connues sont déjà à jour'), id: 'essai-inchangees' },
      { text: count(dry.errors.length, 'ligne serait ignorée', 'lignes seraient ignorées'), id: 'essai-ignorees' },
    ];
    return sendPage(
      reply,
      <Layout ctx={ctx} title={`Essai à blanc – import de ${record.filename}`}>
        <ImportBreadcrumb space={space} here="Essai à blanc" />
        <h1>Essai à blanc de l’import</h1>
        <p class="fr-text--lead" safe>
          {lead}
        </p>
        <ul class="fr-mb-4w">
          {figures.map((f) => (
            <li id={f.id} safe>
              {f.text}
            </li>
          ))}
        </ul>
        {dry.errors.length ? (
          <>
            <h2 safe>{count(dry.errors.length, 'ligne ne peut pas être importée', 'lignes ne peuvent pas être importées')}</h2>
            <p>Elles seront ignorées par l’import. Vous pouvez aussi corriger le fichier et le déposer à nouveau.</p>
            <RowErrorsTable errors={dry.errors} caption="Lignes ignorées et motifs" />
          </>
        ) : (
          <div class="fr-alert fr-alert--success fr-mb-3w">
            <p>Toutes les lignes du fichier peuvent être importées.</p>
          </div>
        )}
        {valid > 0 ? (
          <form method="post" action={`${importPath(space.id, record.id)}/lancer`} class="fr-mt-4w">
            <CsrfField ctx={ctx} />
            <p>L’import crée les nouvelles personnes et met à jour celles déjà connues ; il se poursuit en arrière-plan et vous suivez sa progression.</p>
            <ul class="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button class="fr-btn" type="submit" safe>
                  {launch}
                </button>
              </li>
              <li>
                <a class="fr-btn fr-btn--secondary" href={`${importPath(space.id, record.id)}/colonnes`}>
                  Modifier les colonnes
                </a>
              </li>
            </ul>
          </form>
        ) : (
          <p class="fr-mt-4w">
            <a class="fr-btn fr-btn--secondary" href={`${importPath(space.id, record.id)}/colonnes`}>
              Modifier les colonnes
            </a>
          </p>
        )}
      </Layout>,
    );
  });

  app.post('/spie/:spaceId/imports/:importId/lancer', { config }, async (request, reply) => {
    const record = await loadImport(request, app.deps);
    if (!(await markRunning(app.deps.db, record.id))) {
      if (record.status === 'uploaded') return reply.redirect(`${importPath(record.spaceId, record.id)}/colonnes`, 303);
      throw new HttpError(409, 'Cet import est déjà lancé.');
    }
    await startStoredImport(app.deps, record.id);
    return reply.redirect(importPath(record.spaceId, record.id), 303);
  });
}
