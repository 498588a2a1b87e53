/** The operating space of a territory (issue 5 §1, §2, §5): people search, opening a pathway, « à orienter » queue, professionals. */
import type { FastifyInstance } from 'fastify';
import { authorize } from '../../../../domains/authorization/authorize.js';
import { checkPersonQuery } from '../../../../domains/pathway/adapters/people.js';
import { spaceAuthzObject, spacesOf } from '../../../../domains/pathway/adapters/spaces.js';
import { findCandidates } from '../../../../domains/pathway/use-cases/find-candidates.js';
import { Layout, pageContext } from '../../components/layout.js';
import { Breadcrumb, EmptyState } from '../../components/ui.js';
import { sendPage } from '../../render.js';
import { loadSpace, noticeOf, spaceObject } from './space-common.js';
import { EMPTY_SEARCH, renderSpaceHome, searchValuesOf } from './space-home.js';
import { registerSpaceMergeRoutes } from './space-merge.js';
import { registerSpaceOrientationRoutes } from './space-orientation.js';
import { registerSpacePeopleRoutes } from './space-people.js';
import { registerSpaceProfessionalRoutes } from './space-professionals.js';
import { registerSpaceSettingsRoutes } from './space-settings.js';

const HOME_NOTICES: Record<string, string> = {
  fusion: 'Les deux fiches ont été fusionnées : la fiche conservée reprend les parcours et le journal des consultations de l’autre.',
  quitte: 'Vous avez quitté le parcours : vous n’y avez plus accès ; ce que vous y avez écrit reste.',
};

export async function registerSpaceRoutes(app: FastifyInstance): Promise<void> {
  // The professionals and coordinators see the spaces they work in; each space listed is one they may open.
  app.get('/spie', { config: { authz: { action: 'space.list' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const actor = request.actor!;
    const spaces = [];
    for (const space of await spacesOf(app.deps.db, actor)) {
      const object = await spaceAuthzObject(app.deps.db, space.id);
      if (object && authorize(actor, 'space.view', object).allowed) spaces.push(space);
    }
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Mon SPIE">
        <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Mon SPIE' }]} />
        <h1>Mon SPIE</h1>
        {spaces.length === 0 ? (
          <EmptyState title="Vous ne travaillez dans aucun espace SPIE pour l’instant">
            <p>Le coordinateur du SPIE de votre territoire invite les professionnels des organisations membres. Demandez-lui de vous inviter : vous recevrez un courriel.</p>
          </EmptyState>
        ) : (
          <>
            <p>Les espaces du service public de l’insertion et de l’emploi où vous accompagnez des personnes :</p>
            <ul>
              {spaces.map((s) => (
                <li>
                  <a class="fr-link" href={`/spie/${s.id}`} safe>
                    {`${s.name} (${s.departement_code})`}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </Layout>,
    );
  });

  app.get('/spie/:spaceId', { config: { authz: { action: 'space.view', object: spaceObject } } }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    return renderSpaceHome(app, request, reply, space, { values: EMPTY_SEARCH, errors: {}, candidates: null, notice: noticeOf(request, HOME_NOTICES) });
  });

  // A POST: the results reveal people's data, so they are neither bookmarked nor kept in the history.
  app.post('/spie/:spaceId/recherche', { config: { authz: { action: 'person.search', object: spaceObject } } }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const values = searchValuesOf((request.body ?? {}) as Record<string, unknown>);
    const check = checkPersonQuery(values);
    if (!check.ok) return renderSpaceHome(app, request, reply, space, { values, errors: check.errors, candidates: null }, 422);
    const candidates = await findCandidates(app.deps.db, { spaceId: space.id, query: check.query, actor: request.actor!, now: app.deps.clock() });
    return renderSpaceHome(app, request, reply, space, { values, errors: {}, candidates });
  });

  await registerSpacePeopleRoutes(app);
  await registerSpaceMergeRoutes(app);
  await registerSpaceOrientationRoutes(app);
  await registerSpaceProfessionalRoutes(app);
  await registerSpaceSettingsRoutes(app);
}
