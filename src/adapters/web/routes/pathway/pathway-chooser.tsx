/**
 * From a catalogue service, which of the actor's open pathways it is for (orient the person to it, or
 * add it to the plan): the actor's pathways in a select, then a redirect to the chosen one's form.
 * Each person listed is a read of their record (SPIE-7).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logPersonAccessEach } from '../../../../domains/pathway/adapters/access-log.js';
import { ownOpenPathways } from '../../../../domains/pathway/adapters/pathways.js';
import { asText } from '../../components/checkboxes.js';
import { SelectField } from '../../components/form-fields.js';
import { Layout, pageContext } from '../../components/layout.js';
import { Breadcrumb, EmptyState } from '../../components/ui.js';
import { sendPage } from '../../render.js';
import { servicesPath } from '../catalogue/catalogue-common.js';

export interface ChooserText {
  title: string;
  /** The last crumb, after the service. */
  here: string;
  /** The field's id (one per page). */
  fieldId: string;
  /** Said next to the field when the form is sent without a choice. */
  required: string;
  /** Said when the actor has no open pathway. */
  none: string;
}

export async function choosePathway(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { space: { id: number; name: string }; service: { id: string; nom: string }; action: string; target: (pathwayId: number) => string; text: ChooserText },
): Promise<FastifyReply> {
  const { space, service, text } = input;
  const actor = request.actor!;
  const pathways = await ownOpenPathways(app.deps.db, space.id, actor.userId);
  const query = request.query as Record<string, unknown>;
  const chosen = Number(asText(query.parcours));
  if (pathways.some((w) => w.id === chosen)) return reply.redirect(input.target(chosen), 303);
  await logPersonAccessEach(app.deps.db, { reads: pathways.map((w) => ({ personId: w.person_id, pathwayId: w.id })), actor, action: 'own.pathways', now: app.deps.clock() });
  const submitted = query.parcours !== undefined;
  const servicePath = `${servicesPath(space.id)}/${encodeURIComponent(service.id)}`;
  return sendPage(
    reply,
    <Layout ctx={pageContext(request)} title={`${submitted ? 'Erreur : ' : ''}${text.title} – ${space.name}`}>
      <Breadcrumb
        items={[
          { label: 'Accueil', href: '/' },
          { label: 'Mon SPIE', href: '/spie' },
          { label: space.name, href: `/spie/${space.id}` },
          { label: 'Services d’insertion', href: servicesPath(space.id) },
          { label: service.nom, href: servicePath },
          { label: text.here },
        ]}
      />
      <h1 safe>{text.title}</h1>
      {pathways.length === 0 ? (
        <EmptyState title="Aucun parcours ouvert">
          <span safe>{text.none}</span>
        </EmptyState>
      ) : (
        <form method="get" action={input.action} novalidate class="fr-col-12 fr-col-md-6">
          <SelectField
            id={text.fieldId}
            name="parcours"
            label="Parcours de la personne"
            hint="Les parcours ouverts dont vous êtes référent ou membre."
            placeholder="Choisissez une personne"
            value=""
            options={pathways.map((w) => ({ value: String(w.id), label: `${w.given_name} ${w.family_name} (parcours n° ${w.id})` }))}
            error={submitted ? text.required : undefined}
          />
          <button class="fr-btn" type="submit">
            Continuer
          </button>
        </form>
      )}
    </Layout>,
    submitted ? 422 : 200,
  );
}
