/** What the catalogue pages share (issue 6): the space named by `:spaceId`, its breadcrumb, labels of lists. */
import type { FastifyRequest } from 'fastify';
import { labelOf, type ValueListName } from '../../../../domains/catalogue/entities/value-lists.js';
import { spaceHeader } from '../../../../domains/pathway/adapters/spaces.js';
import type { AppDeps } from '../../context.js';
import { HttpError } from '../../errors.js';
import { Breadcrumb } from '../../components/ui.js';
import { idParam, spaceObject } from '../pathway/space-common.js';

export const searchConfig = { authz: { action: 'catalogue.search' as const, object: spaceObject } };
export const manageConfig = { authz: { action: 'catalogue.manage' as const, object: spaceObject } };

export async function catalogueSpace(request: FastifyRequest, deps: AppDeps): Promise<{ id: number; name: string }> {
  const space = await spaceHeader(deps.db, idParam(request, 'spaceId'));
  if (!space) throw new HttpError(404);
  return { id: space.id, name: space.name };
}

export const servicesPath = (spaceId: number) => `/spie/${spaceId}/services`;
export const cataloguePath = (spaceId: number) => `/spie/${spaceId}/catalogue`;

export function labelsOf(list: ValueListName, values: unknown): string[] {
  return Array.isArray(values) ? values.map((v) => labelOf(list, String(v))) : [];
}

export function CatalogueBreadcrumb({ space, here, parent }: { space: { id: number; name: string }; here: string; parent?: { label: string; href: string } }) {
  const items: { label: string; href?: string }[] = [
    { label: 'Accueil', href: '/' },
    { label: 'Mon SPIE', href: '/spie' },
    { label: space.name, href: `/spie/${space.id}` },
  ];
  if (parent) items.push(parent);
  items.push({ label: here });
  return <Breadcrumb items={items} />;
}
