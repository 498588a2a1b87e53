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
  { label: 'Organisations', href: '/organisations', action: 'organisation.list' },
  { label: 'Territoires', href: '/territoires', action: 'territory.browse' },
  { label: 'Utilisateurs', href: '/admin/utilisateurs', action: 'user.list' },
  { label: 'Journal d’audit', href: '/admin/journal', action: 'audit.read' },
  { label: 'Courriels envoyés', href: '/admin/courriels', action: 'outbox.read' },
];

export function navigationFor(actor: Actor | null): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => authorize(actor, entry.action).allowed);
}
