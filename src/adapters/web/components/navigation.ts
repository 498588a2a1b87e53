/** The main navigation: each entry shows only when the authorization module allows its action. */
import { authorize, type Action } from '../../../domains/authorization/authorize.js';
import type { Actor } from '../../../domains/identity/entities/role.js';

export interface NavEntry {
  label: string;
  href: string;
  action: Action;
  /** Shown only to signed-in users even when the action is public. */
  signedInOnly?: boolean;
  demoOnly?: boolean;
}

export const NAV_ENTRIES: NavEntry[] = [
  { label: 'Accueil', href: '/', action: 'public.view' },
  { label: 'Tableau de bord', href: '/tableau-de-bord', action: 'dashboard.view' },
  { label: 'Mon espace', href: '/mon-espace', action: 'person.space' },
  { label: 'Mon SPIE', href: '/spie', action: 'space.list' },
  { label: 'Appels', href: '/appels', action: 'call.list' },
  { label: 'Candidatures', href: '/candidatures', action: 'application.list' },
  { label: 'Organisations', href: '/organisations', action: 'organisation.list' },
  { label: 'Territoires', href: '/territoires', action: 'territory.browse' },
  { label: 'Utilisateurs', href: '/admin/utilisateurs', action: 'user.list' },
  { label: 'Journal d’audit', href: '/admin/journal', action: 'audit.read' },
  { label: 'Courriels envoyés', href: '/admin/courriels', action: 'outbox.read' },
];

/** The entry that leads to the actor's own perimeter: their organisation, département or région. */
function perimeterEntries(actor: Actor): NavEntry[] {
  const entries: NavEntry[] = [];
  for (const { perimeter } of actor.assignments) {
    if (perimeter.kind === 'organisation') {
      entries.push({ label: 'Mon organisation', href: `/organisations/${perimeter.organisationId}`, action: 'organisation.list' });
    } else if (perimeter.kind === 'departement') {
      entries.push({ label: 'Mon département', href: `/territoires/${encodeURIComponent(perimeter.departementCode)}`, action: 'territory.browse' });
    } else if (perimeter.kind === 'region') {
      entries.push({ label: 'Ma région', href: `/territoires?region=${encodeURIComponent(perimeter.regionCode)}`, action: 'territory.browse' });
    }
  }
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.label) && seen.add(e.label) && authorize(actor, e.action).allowed);
}

export function navigationFor(actor: Actor | null): NavEntry[] {
  const entries = NAV_ENTRIES.filter((entry) => authorize(actor, entry.action).allowed);
  if (!actor) return entries;
  const dashboard = entries.findIndex((e) => e.href === '/tableau-de-bord');
  entries.splice(dashboard + 1, 0, ...perimeterEntries(actor));
  return entries;
}
