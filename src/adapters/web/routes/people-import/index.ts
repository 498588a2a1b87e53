/** Import of RSA beneficiary lists (issue 5 §11). */
import type { FastifyInstance } from 'fastify';

export async function registerPeopleImportRoutes(_app: FastifyInstance): Promise<void> {
  // Routes registered here (issue 5 §11).
}
