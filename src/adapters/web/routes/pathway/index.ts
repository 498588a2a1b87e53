/** The territory's SPIE for professionals (issue 5): space, people, pathways. */
import type { FastifyInstance } from 'fastify';

export async function registerPathwayRoutes(_app: FastifyInstance): Promise<void> {
  // Routes registered here (issue 5 §1–8, §10).
}
