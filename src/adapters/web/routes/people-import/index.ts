/**
 * Import of RSA beneficiary lists (issue 5 §11), by the coordinator of the space (person.import):
 * upload (upload-page), columns (mapping-page), dry run and launch (check-page), progress and result
 * (progress-page, progress-script). The import runs in the background (adapters/jobs/people-import-jobs.ts).
 */
import type { FastifyInstance } from 'fastify';
import { registerCheckPage } from './check-page.js';
import { registerMappingPage } from './mapping-page.js';
import { registerProgressPage } from './progress-page.js';
import { registerProgressScript } from './progress-script.js';
import { registerUploadPage } from './upload-page.js';

export async function registerPeopleImportRoutes(app: FastifyInstance): Promise<void> {
  await registerUploadPage(app);
  registerMappingPage(app);
  registerCheckPage(app);
  registerProgressPage(app);
  registerProgressScript(app);
}
