/** Public pages: home, sign-in choice, sign-out, legal pages, health check. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Layout, pageContext, SERVICE_NAME } from '../components/layout.js';
import { sendPage } from '../render.js';
import { endSession } from '../session.js';
import { safeReturnPath } from './sign-in-common.js';
import { allMigrationsApplied } from '../../db/database.js';

const PUBLIC = { authz: { action: 'public.view' as const } };

export function registerPublicRoutes(app: FastifyInstance): void {
  app.get('/healthz', { config: PUBLIC }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.deps.db);
      if (!(await allMigrationsApplied(app.deps.db))) return reply.status(503).send({ status: 'migrations en attente' });
      return { status: 'ok', database: app.deps.databaseKind };
    } catch {
      return reply.status(503).send({ status: 'base de données injoignable' });
    }
  });

  app.get('/', { config: PUBLIC }, async (request, reply) => {
    const ctx = pageContext(request);
    const tiles = ctx.nav.filter((n) => n.href !== '/');
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Accueil">
        <h1>{SERVICE_NAME}</h1>
        <p class="fr-text--lead">
          Une plateforme commune à l’État, aux départements et à leurs partenaires : appels à manifestation d’intérêt,
          candidatures des territoires, instruction, conventionnement, puis suivi des parcours d’insertion.
        </p>
        {ctx.actorName ? (
          <>
            <h2 class="fr-h4">Vos espaces</h2>
            <div class="fr-grid-row fr-grid-row--gutters">
              {tiles.map((t) => (
                <div class="fr-col-12 fr-col-md-4">
                  <div class="fr-tile fr-enlarge-link">
                    <div class="fr-tile__body">
                      <div class="fr-tile__content">
                        <h3 class="fr-tile__title">
                          <a href={t.href} safe>
                            {t.label}
                          </a>
                        </h3>
                      </div>
                    </div>
                  </div>
                </div>
              ))}
            </div>
          </>
        ) : (
          <div class="fr-callout">
            <h2 class="fr-callout__title">Agents publics et partenaires</h2>
            <p class="fr-callout__text">
              Connectez-vous avec ProConnect, l’identifiant des professionnels, pour accéder à votre espace.
            </p>
            <a class="fr-btn" href="/connexion">
              Se connecter
            </a>
          </div>
        )}
      </Layout>,
    );
  });

  app.get('/connexion', { config: PUBLIC }, async (request, reply) => {
    const ctx = pageContext(request);
    const safeRetour = safeReturnPath((request.query as Record<string, unknown>).retour);
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Se connecter">
        <div class="fr-grid-row fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
            <h1>Se connecter</h1>
            {ctx.oidcEnabled ? (
              <div class="fr-mb-4w">
                <h2 class="fr-h5">Avec ProConnect</h2>
                <p>ProConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion des professionnels.</p>
                <a class="fr-btn fr-btn--lg" href={`/connexion/proconnect${safeRetour ? `?retour=${encodeURIComponent(safeRetour)}` : ''}`}>
                  S’identifier avec ProConnect
                </a>
              </div>
            ) : (
              <div class="fr-alert fr-alert--info fr-mb-4w">
                <h2 class="fr-alert__title">ProConnect n’est pas configuré</h2>
                <p>L’administrateur doit renseigner OIDC_ISSUER, OIDC_CLIENT_ID et OIDC_CLIENT_SECRET.</p>
              </div>
            )}
            {ctx.demo ? (
              <div>
                <h2 class="fr-h5">Comptes de démonstration</h2>
                <p>Hors production, vous pouvez vous connecter avec un compte de démonstration de chaque rôle.</p>
                <a class="fr-btn fr-btn--secondary" href={`/connexion/demo${safeRetour ? `?retour=${encodeURIComponent(safeRetour)}` : ''}`}>
                  Choisir un compte de démonstration
                </a>
              </div>
            ) : (
              ''
            )}
          </div>
        </div>
      </Layout>,
    );
  });

  app.post('/deconnexion', { config: { authz: { action: 'session.signOut' } } }, async (request, reply) => {
    const endSessionUrl = typeof request.session?.data.oidcEndSessionUrl === 'string' ? request.session.data.oidcEndSessionUrl : null;
    await endSession(request, reply);
    return reply.redirect(endSessionUrl ?? '/');
  });

  const legal: Record<string, { title: string; body: string[] }> = {
    '/accessibilite': {
      title: 'Déclaration d’accessibilité',
      body: [
        'Le service s’engage à rendre son site accessible conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.',
        'État de conformité : non conforme, l’audit n’ayant pas encore été réalisé. Chaque page est vérifiée automatiquement (WCAG 2.1 A et AA) avant chaque mise en production.',
      ],
    },
    '/mentions-legales': {
      title: 'Mentions légales',
      body: ['Éditeur : ministère chargé du travail, de l’emploi et de l’insertion (DGEFP).', 'Code source ouvert, sous licence MIT.'],
    },
    '/donnees-personnelles': {
      title: 'Données personnelles',
      body: [
        'Les données des personnes accompagnées sont traitées pour la mission de service public d’insertion (RGPD, art. 6-1-e).',
        'Chaque consultation d’un dossier est tracée ; les parcours clos sont anonymisés après la durée de conservation fixée par le territoire.',
      ],
    },
  };
  for (const [url, page] of Object.entries(legal)) {
    app.get(url, { config: PUBLIC }, async (request, reply) => {
      const ctx = pageContext(request);
      return sendPage(
        reply,
        <Layout ctx={ctx} title={page.title}>
          <h1 safe>{page.title}</h1>
          {page.body.map((p) => (
            <p safe>{p}</p>
          ))}
        </Layout>,
      );
    });
  }
}
