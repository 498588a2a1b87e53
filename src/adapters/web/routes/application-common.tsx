/** Shared by the application pages: loading for authorization, the status badge, the page header. */
import type { FastifyRequest } from 'fastify';
import { applicationAuthzObject } from '../../../domains/ami/adapters/applications.js';
import { applicationStatusLabel } from '../../../domains/ami/entities/application-status.js';
import type { AppDeps } from '../context.js';

export const applicationId = (request: FastifyRequest) => Number((request.params as { id: string }).id);

export const applicationObject = (request: FastifyRequest, deps: AppDeps) => applicationAuthzObject(deps.db, applicationId(request));

const BADGE: Record<string, string> = { draft: 'fr-badge--info', submitted: 'fr-badge--success', returned: 'fr-badge--warning' };

export function ApplicationStatusBadge({ status }: { status: string }) {
  return (
    <span class={`fr-badge fr-badge--no-icon ${BADGE[status] ?? 'fr-badge--new'}`} safe>
      {applicationStatusLabel(status)}
    </span>
  );
}
