/** National team's administration: users and roles, audit trail with filters, outbox of sent mails. */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditActionLabel } from '../../../domains/audit/entities/audit-action-labels.js';
import { distinctAuditActions, listAudit } from '../../../domains/audit/adapters/audit-trail.js';
import { listUsersWithRoles } from '../../../domains/identity/adapters/users.js';
import { ROLES, isRole } from '../../../domains/identity/entities/role.js';
import { startOfNextParisDay, startOfParisDay } from '../../../domains/shared/paris-time.js';
import { Layout, pageContext } from '../components/layout.js';
import { EmptyState, Table, formatParis } from '../components/ui.js';
import { sendPage } from '../render.js';

const PAGE_SIZE = 50;

const auditQuery = z.object({
  action: z.string().max(100).optional().default(''),
  utilisateur: z.string().max(20).optional().default(''),
  objet: z.string().max(100).optional().default(''),
  du: z.string().max(10).optional().default(''),
  au: z.string().max(10).optional().default(''),
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
});

export function registerAdminRoutes(app: FastifyInstance): void {
  app.get('/admin/utilisateurs', { config: { authz: { action: 'user.list' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const users = await listUsersWithRoles(app.deps.db);
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Utilisateurs">
        <h1>Utilisateurs</h1>
        <Table caption={`${users.length} utilisateurs actifs`} headers={['Nom', 'Adresse électronique', 'Organisation', 'Rôles']}>
          {users.map((u) => (
            <tr>
              <td safe>{u.name}</td>
              <td safe>{u.email}</td>
              <td safe>{u.organisationName ?? '—'}</td>
              <td safe>
                {u.assignments
                  .map((a) => `${isRole(a.role) ? ROLES[a.role].label : a.role}${a.perimeterCode ? ` (${a.perimeterKind} ${a.perimeterCode})` : ''}`)
                  .join(' ; ')}
              </td>
            </tr>
          ))}
        </Table>
      </Layout>,
    );
  });

  app.get('/admin/journal', { config: { authz: { action: 'audit.read' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const parsed = auditQuery.safeParse(request.query);
    const q = parsed.success ? parsed.data : auditQuery.parse({});
    const errors: Record<string, string> = {};
    const from = q.du ? startOfParisDay(q.du) : undefined;
    const to = q.au ? startOfNextParisDay(q.au) : undefined;
    if (from === null) errors.du = 'Date invalide : utilisez le format JJ/MM/AAAA.';
    if (to === null) errors.au = 'Date invalide : utilisez le format JJ/MM/AAAA.';
    const actorId = q.utilisateur ? Number(q.utilisateur) : undefined;
    const [actions, users] = await Promise.all([distinctAuditActions(app.deps.db), listUsersWithRoles(app.deps.db)]);
    const rows = await listAudit(app.deps.db, {
      action: q.action || undefined,
      actorUserId: actorId !== undefined && Number.isSafeInteger(actorId) ? actorId : undefined,
      objectType: q.objet || undefined,
      from: from ?? undefined,
      to: to ?? undefined,
      limit: PAGE_SIZE + 1,
      offset: (q.page - 1) * PAGE_SIZE,
    });
    const hasNext = rows.length > PAGE_SIZE;
    const shown = rows.slice(0, PAGE_SIZE);
    const params = (page: number) =>
      `/admin/journal?${new URLSearchParams({ action: q.action, utilisateur: q.utilisateur, objet: q.objet, du: q.du, au: q.au, page: String(page) }).toString()}`;
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Journal d’audit">
        <h1>Journal d’audit</h1>
        <p>
          Chaque action et chaque refus d’accès y sont inscrits, sans modification possible. Chaque ligne est chaînée à la précédente
          par une empreinte SHA-256 ; la commande <code>npm run cli -- audit:verify</code> vérifie la chaîne.
        </p>
        <form method="get" action="/admin/journal" class="fr-mb-4w">
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Filtrer le journal</legend>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <div class="fr-select-group">
                <label class="fr-label" for="filtre-action">
                  Action
                </label>
                <select class="fr-select" id="filtre-action" name="action">
                  <option value="">Toutes les actions</option>
                  {actions.map((a) => (
                    <option value={a} selected={a === q.action} safe>
                      {auditActionLabel(a)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <div class="fr-select-group">
                <label class="fr-label" for="filtre-utilisateur">
                  Auteur
                </label>
                <select class="fr-select" id="filtre-utilisateur" name="utilisateur">
                  <option value="">Tous les auteurs</option>
                  {users.map((u) => (
                    <option value={String(u.id)} selected={String(u.id) === q.utilisateur} safe>
                      {u.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <div class="fr-input-group">
                <label class="fr-label" for="filtre-objet">
                  Type d’objet
                  <span class="fr-hint-text">Par exemple : organisation, user, route</span>
                </label>
                <input class="fr-input" id="filtre-objet" name="objet" value={q.objet} />
              </div>
            </div>
            <DateField id="filtre-du" name="du" label="Du (date de Paris)" value={q.du} error={errors.du} />
            <DateField id="filtre-au" name="au" label="Au (inclus)" value={q.au} error={errors.au} />
            <div class="fr-fieldset__element">
              <button class="fr-btn" type="submit">
                Filtrer
              </button>
            </div>
          </fieldset>
        </form>
        {shown.length === 0 ? (
          <EmptyState title="Aucune entrée">
            <p>Aucune entrée du journal ne correspond à ces critères.</p>
          </EmptyState>
        ) : (
          <Table caption="Entrées du journal, les plus récentes d’abord" headers={['N°', 'Date (Paris)', 'Auteur', 'Action', 'Objet', 'Détail']}>
            {shown.map((r) => (
              <tr>
                <td safe>{String(r.id)}</td>
                <td class="spie-nowrap" safe>
                  {formatParis(r.occurred_at)}
                </td>
                <td safe>{r.actor_label}</td>
                <td safe>{auditActionLabel(r.action)}</td>
                <td safe>{`${r.object_type}${r.object_id ? ` ${r.object_id}` : ''}`}</td>
                <td safe>{JSON.stringify(r.summary)}</td>
              </tr>
            ))}
          </Table>
        )}
        <nav role="navigation" class="fr-pagination" aria-label="Pagination">
          <ul class="fr-pagination__list">
            <li>
              {q.page > 1 ? (
                <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" href={params(q.page - 1)}>
                  Page précédente
                </a>
              ) : (
                <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" aria-disabled="true" role="link">
                  Page précédente
                </a>
              )}
            </li>
            <li>
              <a class="fr-pagination__link" aria-current="page" title={`Page ${q.page}`} safe>
                {String(q.page)}
              </a>
            </li>
            <li>
              {hasNext ? (
                <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" href={params(q.page + 1)}>
                  Page suivante
                </a>
              ) : (
                <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" aria-disabled="true" role="link">
                  Page suivante
                </a>
              )}
            </li>
          </ul>
        </nav>
      </Layout>,
    );
  });

  app.get('/admin/courriels', { config: { authz: { action: 'outbox.read' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const mails = await app.deps.db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(100).execute();
    // SPIE-7: mails to the people accompanied (appointments, sign-in links) are theirs, not the national
    // team's: only mails to agents show their text here; the others show who, when and the subject.
    const agentAddresses = new Set(
      (
        await app.deps.db
          .selectFrom('app_user as u')
          .innerJoin('role_assignment as r', 'r.user_id', 'u.id')
          .select(sql<string>`lower(u.email)`.as('email'))
          .where('r.role', '!=', 'person')
          .execute()
      ).map((u) => u.email),
    );
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Courriels envoyés">
        <h1>Courriels envoyés</h1>
        <p>
          {app.deps.mailer.transport === 'outbox'
            ? 'Aucun serveur SMTP n’est configuré : les courriels ne partent pas, ils sont conservés ici.'
            : 'Les courriels partent par le serveur SMTP configuré ; en voici la trace.'}
        </p>
        {mails.length === 0 ? (
          <EmptyState title="Aucun courriel">
            <p>Aucun courriel n’a encore été envoyé.</p>
          </EmptyState>
        ) : (
          mails.map((m) => (
            <section class="fr-card fr-mb-2w">
              <div class="fr-card__body">
                <div class="fr-card__content">
                  <h2 class="fr-card__title fr-h6" safe>
                    {m.subject}
                  </h2>
                  <p class="fr-card__detail" safe>
                    {`À ${m.to_address} — ${formatParis(m.created_at)} — ${m.transport}`}
                  </p>
                  {agentAddresses.has(m.to_address.toLowerCase()) ? (
                    <pre class="fr-card__desc" safe>
                      {m.text_body}
                    </pre>
                  ) : (
                    <p class="fr-card__desc fr-text--sm">Contenu masqué : ce courriel est adressé à une personne accompagnée ou à une adresse sans compte d’agent.</p>
                  )}
                </div>
              </div>
            </section>
          ))
        )}
      </Layout>,
    );
  });
}

function DateField({ id, name, label, value, error }: { id: string; name: string; label: string; value: string; error: string | undefined }) {
  return (
    <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
      <div class={`fr-input-group${error ? ' fr-input-group--error' : ''}`}>
        <label class="fr-label" for={id} safe>
          {label}
        </label>
        <input class="fr-input" type="date" id={id} name={name} value={value} aria-describedby={error ? `${id}-erreur` : undefined} />
        {error ? (
          <p class="fr-error-text" id={`${id}-erreur`} safe>
            {error}
          </p>
        ) : (
          ''
        )}
      </div>
    </div>
  );
}
