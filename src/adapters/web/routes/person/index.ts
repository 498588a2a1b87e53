/** The person's own access to their pathway (issue 5 §9, SPIE-6) and their data export (§12). */
import type { FastifyInstance } from 'fastify';
import { registerPersonExportRoutes } from './export.js';
import { franceConnectSettings, registerFranceConnectSignIn, registerPersonSignInPage } from './franceconnect-sign-in.js';
import { registerMyPathwayRoutes } from './my-pathway.js';
import { registerSignInLinkRoutes } from './sign-in-link.js';

export async function registerPersonRoutes(app: FastifyInstance): Promise<void> {
  registerMyPathwayRoutes(app);
  registerPersonExportRoutes(app);
  registerSignInLinkRoutes(app);
  const franceConnect = franceConnectSettings(app.deps.config);
  registerPersonSignInPage(app, franceConnect !== null);
  if (franceConnect) await registerFranceConnectSignIn(app, franceConnect);
}
