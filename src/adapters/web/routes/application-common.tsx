/** Shared by the application pages: loading for authorization, the status badge, the page header. */
import type { FastifyRequest } from 'fastify';
import { applicationAuthzObject } from '../../../domains/ami/adapters/applications.js';
import { applicationStatusLabel } from '../../../domains/ami/entities/application-status.js';
import type { AppDeps } from '../context.js';

/** The :id of the URL, strictly decimal (no « 0x10 », no « 1e3 »); 0 when it is not an id. */
export function idParam(request: FastifyRequest, name = 'id'): number {
  const text = (request.params as Record<string, string>)[name] ?? '';
  return /^[1-9]\d{0,15}$/.test(text) ? Number(text) : 0;
}

export const applicationId = (request: FastifyRequest) => idParam(request);

export const applicationObject = (request: FastifyRequest, deps: AppDeps) => applicationAuthzObject(deps.db, applicationId(request));

const BADGE: Record<string, string> = { draft: 'fr-badge--info', submitted: 'fr-badge--success', returned: 'fr-badge--warning' };

export function ApplicationStatusBadge({ status }: { status: string }) {
  return (
    <span class={`fr-badge fr-badge--no-icon ${BADGE[status] ?? 'fr-badge--new'}`} safe>
      {applicationStatusLabel(status)}
    </span>
  );
}
