/** The JSON API under /api/v1 (issue 3 §6). */
import type { FastifyInstance } from 'fastify';

export async function registerApi(_app: FastifyInstance): Promise<void> {
  // Routes are registered here.
}
