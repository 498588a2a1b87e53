/**
 * Closing a pathway (issue 5, SPIE-8): with its reason, after a confirmation. A closed pathway is kept
 * as it is, read only, until the territory's retention anonymises it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_CLOSE_REASON, closePathway } from '../../../../domains/pathway/adapters/pathways.js';
import { TextArea } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { Breadcrumb } from '../../components/ui.js';
import { sendPage } from '../../render.js';
import { EDIT, formFields, pathwayId, type PathwayView } from './pathway-common.js';

export function CloseSection({ view }: { view: PathwayView }) {
  if (!view.canEdit) return '';
  return (
    <section id="cloture" class="fr-mb-6w">
      <h2>Clôture</h2>
      <p>Quand l’accompagnement prend fin (emploi durable, déménagement, fin des droits…), clôturez le parcours en indiquant le motif. Il reste consultable, sans modification.</p>
      <a class="fr-btn fr-btn--secondary fr-icon-close-circle-line fr-btn--icon-left" href={`/parcours/${view.record.id}/clore`}>
        Clore le parcours
      </a>
    </section>
  );
}

/** The confirmation page carries no data of the person: nothing to log. */
async function closePage(request: FastifyRequest, reply: FastifyReply, values: { reason: string }, error?: string): Promise<FastifyReply> {
  const ctx = pageContext(request);
  const id = pathwayId(request);
  const title = `Clore le parcours n° ${id}`;
  const hint: string = `Par exemple : « Emploi durable (CDI) », « Déménagement hors du département ». ${MAX_CLOSE_REASON} caractères au plus.`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={error ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: `Parcours n° ${id}`, href: `/parcours/${id}` }, { label: 'Clore le parcours' }]} />
      <h1>Clore ce parcours ?</h1>
      {error ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title">Le parcours n’a pas été clos</h2>
          <p>
            <a href="#cloture-motif">Corrigez le motif</a> : votre saisie a été conservée.
          </p>
        </div>
      ) : (
        ''
      )}
      <div class="fr-alert fr-alert--warning fr-mb-3w">
        <p>Une fois clos, le parcours ne peut plus être modifié : ni diagnostic, ni plan, ni rendez-vous. Il reste consultable par ses membres, puis est anonymisé à la fin de la durée de conservation du territoire.</p>
      </div>
      <form method="post" action={`/parcours/${id}/clore`} novalidate class="fr-col-12 fr-col-md-8">
        <CsrfField ctx={ctx} />
        <TextArea id="cloture-motif" name="reason" label="Motif de clôture" hint={hint} value={values.reason} error={error} rows={3} />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button class="fr-btn" type="submit">
              Confirmer la clôture
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={`/parcours/${id}#cloture`}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </Layout>,
    error ? 422 : 200,
  );
}

export function registerCloseRoutes(app: FastifyInstance): void {
  app.get('/parcours/:id/clore', { config: EDIT }, (request, reply) => closePage(request, reply, { reason: '' }));

  app.post('/parcours/:id/clore', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const reason = formFields(request).reason ?? '';
    const result = await closePathway(app.deps.db, { pathwayId: id, reason, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return closePage(request, reply, { reason }, result.message);
    return reply.redirect(`/parcours/${id}?ok=clos`, 303);
  });
}
