/** API operations of the territory's SPIE (issue 5 §13). */
import type { FastifyInstance } from 'fastify';

export function registerPathwayApi(_api: FastifyInstance): void {
  // Operations registered here (issue 5 §13).
}
