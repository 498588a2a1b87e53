/** Organisations of the actor's perimeter; one organisation's page (404 outside the perimeter). */
import type { FastifyInstance } from 'fastify';
import { authorize, organisationScope } from '../../../domains/authorization/authorize.js';
import {
  getOrganisation,
  listOrganisationMembers,
  listOrganisations,
  organisationAuthzObject,
} from '../../../domains/organisation/adapters/organisations.js';
import { ORGANISATION_KINDS, isOrganisationKind } from '../../../domains/organisation/entities/organisation-kind.js';
import { Layout, pageContext } from '../components/layout.js';
import { Breadcrumb, EmptyState, Table } from '../components/ui.js';
import { sendPage } from '../render.js';
import { idParam } from './application-common.js';

const kindLabel = (kind: string) => (isOrganisationKind(kind) ? ORGANISATION_KINDS[kind] : kind);
const departementLabel = (o: { departement_name: string | null; departement_code: string | null }): string =>
  o.departement_name ? `${o.departement_name} (${o.departement_code})` : '—';
const formatSiret = (s: string) => `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6, 9)} ${s.slice(9)}`;

export function registerOrganisationRoutes(app: FastifyInstance): void {
  app.get('/organisations', { config: { authz: { action: 'organisation.list' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const rows = await listOrganisations(app.deps.db, organisationScope(request.actor!));
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Organisations">
        <h1>Organisations</h1>
        <p>Les organisations de votre périmètre.</p>
        {authorize(request.actor, 'organisation.create').allowed ? (
          <p>
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/organisations/nouvelle">
              Ajouter une organisation
            </a>
          </p>
        ) : (
          ''
        )}
        {rows.length === 0 ? (
          <EmptyState title="Aucune organisation">
            <p>Aucune organisation n’est rattachée à votre périmètre.</p>
          </EmptyState>
        ) : (
          <Table caption={`${rows.length} organisation${rows.length > 1 ? 's' : ''}`} headers={['Nom', 'Type', 'SIRET', 'Département']}>
            {rows.map((o) => (
              <tr>
                <td>
                  <a href={`/organisations/${o.id}`} safe>
                    {o.name}
                  </a>
                </td>
                <td safe>{kindLabel(o.kind)}</td>
                <td class="spie-nowrap" safe>
                  {formatSiret(o.siret)}
                </td>
                <td safe>{departementLabel(o)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Layout>,
    );
  });

  app.get(
    '/organisations/:id',
    {
      config: {
        authz: {
          action: 'organisation.view',
          object: (request, deps) => organisationAuthzObject(deps.db, idParam(request)),
        },
      },
    },
    async (request, reply) => {
      const ctx = pageContext(request);
      const id = idParam(request);
      const org = (await getOrganisation(app.deps.db, id))!;
      const members = await listOrganisationMembers(app.deps.db, id);
      return sendPage(
        reply,
        <Layout ctx={ctx} title={org.name}>
          <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Organisations', href: '/organisations' }, { label: org.name }]} />
          {(request.query as Record<string, unknown>).cree === '1' ? (
            <div class="fr-alert fr-alert--success fr-mb-3w">
              <p>L’organisation a été enregistrée.</p>
            </div>
          ) : (
            ''
          )}
          <h1 safe>{org.name}</h1>
          <p class="fr-badge fr-badge--info fr-badge--no-icon" safe>
            {kindLabel(org.kind)}
          </p>
          <dl class="fr-mt-3w">
            <dt>SIRET</dt>
            <dd safe>{formatSiret(org.siret)}</dd>
            <dt>Département</dt>
            <dd safe>{departementLabel(org)}</dd>
            <dt>Région</dt>
            <dd safe>{org.region_name ?? '—'}</dd>
          </dl>
          <h2 class="fr-h4 fr-mt-4w">Membres</h2>
          {members.length === 0 ? (
            <p>Aucun utilisateur actif dans cette organisation.</p>
          ) : (
            <Table caption="Utilisateurs de l’organisation" headers={['Nom', 'Adresse électronique']}>
              {members.map((m) => (
                <tr>
                  <td safe>{`${m.given_name} ${m.family_name}`}</td>
                  <td safe>{m.email}</td>
                </tr>
              ))}
            </Table>
          )}
        </Layout>,
      );
    },
  );
}
