/** The person's own access to their pathway (issue 5 §9, SPIE-6) and their data export (§12). */
import type { FastifyInstance } from 'fastify';

export async function registerPersonRoutes(_app: FastifyInstance): Promise<void> {
  // Routes registered here (issue 5 §9, §12).
}
