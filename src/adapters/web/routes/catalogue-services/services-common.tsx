/** What the pages of « Mes services » share: the space and the actor's organisation, the loaded service, the breadcrumb. */
import type { FastifyRequest } from 'fastify';
import { ownedService, type ServiceRow } from '../../../../domains/catalogue/adapters/services.js';
import { isReviewDue, STATUS_LABELS, isServiceStatus } from '../../../../domains/catalogue/entities/service-form.js';
import type { AppDeps } from '../../context.js';
import { HttpError } from '../../errors.js';
import { Breadcrumb } from '../../components/ui.js';
import { loadSpace, spaceObject } from '../pathway/space-common.js';

/**
 * Every route of « Mes services »: `catalogue.maintain` on the space (its active professionals and
 * coordinators); which services are theirs is their organisation's structure (adapters/services.ts).
 */
export const servicesConfig = { authz: { action: 'catalogue.maintain' as const, object: spaceObject } };

/** The space, and the actor's organisation when it is a member of it (else the page does not exist). */
export async function loadServicesSpace(request: FastifyRequest, deps: AppDeps) {
  const space = await loadSpace(request, deps);
  const organisationId = request.actor?.organisationId ?? null;
  if (organisationId == null) throw new HttpError(404);
  const member = await deps.db
    .selectFrom('space_organisation')
    .select('organisation_id')
    .where('space_id', '=', space.id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!member) throw new HttpError(404);
  return { space, organisationId, base: `/spie/${space.id}/mes-services` };
}

export type ServicesSpace = Awaited<ReturnType<typeof loadServicesSpace>>;

/** The service of `:serviceId`, only if the actor's organisation owns it (else 404). */
export async function loadOwnedService(request: FastifyRequest, deps: AppDeps, where: ServicesSpace): Promise<ServiceRow> {
  const serviceId = (request.params as { serviceId?: string }).serviceId ?? '';
  if (!/^[\w:.-]{1,200}$/.test(serviceId)) throw new HttpError(404);
  const service = await ownedService(deps.db, { spaceId: where.space.id, organisationId: where.organisationId, serviceId });
  if (!service) throw new HttpError(404);
  return service;
}

export function ServicesBreadcrumb({ space, trail = [], here }: { space: { id: number; name: string }; trail?: { label: string; href: string }[]; here?: string }) {
  const items: { label: string; href?: string }[] = [
    { label: 'Accueil', href: '/' },
    { label: 'Mon SPIE', href: '/spie' },
    { label: space.name, href: `/spie/${space.id}` },
    here ? { label: 'Mes services', href: `/spie/${space.id}/mes-services` } : { label: 'Mes services' },
    ...trail,
  ];
  if (here) items.push({ label: here });
  return <Breadcrumb items={items} />;
}

export function StatusBadge({ status }: { status: string }) {
  const label: string = isServiceStatus(status) ? STATUS_LABELS[status] : status;
  const kind = status === 'published' ? 'success' : status === 'draft' ? 'info' : 'new';
  return (
    <p class={`fr-badge fr-badge--sm fr-badge--no-icon fr-badge--${kind}`} safe>
      {label}
    </p>
  );
}

export function ReviewBadge({ reviewedAt, now }: { reviewedAt: Date; now: Date }) {
  if (!isReviewDue(reviewedAt, now)) return '';
  return <p class="fr-badge fr-badge--sm fr-badge--warning">à revoir</p>;
}
