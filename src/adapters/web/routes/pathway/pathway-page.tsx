/** A person's pathway for professionals (issue 5 §3–8, §10). */
import type { FastifyInstance } from 'fastify';

export async function registerPathwayPageRoutes(_app: FastifyInstance): Promise<void> {
  // Routes registered here.
}
