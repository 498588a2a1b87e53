/** The official territorial reference: régions, départements, and the EPCI of a département. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { epciKindLabel } from '../../../domains/territory/entities/epci-kind.js';
import { Layout, pageContext } from '../components/layout.js';
import { Breadcrumb, Table } from '../components/ui.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';

export function registerTerritoryRoutes(app: FastifyInstance): void {
  app.get('/territoires', { config: { authz: { action: 'territory.browse' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const db = app.deps.db;
    const only = (request.query as Record<string, unknown>).region;
    let regionQuery = db.selectFrom('region').select(['code', 'name']).orderBy('name');
    if (typeof only === 'string' && only !== '') regionQuery = regionQuery.where('code', '=', only);
    const regions = await regionQuery.execute();
    if (regions.length === 0) throw new HttpError(404);
    const deps = await db.selectFrom('departement').select(['code', 'name', 'region_code']).orderBy('code').execute();
    const lead: string =
      regions.length === 1
        ? 'Les départements de la région, selon le code officiel géographique.'
        : `Référentiel officiel (code officiel géographique) : ${regions.length} régions et ${deps.length} départements ou collectivités à compétence départementale.`;
    const heading: string = regions.length === 1 ? `Région ${regions[0]!.name}` : 'Territoires';
    return sendPage(
      reply,
      <Layout ctx={ctx} title={heading}>
        <h1 safe>{heading}</h1>
        <p safe>{lead}</p>
        {regions.map((r) => (
          <section class="fr-mb-3w">
            <h2 class="fr-h5" safe>
              {`${r.name} (${r.code})`}
            </h2>
            <ul>
              {deps
                .filter((d) => d.region_code === r.code)
                .map((d) => (
                  <li>
                    <a href={`/territoires/${encodeURIComponent(d.code)}`} safe>
                      {`${d.name} (${d.code})`}
                    </a>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </Layout>,
    );
  });

  app.get('/territoires/:code', { config: { authz: { action: 'territory.browse' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const db = app.deps.db;
    const code = (request.params as { code: string }).code;
    if (!/^[0-9][0-9AB][0-9M]?$/.test(code)) throw new HttpError(404);
    const dep = await db
      .selectFrom('departement')
      .innerJoin('region', 'region.code', 'departement.region_code')
      .select(['departement.code', 'departement.name', 'region.name as region_name'])
      .where('departement.code', '=', code)
      .executeTakeFirst();
    if (!dep) throw new HttpError(404);
    const epcis = await db
      .selectFrom('commune')
      .innerJoin('epci', 'epci.code', 'commune.epci_code')
      .select(['epci.code', 'epci.name', 'epci.kind', sql<number>`count(*)::int`.as('communes')])
      .where(code === '69M' ? sql<boolean>`commune.epci_code = '200046977'` : sql<boolean>`commune.departement_code = ${code}`)
      .groupBy(['epci.code', 'epci.name', 'epci.kind'])
      .orderBy('epci.name')
      .execute();
    return sendPage(
      reply,
      <Layout ctx={ctx} title={dep.name}>
        <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Territoires', href: '/territoires' }, { label: dep.name }]} />
        <h1 safe>{`${dep.name} (${dep.code})`}</h1>
        <p safe>{`Région : ${dep.region_name}`}</p>
        {epcis.length === 0 ? (
          <p>Les communes et EPCI n’ont pas été chargés dans cette base.</p>
        ) : (
          <Table caption="Intercommunalités (EPCI) du département" headers={['EPCI', 'Nature', 'Communes du département']}>
            {epcis.map((e) => (
              <tr>
                <td safe>{`${e.name} (${e.code})`}</td>
                <td safe>{epciKindLabel(e.kind)}</td>
                <td safe>{String(e.communes)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Layout>,
    );
  });
}
