/**
 * Import and export of the space's catalogue (issue 6 §3), by its coordinator (catalogue.manage):
 * a data·inclusion v1 JSON export is uploaded, its valid records created or updated and the invalid
 * ones listed with their reasons on the report; the catalogue downloads as data·inclusion v1 JSON.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { exportCatalogue, importCatalogue, type CatalogueImportReport, type ImportCount } from '../../../../domains/catalogue/use-cases/catalogue-exchange.js';
import { FileField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../../components/layout.js';
import { EmptyState, Table } from '../../components/ui.js';
import { readUploadForm } from '../../upload-form.js';
import { sendPage } from '../../render.js';
import { CatalogueBreadcrumb, catalogueSpace, cataloguePath, manageConfig, servicesPath } from './catalogue-common.js';

type Space = { id: number; name: string };
export const MAX_CATALOGUE_MEGABYTES = 20;

function UploadPage({ ctx, space, error, counts }: { ctx: PageContext; space: Space; error?: string; counts: { structures: number; services: number } }) {
  const current: string = `Le catalogue compte ${counts.structures} structure(s) et ${counts.services} service(s) publié(s).`;
  const hint: string = `Fichier JSON contenant les listes « structures » et « services » au schéma data·inclusion v1. Taille maximale : ${MAX_CATALOGUE_MEGABYTES} Mo.`;
  return (
    <Layout ctx={ctx} title={`${error ? 'Erreur – ' : ''}Catalogue des services – ${space.name}`}>
      <CatalogueBreadcrumb space={space} here="Importer et exporter le catalogue" />
      <h1>Importer et exporter le catalogue</h1>
      <p class="fr-text--lead" safe>
        {current}
      </p>
      <h2>Exporter</h2>
      <p>Le catalogue du territoire (ses structures et ses services publiés) au format data·inclusion v1, pour le partager avec le référentiel national.</p>
      <p>
        <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/spie/${space.id}/catalogue.json`} download="">
          Télécharger le catalogue (JSON data·inclusion v1)
        </a>
      </p>
      <h2>Importer</h2>
      <p>Chaque structure et chaque service est vérifié selon le schéma officiel : un enregistrement valide est créé, ou mis à jour s’il a changé ; un enregistrement invalide est ignoré et son motif affiché. Importer à nouveau le même fichier ne change rien.</p>
      {error ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h3 class="fr-alert__title">Le fichier n’a pas été importé</h3>
          <p>
            <a href="#fichier" safe>
              {error}
            </a>
          </p>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={cataloguePath(space.id)} enctype="multipart/form-data" class="fr-mb-6w">
        <CsrfField ctx={ctx} />
        <FileField id="fichier" name="fichier" label="Export data·inclusion (fichier JSON)" hint={hint} accept=".json,application/json" error={error} />
        <button class="fr-btn fr-mt-3w" type="submit">
          Importer le fichier
        </button>
      </form>
    </Layout>
  );
}

const countCells = (c: ImportCount) => [c.created, c.updated, c.unchanged].map((n) => n.toLocaleString('fr-FR'));

function ReportPage({ ctx, space, report }: { ctx: PageContext; space: Space; report: CatalogueImportReport }) {
  const rejected: string = `${report.rejected.length} enregistrement(s) ignoré(s)`;
  return (
    <Layout ctx={ctx} title={`Rapport d’import du catalogue – ${space.name}`}>
      <CatalogueBreadcrumb space={space} parent={{ label: 'Importer et exporter le catalogue', href: cataloguePath(space.id) }} here="Rapport d’import" />
      <h1>Rapport d’import du catalogue</h1>
      <div class={`fr-alert ${report.rejected.length > 0 ? 'fr-alert--warning' : 'fr-alert--success'} fr-mb-4w`} role="status">
        <h2 class="fr-alert__title">Import terminé</h2>
        <p safe>{rejected}</p>
      </div>
      <Table caption="Enregistrements importés" headers={['Type', 'Créés', 'Mis à jour', 'Inchangés']}>
        <tr>
          <td>Structures</td>
          {countCells(report.structures).map((n) => (
            <td safe>{n}</td>
          ))}
        </tr>
        <tr>
          <td>Services</td>
          {countCells(report.services).map((n) => (
            <td safe>{n}</td>
          ))}
        </tr>
      </Table>
      <h2>Enregistrements ignorés</h2>
      {report.rejected.length === 0 ? (
        <EmptyState title="Aucun enregistrement ignoré">
          <p>Toutes les structures et tous les services du fichier sont conformes au schéma data·inclusion v1.</p>
        </EmptyState>
      ) : (
        <Table caption="Enregistrements ignorés et motifs" headers={['Type', 'Position dans le fichier', 'Identifiant', 'Motifs']}>
          {report.rejected.map((r) => (
            <tr>
              <td>{r.kind === 'structure' ? 'Structure' : 'Service'}</td>
              <td safe>{String(r.position)}</td>
              <td safe>{r.id ?? '(sans identifiant)'}</td>
              <td>
                <ul>
                  {r.reasons.map((reason) => (
                    <li safe>{reason}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li>
          <a class="fr-btn" href={servicesPath(space.id)}>
            Voir les services
          </a>
        </li>
        <li>
          <a class="fr-btn fr-btn--secondary" href={cataloguePath(space.id)}>
            Importer un autre fichier
          </a>
        </li>
      </ul>
    </Layout>
  );
}

async function counts(app: FastifyInstance, spaceId: number) {
  const db = app.deps.db;
  const [st, sv] = await Promise.all([
    db.selectFrom('catalogue_structure').select((eb) => eb.fn.countAll<number>().as('n')).where('space_id', '=', spaceId).executeTakeFirstOrThrow(),
    db.selectFrom('catalogue_service').select((eb) => eb.fn.countAll<number>().as('n')).where('space_id', '=', spaceId).where('status', '=', 'published').executeTakeFirstOrThrow(),
  ]);
  return { structures: Number(st.n), services: Number(sv.n) };
}

export async function registerManagePages(app: FastifyInstance): Promise<void> {
  app.get('/spie/:spaceId/catalogue', { config: manageConfig }, async (request, reply) => {
    const space = await catalogueSpace(request, app.deps);
    return sendPage(reply, <UploadPage ctx={pageContext(request)} space={space} counts={await counts(app, space.id)} />);
  });

  app.get('/spie/:spaceId/catalogue.json', { config: manageConfig }, async (request, reply) => {
    const space = await catalogueSpace(request, app.deps);
    const data = await exportCatalogue(app.deps.db, space.id);
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="catalogue-spie-${space.id}-data-inclusion-v1.json"`)
      .send(JSON.stringify(data, null, 2));
  });

  // The upload is multipart: the CSRF token travels as a form field, checked here (application-actions.tsx).
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_CATALOGUE_MEGABYTES * 1024 * 1024, files: 1, fields: 5 } });
    scope.post('/spie/:spaceId/catalogue', { config: { ...manageConfig, csrfCheckedInHandler: true } }, async (request, reply) => {
      const space = await catalogueSpace(request, app.deps);
      const { file, tooBig } = await readUploadForm(request);
      const bytes = file?.bytes ?? null;
      let error: string | undefined;
      let data: unknown = null;
      if (tooBig) error = `Le fichier dépasse ${MAX_CATALOGUE_MEGABYTES} Mo.`;
      else if (!bytes || bytes.length === 0) error = 'Choisissez le fichier JSON de l’export data·inclusion.';
      else {
        try {
          data = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
        } catch {
          error = 'Le fichier n’est pas un JSON lisible : vérifiez qu’il s’agit bien d’un export data·inclusion.';
        }
      }
      const result = error ? null : await importCatalogue(app.deps.db, { spaceId: space.id, data, actor: request.actor!, now: app.deps.clock() });
      if (!result || !result.ok) {
        const message = error ?? (result && !result.ok ? result.message : '');
        return sendPage(reply, <UploadPage ctx={pageContext(request)} space={space} error={message} counts={await counts(app, space.id)} />, 422);
      }
      return sendPage(reply, <ReportPage ctx={pageContext(request)} space={space} report={result.report} />);
    });
  });
}
