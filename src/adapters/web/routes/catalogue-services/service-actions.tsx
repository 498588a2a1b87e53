/**
 * The life cycle of a service (issue 6 §2): publish, back to draft, archive after a confirmation page;
 * and « Je confirme que ce service est à jour ».
 */
import type { FastifyInstance } from 'fastify';
import { changeServiceStatus, confirmServiceReviewed } from '../../../../domains/catalogue/adapters/services.js';
import { canChangeStatus, isServiceStatus } from '../../../../domains/catalogue/entities/service-form.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { loadOwnedService, loadServicesSpace, servicesConfig, ServicesBreadcrumb } from './services-common.js';

export function registerServiceActions(app: FastifyInstance): void {
  const config = servicesConfig;

  app.get('/spie/:spaceId/mes-services/:serviceId/archiver', { config }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const service = await loadOwnedService(request, app.deps, where);
    if (!canChangeStatus(service.status, 'archived')) return reply.redirect(where.base, 303);
    const ctx = pageContext(request);
    const title: string = `Archiver « ${service.nom} » ?`;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title}>
        <ServicesBreadcrumb space={where.space} here="Archiver un service" />
        <h1 safe>{title}</h1>
        <p>Le service n’apparaîtra plus dans le catalogue du territoire ni dans l’export data·inclusion. Vous pourrez le remettre en brouillon plus tard.</p>
        <form method="post" action={`${where.base}/${encodeURIComponent(service.id)}/statut`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="to" value="archived" />
          <input type="hidden" name="confirme" value="oui" />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button class="fr-btn" type="submit">
                Oui, archiver le service
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href={where.base}>
                Non, revenir à mes services
              </a>
            </li>
          </ul>
        </form>
      </Layout>,
    );
  });

  app.post('/spie/:spaceId/mes-services/:serviceId/statut', { config }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const service = await loadOwnedService(request, app.deps, where);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const to = typeof body.to === 'string' ? body.to : '';
    if (!isServiceStatus(to)) throw new HttpError(400);
    // Archiving asks first: without the confirmation, back to the question.
    if (to === 'archived' && body.confirme !== 'oui') return reply.redirect(`${where.base}/${encodeURIComponent(service.id)}/archiver`, 303);
    const changed = await changeServiceStatus(app.deps.db, { service, to, actor: request.actor!, now: app.deps.clock() });
    return reply.redirect(changed ? `${where.base}?ok=${to}` : where.base, 303);
  });

  app.post('/spie/:spaceId/mes-services/:serviceId/a-jour', { config }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const service = await loadOwnedService(request, app.deps, where);
    await confirmServiceReviewed(app.deps.db, { service, actor: request.actor!, now: app.deps.clock() });
    return reply.redirect(`${where.base}?ok=revu`, 303);
  });
}
