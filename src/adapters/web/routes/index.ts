import type { FastifyInstance } from 'fastify';
import { registerApi } from '../api/index.js';
import { registerAdminRoutes } from './admin.js';
import { registerAgreementRoutes } from './agreement.js';
import { registerApplicationActions } from './application-actions.js';
import { registerApplicationExchanges } from './application-exchanges.js';
import { registerApplicationPage } from './application-page.js';
import { registerApplicationReview } from './application-review.js';
import { registerApplicationScoring } from './application-scoring.js';
import { registerSectionRoutes } from './application-sections/index.js';
import { registerApplicationRoutes } from './applications.js';
import { registerCallExport } from './call-export.js';
import { registerCallForm } from './call-form.js';
import { registerCallRoutes } from './calls.js';
import { registerDemoSignIn } from './demo-sign-in.js';
import { registerOidcSignIn } from './oidc-sign-in.js';
import { registerOrganisationForm } from './organisation-form.js';
import { registerOrganisationRoutes } from './organisations.js';
import { registerPublicRoutes } from './public.js';
import { registerSignedInRoutes } from './signed-in.js';
import { registerTerritoryRoutes } from './territories.js';

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  registerPublicRoutes(app);
  registerSignedInRoutes(app);
  registerOrganisationRoutes(app);
  registerOrganisationForm(app);
  registerTerritoryRoutes(app);
  registerCallRoutes(app);
  registerCallForm(app);
  registerApplicationRoutes(app);
  registerApplicationPage(app);
  await registerApplicationActions(app);
  registerApplicationReview(app);
  await registerApplicationExchanges(app);
  registerApplicationScoring(app);
  registerAgreementRoutes(app);
  registerCallExport(app);
  registerSectionRoutes(app);
  registerAdminRoutes(app);
  await registerApi(app);
  await registerOidcSignIn(app);
  // The demo sign-in exists only outside production (issue 2 §4b).
  if (app.deps.config.demo) registerDemoSignIn(app);
}
