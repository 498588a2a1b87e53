/** Shared by the API routes: path ids, the objects the authorization module decides on, JSON of a call. */
import type { FastifyRequest } from 'fastify';
import { applicationAuthzObject } from '../../../domains/ami/adapters/applications.js';
import { callAuthzObject, type getCall } from '../../../domains/ami/adapters/calls.js';
import type { AuthzObject } from '../../../domains/authorization/authorize.js';
import type { AppDeps, RouteAuthz } from '../context.js';

/** The `:id` of the path as a positive integer; null when it is not one (the route then answers 404). */
export function pathId(request: FastifyRequest): number | null {
  const raw = (request.params as { id?: unknown }).id;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,14}$/.test(raw)) return null;
  return Number(raw);
}

/** The id of a route whose authorization object was loaded: it is valid. */
export function knownId(request: FastifyRequest): number {
  const id = pathId(request);
  if (id === null) throw new Error('Identifiant absent alors que l’objet a été autorisé.');
  return id;
}

const loadCall = (request: FastifyRequest, deps: AppDeps): Promise<AuthzObject | null> => {
  const id = pathId(request);
  return id === null ? Promise.resolve(null) : callAuthzObject(deps.db, id);
};

const loadApplication = (request: FastifyRequest, deps: AppDeps): Promise<AuthzObject | null> => {
  const id = pathId(request);
  return id === null ? Promise.resolve(null) : applicationAuthzObject(deps.db, id);
};

export const authz = {
  callList: { authz: { action: 'call.list' } },
  callView: { authz: { action: 'call.view', object: loadCall } },
  callManage: { authz: { action: 'call.manage' } },
  applicationCreate: { authz: { action: 'application.create' } },
  applicationView: { authz: { action: 'application.view', object: loadApplication } },
  applicationEdit: { authz: { action: 'application.edit', object: loadApplication } },
  applicationSubmit: { authz: { action: 'application.submit', object: loadApplication } },
  applicationList: { authz: { action: 'application.list' } },
  applicationReturn: { authz: { action: 'application.return', object: loadApplication } },
  /** 'call.decide' and 'agreement.manage' are national: the loader only checks that the application exists. */
  applicationDecide: { authz: { action: 'call.decide', object: loadApplication } },
  agreementManage: { authz: { action: 'agreement.manage', object: loadApplication } },
  callExport: { authz: { action: 'call.export', object: loadCall } },
} as const satisfies Record<string, { authz: RouteAuthz }>;

/** YYYY-MM-DD of the instant's day in Paris. */
export const parisDay = (d: Date) => new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris' }).format(d);

type CallRow = NonNullable<Awaited<ReturnType<typeof getCall>>>;

export function callJson(c: CallRow) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    status: c.status,
    opensOn: parisDay(c.opens_at),
    deadlineOn: parisDay(c.deadline_at),
    opensAt: c.opens_at.toISOString(),
    deadlineAt: c.deadline_at.toISOString(),
    laureateSlots: c.laureate_slots,
    maxGrantCents: c.max_grant_cents,
    minSelfFundingRateBp: c.min_self_funding_rate_bp,
    eligibleExpenseCategories: c.eligible_expense_categories,
    excludedTerritories: c.excluded_territories,
    version: c.version,
  };
}
