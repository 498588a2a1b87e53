/** The list of the services of the actor's organisation (issue 6 §2): status, last update, « à revoir », actions. */
import type { FastifyInstance } from 'fastify';
import { pendingOrientationCount } from '../../../../domains/catalogue/adapters/service-orientations.js';
import { listOrganisationServices, type ServiceRow } from '../../../../domains/catalogue/adapters/services.js';
import { isReviewDue } from '../../../../domains/catalogue/entities/service-form.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../../components/layout.js';
import { EmptyState, formatParis, Table } from '../../components/ui.js';
import { sendPage } from '../../render.js';
import { formatDay, Notice, noticeOf } from '../pathway/space-common.js';
import { loadServicesSpace, ReviewBadge, servicesConfig, ServicesBreadcrumb, StatusBadge } from './services-common.js';

export const NOTICES = {
  cree: 'Le service est créé en brouillon. Publiez-le quand il est prêt.',
  enregistre: 'Le service est enregistré et marqué comme revu aujourd’hui.',
  published: 'Le service est publié : les professionnels du territoire le trouvent dans le catalogue.',
  draft: 'Le service est repassé en brouillon : il n’apparaît plus dans le catalogue.',
  archived: 'Le service est archivé : il n’apparaît plus dans le catalogue.',
  revu: 'Merci : le service est marqué comme à jour aujourd’hui.',
};

function StatusButton({ ctx, base, service, to, label }: { ctx: PageContext; base: string; service: ServiceRow; to: string; label: string }) {
  return (
    <form method="post" action={`${base}/${encodeURIComponent(service.id)}/statut`} class="spie-inline-form">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="to" value={to} />
      <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
        <span safe>{label}</span>
        <span class="fr-sr-only" safe>
          {` : ${service.nom}`}
        </span>
      </button>
    </form>
  );
}

function Actions({ ctx, base, service, now }: { ctx: PageContext; base: string; service: ServiceRow; now: Date }) {
  const href = `${base}/${encodeURIComponent(service.id)}`;
  return (
    <ul class="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
      <li>
        <a class="fr-btn fr-btn--sm fr-btn--secondary" href={href}>
          Modifier
          <span class="fr-sr-only" safe>
            {` : ${service.nom}`}
          </span>
        </a>
      </li>
      {service.status === 'draft' ? (
        <li>
          <StatusButton ctx={ctx} base={base} service={service} to="published" label="Publier" />
        </li>
      ) : (
        ''
      )}
      {service.status === 'published' ? (
        <>
          <li>
            <StatusButton ctx={ctx} base={base} service={service} to="draft" label="Repasser en brouillon" />
          </li>
          <li>
            <a class="fr-btn fr-btn--sm fr-btn--tertiary" href={`${href}/archiver`}>
              Archiver…
              <span class="fr-sr-only" safe>
                {` : ${service.nom}`}
              </span>
            </a>
          </li>
        </>
      ) : (
        ''
      )}
      {service.status === 'archived' ? (
        <li>
          <StatusButton ctx={ctx} base={base} service={service} to="draft" label="Remettre en brouillon" />
        </li>
      ) : (
        ''
      )}
      {service.status !== 'archived' && isReviewDue(service.reviewed_at, now) ? (
        <li>
          <form method="post" action={`${href}/a-jour`} class="spie-inline-form">
            <CsrfField ctx={ctx} />
            <button class="fr-btn fr-btn--sm" type="submit">
              Je confirme que ce service est à jour
              <span class="fr-sr-only" safe>
                {` : ${service.nom}`}
              </span>
            </button>
          </form>
        </li>
      ) : (
        ''
      )}
    </ul>
  );
}

export function registerServicesListPage(app: FastifyInstance): void {
  app.get('/spie/:spaceId/mes-services', { config: servicesConfig }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const ctx = pageContext(request);
    const now = app.deps.clock();
    const [services, pending] = await Promise.all([
      listOrganisationServices(app.deps.db, where.space.id, where.organisationId),
      pendingOrientationCount(app.deps.db, { spaceId: where.space.id, organisationId: where.organisationId, now }),
    ]);
    const pendingText: string = pending === 0 ? 'Orientations reçues' : `Orientations reçues (${pending} en attente de réponse)`;
    const due = services.filter((s) => s.status !== 'archived' && isReviewDue(s.reviewed_at, now)).length;
    const title = `Mes services — ${where.space.name}`;
    const dueText: string = `${due === 1 ? 'Un service n’a' : `${due} services n’ont`} pas été revu${due === 1 ? '' : 's'} depuis plus de 6 mois : vérifiez-${due === 1 ? 'le' : 'les'}, puis enregistrez ou confirmez ${due === 1 ? 'qu’il est' : 'qu’ils sont'} à jour.`;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <ServicesBreadcrumb space={where.space} />
        <Notice text={noticeOf(request, NOTICES)} />
        <h1 safe>{title}</h1>
        <p>Les services de votre structure dans le catalogue du territoire, au format national data·inclusion. Seuls les services publiés sont visibles des autres professionnels.</p>
        {due > 0 ? (
          <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
            <p safe>{dueText}</p>
          </div>
        ) : (
          ''
        )}
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href={`${where.base}/nouveau`}>
              Ajouter un service
            </a>
          </li>
          <li>
            <a class={`fr-btn ${pending > 0 ? 'fr-btn--secondary' : 'fr-btn--tertiary'} fr-icon-mail-line fr-btn--icon-left`} href={`${where.base}/orientations`} safe>
              {pendingText}
            </a>
          </li>
        </ul>
        {services.length === 0 ? (
          <EmptyState title="Aucun service pour l’instant">
            <p>Décrivez les services de votre structure (accompagnement, atelier, aide…) pour que les professionnels du territoire puissent y orienter les personnes.</p>
          </EmptyState>
        ) : (
          <Table caption={`Services de votre structure (${services.length})`} headers={['Service', 'Statut', 'Dernière mise à jour', 'Revu le', 'Actions']}>
            {services.map((s) => (
              <tr>
                <td safe>{s.nom}</td>
                <td>
                  <StatusBadge status={s.status} />
                </td>
                <td class="spie-nowrap" safe>
                  {formatDay(s.date_maj)}
                </td>
                <td>
                  <span class="spie-nowrap" safe>
                    {formatParis(s.reviewed_at)}
                  </span>
                  {s.status !== 'archived' ? <ReviewBadge reviewedAt={s.reviewed_at} now={now} /> : ''}
                </td>
                <td>
                  <Actions ctx={ctx} base={where.base} service={s} now={now} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Layout>,
    );
  });
}
