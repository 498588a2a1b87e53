import type { PropsWithChildren } from '@kitajs/html';
import type { FastifyRequest } from 'fastify';
import { navigationFor } from './navigation.js';

export const SERVICE_NAME = 'Service public de l’insertion et de l’emploi';

export interface PageContext {
  path: string;
  actorName: string | null;
  csrfToken: string | null;
  nav: { label: string; href: string }[];
  demo: boolean;
  oidcEnabled: boolean;
}

export function pageContext(request: FastifyRequest): PageContext {
  const deps = request.server.deps;
  return {
    path: request.url.split('?')[0] ?? '/',
    actorName: request.actor?.displayName ?? null,
    csrfToken: request.session?.csrfToken ?? null,
    nav: navigationFor(request.actor),
    demo: deps.config.demo,
    oidcEnabled: deps.config.oidc !== null,
  };
}

function isCurrent(path: string, href: string, all: { href: string }[]): boolean {
  if (href === '/') return path === '/';
  const matches = (h: string) => path === h.split('?')[0] || path.startsWith(`${h.split('?')[0]}/`);
  // The most specific entry wins: "Mon organisation" rather than "Organisations" on one's own page.
  const best = all.filter((e) => e.href !== '/' && matches(e.href)).sort((a, b) => b.href.length - a.href.length)[0];
  return best?.href === href && !href.includes('?');
}

export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />;
}

function Header({ ctx }: { ctx: PageContext }) {
  return (
    <header role="banner" class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <p class="fr-logo">
                    République
                    <br />
                    Française
                  </p>
                </div>
                <div class="fr-header__navbar">
                  <button
                    class="fr-btn--menu fr-btn"
                    data-fr-opened="false"
                    aria-controls="modal-menu"
                    aria-haspopup="menu"
                    id="button-menu"
                    title="Menu"
                    type="button"
                  >
                    Menu
                  </button>
                </div>
              </div>
              <div class="fr-header__service">
                <a href="/" title={`Accueil - ${SERVICE_NAME}`}>
                  <p class="fr-header__service-title">{SERVICE_NAME}</p>
                </a>
                <p class="fr-header__service-tagline">AMI, candidatures et parcours d’insertion</p>
              </div>
            </div>
            <div class="fr-header__tools">
              <div class="fr-header__tools-links">
                <ToolLinks ctx={ctx} />
              </div>
            </div>
          </div>
        </div>
      </div>
      <div class="fr-header__menu fr-modal" id="modal-menu" aria-labelledby="button-menu">
        <div class="fr-container">
          <button class="fr-btn--close fr-btn" aria-controls="modal-menu" title="Fermer" type="button">
            Fermer
          </button>
          <div class="fr-header__menu-links" />
          <nav class="fr-nav" id="navigation" role="navigation" aria-label="Menu principal">
            <ul class="fr-nav__list">
              {ctx.nav.map((entry) => (
                <li class="fr-nav__item">
                  <a class="fr-nav__link" href={entry.href} aria-current={isCurrent(ctx.path, entry.href, ctx.nav) ? 'page' : undefined} safe>
                    {entry.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </div>
    </header>
  );
}

function ToolLinks({ ctx }: { ctx: PageContext }) {
  if (!ctx.actorName) {
    return (
      <ul class="fr-btns-group">
        <li>
          <a class="fr-btn fr-icon-lock-line" href="/connexion">
            Se connecter
          </a>
        </li>
      </ul>
    );
  }
  return (
    <ul class="fr-btns-group">
      <li>
        <a class="fr-btn fr-icon-account-circle-line" href="/compte" safe>
          {ctx.actorName}
        </a>
      </li>
      <li>
        <form method="post" action="/deconnexion">
          <CsrfField ctx={ctx} />
          <button class="fr-btn fr-icon-logout-box-r-line" type="submit">
            Se déconnecter
          </button>
        </form>
      </li>
    </ul>
  );
}

function Footer() {
  return (
    <footer class="fr-footer" role="contentinfo" id="footer">
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a href="/" title={`Retour à l’accueil - ${SERVICE_NAME}`}>
              <p class="fr-logo">
                République
                <br />
                Française
              </p>
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">
              Le service public de l’insertion et de l’emploi coordonne l’État, les départements et leurs partenaires pour
              accompagner vers l’activité les personnes qui en sont éloignées.
            </p>
            <ul class="fr-footer__content-list">
              <li class="fr-footer__content-item">
                <a class="fr-footer__content-link" href="https://travail-emploi.gouv.fr" title="travail-emploi.gouv.fr - nouvelle fenêtre" target="_blank" rel="noopener">
                  travail-emploi.gouv.fr
                </a>
              </li>
              <li class="fr-footer__content-item">
                <a class="fr-footer__content-link" href="https://www.service-public.fr" title="service-public.fr - nouvelle fenêtre" target="_blank" rel="noopener">
                  service-public.fr
                </a>
              </li>
              <li class="fr-footer__content-item">
                <a class="fr-footer__content-link" href="https://www.data.gouv.fr" title="data.gouv.fr - nouvelle fenêtre" target="_blank" rel="noopener">
                  data.gouv.fr
                </a>
              </li>
            </ul>
          </div>
        </div>
        <div class="fr-footer__bottom">
          <ul class="fr-footer__bottom-list">
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/accessibilite">
                Accessibilité : non conforme
              </a>
            </li>
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/mentions-legales">
                Mentions légales
              </a>
            </li>
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/donnees-personnelles">
                Données personnelles
              </a>
            </li>
          </ul>
          <div class="fr-footer__bottom-copy">
            <p>
              Sauf mention contraire, les contenus de ce site sont proposés sous{' '}
              <a href="https://github.com/etalab/licence-ouverte/blob/master/LO.md" title="Licence etalab-2.0 - nouvelle fenêtre" target="_blank" rel="noopener">
                licence etalab-2.0
              </a>
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

export function Layout({ ctx, title, children }: PropsWithChildren<{ ctx: PageContext; title: string }>) {
  return (
      <html lang="fr" data-fr-scheme="light">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no" />
          <title safe>{`${title} — SPIE`}</title>
          <meta name="format-detection" content="telephone=no" />
          <link rel="stylesheet" href="/dsfr/dsfr.min.css" />
          <link rel="stylesheet" href="/dsfr/utility/icons/icons.min.css" />
          <link rel="stylesheet" href="/static/app.css" />
          <link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml" />
          <link rel="apple-touch-icon" href="/dsfr/favicon/apple-touch-icon.png" />
        </head>
        <body>
          <div class="fr-skiplinks">
            <nav class="fr-container" role="navigation" aria-label="Accès rapide">
              <ul class="fr-skiplinks__list">
                <li>
                  <a class="fr-link" href="#contenu">
                    Contenu
                  </a>
                </li>
                <li>
                  <a class="fr-link" href="#navigation">
                    Menu
                  </a>
                </li>
                <li>
                  <a class="fr-link" href="#footer">
                    Pied de page
                  </a>
                </li>
              </ul>
            </nav>
          </div>
          <Header ctx={ctx} />
          <main id="contenu" role="main" tabindex="-1" class="fr-container fr-py-6w">
            {children}
          </main>
          <Footer />
          <script type="module" src="/dsfr/dsfr.module.min.js"></script>
          <script {...{ nomodule: true }} src="/dsfr/dsfr.nomodule.min.js"></script>
        </body>
      </html>
  );
}
