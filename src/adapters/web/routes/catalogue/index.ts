/**
 * The catalogue of insertion services of a territory's space (issue 6): search and service pages for
 * its professionals (catalogue.search), import and export in the data·inclusion v1 format for its
 * coordinator (catalogue.manage).
 */
import type { FastifyInstance } from 'fastify';
import { registerManagePages } from './manage-page.js';
import { registerSearchPage } from './search-page.js';
import { registerServicePage } from './service-page.js';

export async function registerCatalogueRoutes(app: FastifyInstance): Promise<void> {
  registerSearchPage(app);
  registerServicePage(app);
  await registerManagePages(app);
}
