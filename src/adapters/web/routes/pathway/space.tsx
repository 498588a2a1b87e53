/** The operating space of a territory (issue 5 §1, §2, §5): people search, opening a pathway, « à orienter » queue, professionals. */
import type { FastifyInstance } from 'fastify';

export async function registerSpaceRoutes(_app: FastifyInstance): Promise<void> {
  // Routes registered here.
}
