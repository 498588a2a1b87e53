/**
 * « Mes services » (issue 6 §2): a member organisation maintains its services in its space's catalogue —
 * the list with their status and review (services-list-page), the form (service-form-page), the life
 * cycle and the review confirmation (service-actions), and the orientations received by its services,
 * answered from the account (received-orientations, issue 6 §5).
 */
import type { FastifyInstance } from 'fastify';
import { registerReceivedOrientations } from './received-orientations.js';
import { registerServiceActions } from './service-actions.js';
import { registerServiceFormPage } from './service-form-page.js';
import { registerServicesListPage } from './services-list-page.js';

export function registerCatalogueServiceRoutes(app: FastifyInstance): void {
  registerServicesListPage(app);
  registerReceivedOrientations(app);
  registerServiceActions(app);
  registerServiceFormPage(app);
}
