/**
 * Shared by the pathway operations of the API: the objects the authorization module decides on (the
 * space named by the path, the pathway named by the path — the same loaders as the web pages), and
 * how a refusal of the domain becomes an API error.
 */
import type { FastifyRequest } from 'fastify';
import type { AuthzObject } from '../../../domains/authorization/authorize.js';
import { pathwayAuthzObject } from '../../../domains/pathway/adapters/pathways.js';
import { spaceAuthzObject } from '../../../domains/pathway/adapters/spaces.js';
import type { AppDeps, RouteAuthz } from '../context.js';
import { pathId } from './common.js';
import { ApiError, type ApiErrorDetail } from './errors.js';

const loadSpace = (request: FastifyRequest, deps: AppDeps): Promise<AuthzObject | null> => {
  const id = pathId(request);
  return id === null ? Promise.resolve(null) : spaceAuthzObject(deps.db, id);
};

const loadPathway = (request: FastifyRequest, deps: AppDeps): Promise<AuthzObject | null> => {
  const id = pathId(request);
  return id === null ? Promise.resolve(null) : pathwayAuthzObject(deps.db, id, deps.clock());
};

/** The same actions and objects as the web pages of the space and of a pathway. */
export const pathwayAuthz = {
  personSearch: { authz: { action: 'person.search', object: loadSpace } },
  pathwayOpen: { authz: { action: 'pathway.open', object: loadSpace } },
  orientationDecide: { authz: { action: 'orientation.decide', object: loadSpace } },
  personImport: { authz: { action: 'person.import', object: loadSpace } },
  pathwayView: { authz: { action: 'pathway.view', object: loadPathway } },
  pathwayEdit: { authz: { action: 'pathway.edit', object: loadPathway } },
} as const satisfies Record<string, { authz: RouteAuthz }>;

/** A second numeric path parameter (`:requestId`…); null when it is not a positive integer. */
export function pathParam(request: FastifyRequest, name: string): number | null {
  const raw = (request.params as Record<string, unknown>)[name];
  return typeof raw === 'string' && /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : null;
}

/** The errors of a domain check, by field, as a 422 (nothing was written). */
export function refused(message: string, errors: Record<string, string | undefined>, rule: string, prefix = ''): ApiError {
  const details: ApiErrorDetail[] = Object.entries(errors).flatMap(([field, text]) =>
    text ? [{ rule, ...(field === 'form' ? {} : { field: `${prefix}${field}` }), message: text }] : [],
  );
  return new ApiError(422, message, details);
}

const CLOSED = 'Le parcours est clos.';

/** A refusal of record.ts / pathways.ts: about a field → 422; about the pathway's state (closed, a request pending) → 409. */
export function domainRefusal(message: string, result: { message: string; field?: string }, rule: string, fields: Record<string, string> = {}): ApiError {
  if (result.field) return new ApiError(422, message, [{ rule, field: fields[result.field] ?? result.field, message: result.message }]);
  return new ApiError(409, message, [result.message === CLOSED ? { field: 'status', message: result.message } : { message: result.message }]);
}

/** Checked before a change: a closed pathway is read only (409), whatever the change. */
export async function ensureOpen(deps: AppDeps, pathwayId: number, message: string): Promise<void> {
  const row = await deps.db.selectFrom('pathway').select('status').where('id', '=', pathwayId).executeTakeFirst();
  if (row?.status !== 'open') throw new ApiError(409, message, [{ field: 'status', message: CLOSED }]);
}
