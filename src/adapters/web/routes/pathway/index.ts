/** The territory's SPIE for professionals (issue 5): the space (people, queue, professionals) and each pathway. */
import type { FastifyInstance } from 'fastify';
import { registerPathwayPageRoutes } from './pathway-page.js';
import { registerSpaceRoutes } from './space.js';

export async function registerPathwayRoutes(app: FastifyInstance): Promise<void> {
  await registerSpaceRoutes(app);
  await registerPathwayPageRoutes(app);
}
