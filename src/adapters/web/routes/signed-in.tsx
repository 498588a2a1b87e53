/** Pages of any signed-in user: dashboard, account; and the person's own space. */
import { ownPathwayId } from '../../../domains/pathway/adapters/person-space.js';
import type { FastifyInstance } from 'fastify';
import { organisationScope } from '../../../domains/authorization/authorize.js';
import { ROLES, type RoleAssignment } from '../../../domains/identity/entities/role.js';
import { dashboardFigures } from '../../../domains/organisation/adapters/dashboard.js';
import { Layout, pageContext } from '../components/layout.js';
import { Table } from '../components/ui.js';
import { sendPage } from '../render.js';

function perimeterLabel(a: RoleAssignment, names: Map<string, string>): string {
  switch (a.perimeter.kind) {
    case 'national':
      return 'National';
    case 'self':
      return 'Son propre dossier';
    case 'region':
      return `Région ${names.get(`r${a.perimeter.regionCode}`) ?? a.perimeter.regionCode}`;
    case 'departement':
      return `Département ${names.get(`d${a.perimeter.departementCode}`) ?? a.perimeter.departementCode}`;
    case 'organisation':
      return names.get(`o${a.perimeter.organisationId}`) ?? `Organisation n° ${a.perimeter.organisationId}`;
  }
}

async function perimeterNames(app: FastifyInstance, assignments: RoleAssignment[]): Promise<Map<string, string>> {
  const db = app.deps.db;
  const names = new Map<string, string>();
  const regions = assignments.flatMap((a) => (a.perimeter.kind === 'region' ? [a.perimeter.regionCode] : []));
  const deps = assignments.flatMap((a) => (a.perimeter.kind === 'departement' ? [a.perimeter.departementCode] : []));
  const orgs = assignments.flatMap((a) => (a.perimeter.kind === 'organisation' ? [a.perimeter.organisationId] : []));
  if (regions.length) for (const r of await db.selectFrom('region').select(['code', 'name']).where('code', 'in', regions).execute()) names.set(`r${r.code}`, r.name);
  if (deps.length) for (const d of await db.selectFrom('departement').select(['code', 'name']).where('code', 'in', deps).execute()) names.set(`d${d.code}`, d.name);
  if (orgs.length) for (const o of await db.selectFrom('organisation').select(['id', 'name']).where('id', 'in', orgs).execute()) names.set(`o${o.id}`, o.name);
  return names;
}

export function registerSignedInRoutes(app: FastifyInstance): void {
  app.get('/tableau-de-bord', { config: { authz: { action: 'dashboard.view' } } }, async (request, reply) => {
    const actor = request.actor!;
    const ctx = pageContext(request);
    const figures = await dashboardFigures(app.deps.db, organisationScope(actor));
    const names = await perimeterNames(app, actor.assignments);
    const isPerson = actor.assignments.every((a) => a.role === 'person');
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Tableau de bord">
        <h1>Tableau de bord</h1>
        <p class="fr-text--lead" safe>
          {`Bonjour ${actor.displayName}.`}
        </p>
        <h2 class="fr-h4">Vos rôles</h2>
        <ul>
          {actor.assignments.map((a) => (
            <li safe>{`${ROLES[a.role].label} — ${perimeterLabel(a, names)}`}</li>
          ))}
        </ul>
        {isPerson ? (
          <p>
            Retrouvez votre parcours dans <a href="/mon-espace">Mon espace</a>.
          </p>
        ) : (
          <>
            <Table caption="Votre périmètre en chiffres" headers={['Indicateur', 'Valeur']}>
              <tr>
                <td>Organisations</td>
                <td safe>{String(figures.organisations)}</td>
              </tr>
              <tr>
                <td>Utilisateurs actifs de ces organisations</td>
                <td safe>{String(figures.users)}</td>
              </tr>
              <tr>
                <td>Départements couverts</td>
                <td safe>{String(figures.departements)}</td>
              </tr>
            </Table>
            {figures.byKind.length > 0 ? (
              <Table caption="Organisations par type" headers={['Type', 'Nombre']}>
                {figures.byKind.map((k) => (
                  <tr>
                    <td safe>{k.label}</td>
                    <td safe>{String(k.count)}</td>
                  </tr>
                ))}
              </Table>
            ) : (
              <p>Aucune organisation dans votre périmètre pour l’instant.</p>
            )}
          </>
        )}
      </Layout>,
    );
  });

  app.get('/compte', { config: { authz: { action: 'account.view' } } }, async (request, reply) => {
    const actor = request.actor!;
    const ctx = pageContext(request);
    const names = await perimeterNames(app, actor.assignments);
    const user = await app.deps.db.selectFrom('app_user').select(['email']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Mon compte">
        <h1>Mon compte</h1>
        <dl>
          <dt>Nom</dt>
          <dd safe>{actor.displayName}</dd>
          <dt>Adresse électronique</dt>
          <dd safe>{user.email}</dd>
        </dl>
        <Table caption="Rôles et périmètres" headers={['Rôle', 'Périmètre']}>
          {actor.assignments.map((a) => (
            <tr>
              <td>{ROLES[a.role].label}</td>
              <td safe>{perimeterLabel(a, names)}</td>
            </tr>
          ))}
        </Table>
      </Layout>,
    );
  });

  app.get('/mon-espace', { config: { authz: { action: 'person.space' } } }, async (request, reply) => {
    // Once a professional has opened their pathway, the person's space is that pathway (issue 5 §9).
    if (await ownPathwayId(app.deps.db, request.actor!.userId)) return reply.redirect('/mon-parcours', 303);
    const ctx = pageContext(request);
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Mon espace">
        <h1>Mon espace</h1>
        <p class="fr-text--lead">Ici, vous retrouverez votre parcours d’insertion : votre référent, vos rendez-vous et vos objectifs.</p>
        <div class="fr-callout">
          <p class="fr-callout__title">Votre parcours n’est pas encore ouvert</p>
          <p class="fr-callout__text">
            Quand un professionnel ouvrira votre parcours, vous le verrez ici, ainsi que la liste des personnes qui ont consulté votre dossier.
          </p>
        </div>
      </Layout>,
    );
  });
}
