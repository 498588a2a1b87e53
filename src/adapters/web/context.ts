/** What every request handler can reach, and the typing of route-level authorization. */
import type { SmsSender } from '../sms/sms-sender.js';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Action, AuthzObject } from '../../domains/authorization/authorize.js';
import type { Actor } from '../../domains/identity/entities/role.js';
import type { Database } from '../db/schema.js';
import type { JobRunner } from '../jobs/job-runner.js';
import type { Mailer } from '../mail/mailer.js';
import type { FastifyRequest } from 'fastify';

export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  databaseKind: 'postgres' | 'pglite';
  mailer: Mailer;
  jobs: JobRunner | null;
  /** SMS to the people accompanied (issue 5 §7); the outbox implementation unless an operator is configured. */
  sms: SmsSender;
  clock: () => Date;
}

export interface SessionState {
  idHash: string;
  userId: number | null;
  csrfToken: string;
  data: Record<string, unknown>;
}

/** Every route declares the action it performs; `object` loads what it acts on (null: not found). */
export interface RouteAuthz {
  action: Action;
  object?: (request: FastifyRequest, deps: AppDeps) => Promise<AuthzObject | null>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    authz?: RouteAuthz;
    /** A multipart route reads its body itself and checks the CSRF token there (csrf.ts skips it). */
    csrfCheckedInHandler?: true;
  }
  interface FastifyRequest {
    session: SessionState | null;
    actor: Actor | null;
  }
  interface FastifyInstance {
    deps: AppDeps;
  }
}
