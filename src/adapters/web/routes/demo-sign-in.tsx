/** Demo sign-in: pick a demo user of any role. Registered only outside production (issue 2 §4b). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../../domains/audit/adapters/audit-trail.js';
import { listUsersWithRoles } from '../../../domains/identity/adapters/users.js';
import { ROLES, isRole } from '../../../domains/identity/entities/role.js';
import { CsrfField, Layout, pageContext } from '../components/layout.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { ensureSession, startSession } from '../session.js';
import { signInRateLimit, safeReturnPath } from './sign-in-common.js';

const form = z.object({ userId: z.coerce.number().int().positive(), retour: z.string().optional() });

export function registerDemoSignIn(app: FastifyInstance): void {
  app.get('/connexion/demo', { config: { authz: { action: 'public.view' } } }, async (request, reply) => {
    await ensureSession(request, reply);
    const ctx = pageContext(request);
    const users = await listUsersWithRoles(app.deps.db, { demoOnly: true });
    const retour = safeReturnPath((request.query as Record<string, unknown>).retour);
    const byRole = Object.entries(ROLES).map(([role, meta]) => ({
      role,
      label: meta.label,
      users: users.filter((u) => u.assignments.some((a) => a.role === role)),
    }));
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Comptes de démonstration">
        <h1>Comptes de démonstration</h1>
        <div class="fr-alert fr-alert--warning fr-mb-4w">
          <h2 class="fr-alert__title">Environnement de démonstration</h2>
          <p>Cette page n’existe pas en production. Les données affichées sont fictives.</p>
        </div>
        {byRole.map((group) => (
          <section class="fr-mb-4w">
            <h2 class="fr-h5">
              {group.label}
            </h2>
            {group.users.length === 0 ? (
              <p>Aucun compte de démonstration pour ce rôle.</p>
            ) : (
              <ul class="fr-btns-group fr-btns-group--inline-md">
                {group.users.map((u) => (
                  <li>
                    <form method="post" action="/connexion/demo" class="spie-inline-form">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="userId" value={String(u.id)} />
                      <input type="hidden" name="retour" value={retour ?? ''} />
                      <button class="fr-btn fr-btn--secondary" type="submit" safe>
                        {`${u.name}${u.organisationName ? ` — ${u.organisationName}` : ''}`}
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </Layout>,
    );
  });

  app.post(
    '/connexion/demo',
    { config: { authz: { action: 'public.view' }, rateLimit: signInRateLimit(app.deps.config) } },
    async (request, reply) => {
      const parsed = form.safeParse(request.body);
      if (!parsed.success) throw new HttpError(400, 'Choisissez un compte de démonstration.');
      const users = await listUsersWithRoles(app.deps.db, { demoOnly: true });
      const user = users.find((u) => u.id === parsed.data.userId);
      if (!user || !user.assignments.some((a) => isRole(a.role))) throw new HttpError(400, 'Ce compte de démonstration n’existe pas.');
      await startSession(request, reply, user.id, { method: 'demo' });
      await recordAudit(app.deps.db, {
        actorUserId: user.id,
        actorLabel: user.name,
        action: 'session.signIn',
        objectType: 'user',
        objectId: user.id,
        summary: { method: 'demo' },
      }, app.deps.clock());
      return reply.redirect(safeReturnPath(parsed.data.retour) ?? '/tableau-de-bord');
    },
  );
}
