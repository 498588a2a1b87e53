/**
 * Creating and editing a service of the actor's organisation (issue 6 §2): the record is validated
 * against the official schema before anything is saved; errors next to each field, input kept (422).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createService, updateService, type ServiceRow } from '../../../../domains/catalogue/adapters/services.js';
import { emptyServiceForm, formOfBody, formOfService, type ServiceFormErrors, type ServiceFormValues } from '../../../../domains/catalogue/entities/service-form.js';
import { ErrorSummary } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { sendPage } from '../../render.js';
import { ERROR_LABELS, FIELD_LABELS, ServiceFields } from './service-fields.js';
import { loadOwnedService, loadServicesSpace, servicesConfig, ServicesBreadcrumb, StatusBadge, type ServicesSpace } from './services-common.js';

/** The errors in the order of the fields on the page, for the summary. */
function inFormOrder(errors: ServiceFormErrors): ServiceFormErrors {
  return Object.fromEntries(Object.keys(FIELD_LABELS).flatMap((f) => (errors[f as keyof ServiceFormErrors] ? [[f, errors[f as keyof ServiceFormErrors]]] : [])));
}

function renderForm(request: FastifyRequest, reply: FastifyReply, where: ServicesSpace, service: ServiceRow | null, values: ServiceFormValues, errors: ServiceFormErrors, status = 200) {
  const ctx = pageContext(request);
  const title: string = service ? `Modifier « ${service.nom} »` : 'Nouveau service';
  const action = service ? `${where.base}/${encodeURIComponent(service.id)}` : `${where.base}/nouveau`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={status === 422 ? `Erreur : ${title}` : title}>
      <ServicesBreadcrumb space={where.space} here={service ? 'Modifier un service' : 'Nouveau service'} />
      <ErrorSummary errors={inFormOrder(errors)} labels={ERROR_LABELS} />
      <h1 safe>{title}</h1>
      {service ? (
        <div class="fr-mb-3w">
          <StatusBadge status={service.status} />
        </div>
      ) : (
        <p>Le service est créé en brouillon : vous le publierez depuis la liste de vos services, quand il sera prêt.</p>
      )}
      <p class="fr-text--sm">Les champs suivent le schéma national data·inclusion : seuls le nom et la description sont obligatoires.</p>
      <form method="post" action={action} novalidate class="fr-col-12 fr-col-md-10">
        <CsrfField ctx={ctx} />
        <ServiceFields values={values} errors={errors} />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button class="fr-btn" type="submit">
              {service ? 'Enregistrer le service' : 'Créer le brouillon'}
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={where.base}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </Layout>,
    status,
  );
}

export function registerServiceFormPage(app: FastifyInstance): void {
  const config = servicesConfig;

  app.get('/spie/:spaceId/mes-services/nouveau', { config }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    return renderForm(request, reply, where, null, emptyServiceForm(), {});
  });

  app.post('/spie/:spaceId/mes-services/nouveau', { config }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const values = formOfBody((request.body ?? {}) as Record<string, unknown>);
    const result = await createService(app.deps.db, { spaceId: where.space.id, organisationId: where.organisationId, values, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return renderForm(request, reply, where, null, values, result.errors, 422);
    return reply.redirect(`${where.base}?ok=cree`, 303);
  });

  app.get('/spie/:spaceId/mes-services/:serviceId', { config }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const service = await loadOwnedService(request, app.deps, where);
    return renderForm(request, reply, where, service, formOfService(service), {});
  });

  app.post('/spie/:spaceId/mes-services/:serviceId', { config }, async (request, reply) => {
    const where = await loadServicesSpace(request, app.deps);
    const service = await loadOwnedService(request, app.deps, where);
    const values = formOfBody((request.body ?? {}) as Record<string, unknown>);
    const result = await updateService(app.deps.db, { service, values, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return renderForm(request, reply, where, service, values, result.errors, 422);
    return reply.redirect(`${where.base}?ok=enregistre`, 303);
  });
}
