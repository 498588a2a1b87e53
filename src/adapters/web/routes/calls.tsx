/** AMI calls: the list, one call's page; the national team creates, edits, publishes and closes them (AMI-1). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../../../domains/authorization/authorize.js';
import { callAuthzObject, getCall, listCalls, moveCall } from '../../../domains/ami/adapters/calls.js';
import { EXPENSE_CATEGORIES } from '../../../domains/ami/entities/application-content.js';
import { callStatusLabel, type CallStatus } from '../../../domains/ami/entities/call-status.js';
import { formatParisDateTime, isBeforeDeadline } from '../../../domains/ami/entities/deadline.js';
import { formatEuros } from '../../../domains/ami/entities/money.js';
import { formatRateBp } from '../../../domains/ami/entities/self-funding.js';
import { CsrfField, Layout, pageContext } from '../components/layout.js';
import { Breadcrumb, EmptyState, Table } from '../components/ui.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { idParam } from './application-common.js';

const STATUS_BADGE: Record<string, string> = { draft: 'fr-badge--info', published: 'fr-badge--success', closed: 'fr-badge--warning', decided: 'fr-badge--new' };

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`fr-badge fr-badge--no-icon ${STATUS_BADGE[status] ?? ''}`} safe>
      {callStatusLabel(status)}
    </span>
  );
}

export const callObject = {
  object: (request: FastifyRequest, deps: { db: Parameters<typeof callAuthzObject>[0] }) => callAuthzObject(deps.db, idParam(request)),
};

export function registerCallRoutes(app: FastifyInstance): void {
  app.get('/appels', { config: { authz: { action: 'call.list' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const actor = request.actor!;
    const canManage = authorize(actor, 'call.manage').allowed;
    const calls = await listCalls(app.deps.db, { includeDrafts: canManage });
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Appels à manifestation d’intérêt">
        <h1>Appels à manifestation d’intérêt</h1>
        {canManage ? (
          <p>
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/appels/nouveau">
              Créer un appel
            </a>
          </p>
        ) : (
          ''
        )}
        {calls.length === 0 ? (
          <EmptyState title="Aucun appel">
            <p>Aucun appel n’est publié pour le moment.</p>
          </EmptyState>
        ) : (
          <Table caption="Appels, du plus récent au plus ancien" headers={['Appel', 'État', 'Ouverture', 'Date limite (heure de Paris)', 'Lauréats']}>
            {calls.map((c) => (
              <tr>
                <td>
                  <a href={`/appels/${c.id}`} safe>
                    {c.title}
                  </a>
                </td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td safe>{formatParisDateTime(c.opens_at).split(' à ')[0]}</td>
                <td safe>{formatParisDateTime(c.deadline_at)}</td>
                <td safe>{String(c.laureate_slots)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Layout>,
    );
  });

  app.get('/appels/:id', { config: { authz: { action: 'call.view', ...callObject } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const actor = request.actor!;
    const call = (await getCall(app.deps.db, idParam(request)))!;
    const canManage = authorize(actor, 'call.manage').allowed;
    const canDecide = authorize(actor, 'call.decide').allowed && call.status !== 'draft';
    const canApply = authorize(actor, 'application.create').allowed && call.status === 'published' && isBeforeDeadline(app.deps.clock(), call.deadline_at);
    const names = await app.deps.db.selectFrom('departement').select(['code', 'name']).where('code', 'in', call.excluded_territories.length ? call.excluded_territories : ['']).orderBy('code').execute();
    const notice = (request.query as Record<string, unknown>).ok;
    const excludedText: string = names.length ? names.map((n) => `${n.name} (${n.code})`).join(', ') : 'Aucun';
    return sendPage(
      reply,
      <Layout ctx={ctx} title={call.title}>
        <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Appels', href: '/appels' }, { label: call.title }]} />
        {notice === 'enregistre' || notice === 'statut' ? (
          <div class="fr-alert fr-alert--success fr-mb-3w">
            <p>{notice === 'enregistre' ? 'L’appel a été enregistré.' : 'L’état de l’appel a été changé.'}</p>
          </div>
        ) : (
          ''
        )}
        <h1 safe>{call.title}</h1>
        <p>
          <StatusBadge status={call.status} />
        </p>
        <p class="fr-text--lead" safe>
          {call.description}
        </p>
        <dl>
          <dt>Ouverture</dt>
          <dd safe>{formatParisDateTime(call.opens_at)}</dd>
          <dt>Date limite de dépôt (heure de Paris)</dt>
          <dd safe>{formatParisDateTime(call.deadline_at)}</dd>
          <dt>Nombre de lauréats</dt>
          <dd safe>{String(call.laureate_slots)}</dd>
          <dt>Subvention de l’État, au plus par territoire</dt>
          <dd safe>{formatEuros(call.max_grant_cents)}</dd>
          <dt>Autofinancement minimal</dt>
          <dd safe>{formatRateBp(call.min_self_funding_rate_bp)}</dd>
          <dt>Dépenses éligibles</dt>
          <dd safe>{call.eligible_expense_categories.map((c) => (EXPENSE_CATEGORIES as Record<string, string>)[c] ?? c).join(' ; ')}</dd>
          <dt>Territoires non concernés (expérimentations 2020, crédits complémentaires)</dt>
          <dd safe>{excludedText}</dd>
        </dl>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
          {canApply ? (
            <li>
              <a class="fr-btn" href={`/candidatures/nouvelle?appel=${call.id}`}>
                Préparer une candidature
              </a>
            </li>
          ) : (
            ''
          )}
          {canDecide ? (
            <li>
              <a class="fr-btn" href={`/appels/${call.id}/decision`}>
                Tableau comparatif et décision
              </a>
            </li>
          ) : (
            ''
          )}
          {canManage ? (
            <li>
              <a class="fr-btn fr-btn--secondary" href={`/appels/${call.id}/grille`}>
                Grille d’évaluation
              </a>
            </li>
          ) : (
            ''
          )}
          {canManage && call.status !== 'decided' ? (
            <li>
              <a class="fr-btn fr-btn--secondary" href={`/appels/${call.id}/modifier`}>
                Modifier
              </a>
            </li>
          ) : (
            ''
          )}
          {canManage && call.status === 'draft' ? (
            <li>
              <form method="post" action={`/appels/${call.id}/statut`}>
                <CsrfField ctx={ctx} />
                <input type="hidden" name="to" value="published" />
                <button class="fr-btn fr-btn--secondary" type="submit">
                  Publier l’appel
                </button>
              </form>
            </li>
          ) : (
            ''
          )}
          {canManage && call.status === 'published' ? (
            <li>
              <a class="fr-btn fr-btn--tertiary" href={`/appels/${call.id}/cloturer`}>
                Clore l’appel…
              </a>
            </li>
          ) : (
            ''
          )}
        </ul>
        {authorize(actor, 'call.export', { type: 'call', id: call.id, status: call.status }).allowed ? (
          <p class="fr-mt-2w">
            Candidatures de votre périmètre :{' '}
            <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/appels/${call.id}/export.xlsx`}>
              tableur (XLSX)
            </a>{' '}
            ou{' '}
            <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/appels/${call.id}/export.csv`}>
              CSV
            </a>
          </p>
        ) : (
          ''
        )}
        {authorize(actor, 'call.export', { type: 'call', id: call.id, status: call.status }).allowed ? (
          <form method="post" action={`/appels/${call.id}/exports`} class="fr-mt-2w">
            <CsrfField ctx={ctx} />
            <p class="fr-mb-1w">Beaucoup de candidatures ? Préparez l’export en arrière-plan et suivez sa progression :</p>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
              <li>
                <button class="fr-btn fr-btn--secondary fr-icon-file-download-line fr-btn--icon-left" type="submit" name="format" value="csv">
                  Préparer l’export CSV
                </button>
              </li>
              <li>
                <button class="fr-btn fr-btn--secondary fr-icon-file-download-line fr-btn--icon-left" type="submit" name="format" value="xlsx">
                  Préparer l’export XLSX
                </button>
              </li>
            </ul>
          </form>
        ) : (
          ''
        )}
      </Layout>,
    );
  });

  const manage = { authz: { action: 'call.manage' as const } };

  app.get('/appels/:id/cloturer', { config: manage }, async (request, reply) => {
    const ctx = pageContext(request);
    const call = await getCall(app.deps.db, idParam(request));
    if (!call) throw new HttpError(404);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={`Clore ${call.title}`}>
        <h1 safe>{`Clore « ${call.title} » ?`}</h1>
        <div class="fr-alert fr-alert--warning fr-mb-3w">
          <p>Une fois l’appel clos, plus aucune candidature ne peut y être déposée, même avant la date limite. Les brouillons restent consultables.</p>
        </div>
        <form method="post" action={`/appels/${call.id}/statut`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="to" value="closed" />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button class="fr-btn" type="submit">
                Confirmer la clôture
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href={`/appels/${call.id}`}>
                Annuler
              </a>
            </li>
          </ul>
        </form>
      </Layout>,
    );
  });

  app.post('/appels/:id/statut', { config: manage }, async (request, reply) => {
    const id = idParam(request);
    const to = (request.body as Record<string, unknown> | undefined)?.to;
    if (to !== 'published' && to !== 'closed' && to !== 'decided') throw new HttpError(400, 'Changement d’état inconnu.');
    const moved = await moveCall(app.deps.db, id, to as CallStatus, request.actor!, app.deps.clock());
    if (!moved) throw new HttpError(409, 'Cet appel ne peut pas passer dans cet état (il a peut-être déjà changé).');
    return reply.redirect(`/appels/${id}?ok=statut`, 303);
  });
}
