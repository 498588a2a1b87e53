/**
 * Orienting a person to a catalogue service (issue 6 §5), by a professional of the pathway
 * (pathway.edit): from the service page, the choice of one of the actor's open pathways in the space
 * (catalogue.search), then the form of the pathway — the person's consent (required) and a message.
 * The form page names no one (« Parcours n° … »): nothing of the person is read, nothing to log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orientationTarget, MAX_ORIENTATION_MESSAGE } from '../../../../domains/catalogue/adapters/service-orientations.js';
import { orientToService } from '../../../../domains/catalogue/use-cases/service-orientation.js';
import { queueMail } from '../../../../app.js';
import { ErrorSummary, TextArea } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../../components/layout.js';
import { Breadcrumb, EmptyState } from '../../components/ui.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { catalogueSpace, searchConfig } from '../catalogue/catalogue-common.js';
import { choosePathway } from '../pathway/pathway-chooser.js';
import { EDIT, formFields, pathwayId } from '../pathway/pathway-common.js';

const serviceParam = (request: FastifyRequest): string => {
  const id = String((request.params as { serviceId?: string }).serviceId ?? '');
  if (!/^[\w:.-]{1,200}$/.test(id)) throw new HttpError(404);
  return id;
};

const LABELS = {
  consent: { id: 'orientation-accord', label: 'Accord de la personne' },
  message: { id: 'orientation-message', label: 'Message au service' },
  form: { id: 'orientation-envoi', label: 'Envoi' },
};

type Values = { message: string; consent: boolean };

function OrientForm({ ctx, id, service, values, errors }: { ctx: PageContext; id: number; service: { id: string; nom: string; structureNom: string; email: string | null }; values: Values; errors: Record<string, string | undefined> }) {
  const action = `/parcours/${id}/orienter-vers/${encodeURIComponent(service.id)}`;
  const consentError = errors.consent;
  const hint: string = `La situation de la personne, ce qu’elle attend du service, vos disponibilités. ${MAX_ORIENTATION_MESSAGE} caractères au plus. Le service recevra ce message, le prénom et l’initiale du nom de la personne, et vos coordonnées.`;
  const to: string = service.email ? `Le lien de réponse sera envoyé à ${service.email}.` : 'Ce service et sa structure n’ont pas de courriel : l’orientation ne peut pas leur être envoyée.';
  return (
    <form method="post" action={action} novalidate class="fr-col-12 fr-col-md-8" id={LABELS.form.id}>
      <CsrfField ctx={ctx} />
      <p safe>{to}</p>
      <div class={`fr-checkbox-group fr-mb-3w${consentError ? ' fr-checkbox-group--error' : ''}`}>
        <input type="checkbox" id={LABELS.consent.id} name="consent" value="oui" checked={values.consent} aria-describedby={consentError ? `${LABELS.consent.id}-erreur` : undefined} />
        <label class="fr-label" for={LABELS.consent.id}>
          La personne a donné son accord
          <span class="fr-hint-text">Son accord est enregistré avec la date et votre nom.</span>
        </label>
        {consentError ? (
          <p class="fr-error-text" id={`${LABELS.consent.id}-erreur`} safe>
            {consentError}
          </p>
        ) : (
          ''
        )}
      </div>
      <TextArea id={LABELS.message.id} name="message" label={LABELS.message.label} hint={hint} value={values.message} error={errors.message} rows={5} />
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button class="fr-btn" type="submit">
            Envoyer l’orientation
          </button>
        </li>
        <li>
          <a class="fr-btn fr-btn--secondary" href={`/parcours/${id}`}>
            Annuler
          </a>
        </li>
      </ul>
    </form>
  );
}

async function orientPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, values: Values, errors: Record<string, string | undefined>): Promise<FastifyReply> {
  const ctx = pageContext(request);
  const id = pathwayId(request);
  const pathway = await app.deps.db.selectFrom('pathway').select(['space_id', 'status']).where('id', '=', id).executeTakeFirst();
  if (!pathway) throw new HttpError(404);
  const service = await orientationTarget(app.deps.db, pathway.space_id, serviceParam(request));
  if (!service) throw new HttpError(404);
  const failed = Object.values(errors).some(Boolean);
  const title = `Orienter vers « ${service.nom} » – Parcours n° ${id}`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={failed ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: `Parcours n° ${id}`, href: `/parcours/${id}` }, { label: 'Orienter vers un service' }]} />
      <h1 safe>{`Orienter vers « ${service.nom} »`}</h1>
      <p class="fr-text--lead" safe>
        {`Service proposé par ${service.structureNom}. Parcours n° ${id}.`}
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      {pathway.status === 'open' ? <OrientForm ctx={ctx} id={id} service={service} values={values} errors={errors} /> : <EmptyState title="Le parcours est clos">On ne peut plus orienter la personne depuis ce parcours.</EmptyState>}
    </Layout>,
    failed ? 422 : 200,
  );
}

export function registerOrientPages(app: FastifyInstance): void {
  app.get('/spie/:spaceId/services/:serviceId/orienter', { config: searchConfig }, async (request, reply) => {
    const space = await catalogueSpace(request, app.deps);
    const service = await orientationTarget(app.deps.db, space.id, serviceParam(request));
    if (!service) throw new HttpError(404);
    return choosePathway(app, request, reply, {
      space,
      service,
      action: `/spie/${space.id}/services/${encodeURIComponent(service.id)}/orienter`,
      target: (chosen) => `/parcours/${chosen}/orienter-vers/${encodeURIComponent(service.id)}`,
      text: {
        title: `Orienter une personne vers « ${service.nom} »`,
        here: 'Orienter une personne',
        fieldId: 'orientation-parcours',
        required: 'Choisissez le parcours de la personne à orienter.',
        none: 'Vous n’êtes référent ou membre d’aucun parcours ouvert dans ce territoire. Ouvrez d’abord le parcours de la personne.',
      },
    });
  });

  app.get('/parcours/:id/orienter-vers/:serviceId', { config: EDIT }, (request, reply) => orientPage(app, request, reply, { message: '', consent: false }, {}));

  app.post('/parcours/:id/orienter-vers/:serviceId', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const fields = formFields(request);
    const values: Values = { message: fields.message ?? '', consent: fields.consent === 'oui' };
    const result = await orientToService(app.deps.db, { pathwayId: id, serviceId: serviceParam(request), message: values.message, consent: values.consent, actor: request.actor!, now: app.deps.clock() }, (m) => queueMail(app.deps, m), app.deps.config.publicUrl);
    if (!result.ok) return orientPage(app, request, reply, values, result.errors);
    return reply.redirect(`/parcours/${id}?ok=service-oriente#historique`, 303);
  });
}
