/** Starts the whole application on a test database and a free port. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type RunningApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DatabaseTarget } from './databases.js';
import { DATABASE_TARGETS } from './databases.js';

export interface TestApp extends RunningApp {
  baseUrl: string;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  target?: DatabaseTarget;
  env?: Record<string, string>;
  clock?: () => Date;
  jobs?: boolean;
  withCommunes?: boolean;
  /** Demo organisations, users and sign-in page (default true). */
  demoData?: boolean;
  /** Listen on this port instead of a free one (when PUBLIC_URL must be known before start). */
  port?: number;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'spie-test-')),
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'yes',
    DEMO_CATALOGUE: 'no',
    ...env,
  });
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const target = options.target ?? DATABASE_TARGETS[0]!;
  const database = await target.open();
  const config = testConfig({ ...(options.demoData === false ? { DEMO_DATA: 'no' } : {}), ...options.env });
  const running = await createApp(config, {
    database,
    clock: options.clock,
    jobs: options.jobs ?? false,
    withCommunes: options.withCommunes ?? false,
    logger: false,
  });
  const address = await running.app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  return {
    ...running,
    baseUrl: address,
    async stop() {
      await running.close();
      await database.dispose();
    },
  };
}

export async function userIdByEmail(app: RunningApp, email: string): Promise<number> {
  const row = await app.deps.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return row.id;
}
