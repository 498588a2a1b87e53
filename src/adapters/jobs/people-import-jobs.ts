/** The background import of RSA beneficiary lists (issue 5 §11). */
import type { AppDeps } from '../web/context.js';
import type { JobRunner } from './job-runner.js';

export async function registerPeopleImportJobs(_jobs: JobRunner, _deps: AppDeps): Promise<void> {
  // Filled in by the import work (issue 5 §11).
}
