/** DSFR error pages (404, 403, 401, 429, 500) and JSON errors for the API. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';
import { Layout, pageContext } from '../components/layout.js';
import { sendPage } from '../render.js';

const TEXTS: Record<number, { title: string; lead: string; body: string }> = {
  400: { title: 'Requête invalide', lead: 'Erreur 400', body: 'La demande envoyée n’est pas valide.' },
  401: { title: 'Connexion requise', lead: 'Erreur 401', body: 'Vous devez vous connecter pour accéder à cette page.' },
  403: { title: 'Accès refusé', lead: 'Erreur 403', body: 'Vous n’avez pas les droits nécessaires pour accéder à cette page.' },
  409: { title: 'Action impossible', lead: 'Erreur 409', body: 'Cette action n’est plus possible : l’élément a changé entre-temps.' },
  413: { title: 'Fichier trop volumineux', lead: 'Erreur 413', body: 'Le fichier envoyé est trop volumineux.' },
  422: { title: 'Demande à corriger', lead: 'Erreur 422', body: 'La demande ne peut pas être traitée telle quelle.' },
  404: { title: 'Page non trouvée', lead: 'Erreur 404', body: 'La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée.' },
  429: { title: 'Trop de tentatives', lead: 'Erreur 429', body: 'Vous avez fait trop de tentatives en peu de temps. Patientez une minute puis réessayez.' },
  500: { title: 'Erreur inattendue', lead: 'Erreur 500', body: 'Désolé, le service rencontre un problème, nous travaillons pour le résoudre le plus rapidement possible.' },
};

export async function sendErrorPage(request: FastifyRequest, reply: FastifyReply, status: number, detail?: string, audited = false) {
  if (request.url.startsWith('/api/') || request.url === '/healthz') {
    const text = TEXTS[status] ?? TEXTS[500]!;
    return reply.status(status).send({ error: text.title, details: detail ? [{ message: detail }] : [] });
  }
  const text = TEXTS[status] ?? TEXTS[500]!;
  const ctx = pageContext(request);
  return sendPage(
    reply,
    <Layout ctx={ctx} title={text.title}>
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--middle fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8">
          <h1 safe>{text.title}</h1>
          <p class="fr-text--sm fr-mb-3w" safe>
            {text.lead}
          </p>
          <p class="fr-text--lead fr-mb-3w" safe>
            {detail && status !== 500 ? detail : text.body}
          </p>
          {audited && status === 403 ? <p>Cette tentative a été enregistrée dans le journal d’audit.</p> : ''}
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <a class="fr-btn" href="/">
                Page d’accueil
              </a>
            </li>
            {status === 401 ? (
              <li>
                <a class="fr-btn fr-btn--secondary" href="/connexion">
                  Se connecter
                </a>
              </li>
            ) : (
              ''
            )}
          </ul>
        </div>
      </div>
    </Layout>,
    status,
  );
}

export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => sendErrorPage(request, reply, 404));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const detail = status < 500 && status !== 404 ? error.message : undefined;
    const audited = error instanceof HttpError && error.audited;
    return sendErrorPage(request, reply, TEXTS[status] ? status : status >= 500 ? 500 : 400, detail, audited);
  });
}
