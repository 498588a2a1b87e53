/**
 * The one place that decides "may this user see / do this" (issue 2 §6).
 * Every route names an action; the web layer asks `authorize` before running the handler,
 * and navigation shows only the entries whose action is allowed.
 */
import type { Actor, Perimeter, Role } from '../identity/entities/role.js';

/** Something the request is about, with the facts that place it in a perimeter. */
export type AuthzObject =
  | { type: 'organisation'; id: number; regionCode: string | null; departementCode: string | null }
  | { type: 'user'; id: number };

type Who =
  | { public: true }
  | { signedIn: true }
  | { roles: readonly Role[] };

interface Rule {
  who: Who;
  /** When set, the object must lie inside the perimeter of one of the actor's matching assignments. */
  perimeterCheck?: true;
  /** Deny with 404 rather than 403: the object's very existence is not to be disclosed. */
  hideExistence?: true;
}

const AGENT_ROLES = [
  'national_admin',
  'regional_prefect',
  'poverty_commissioner',
  'expert',
  'departement_prefect',
  'lead_applicant',
  'consortium_member',
  'professional',
  'territory_coordinator',
] as const satisfies readonly Role[];

export const RULES = {
  /** Public pages: home, sign-in, error pages, health check, static assets. */
  'public.view': { who: { public: true } },
  'session.signOut': { who: { public: true } },
  'account.view': { who: { signedIn: true } },
  'dashboard.view': { who: { signedIn: true } },
  'territory.browse': { who: { roles: AGENT_ROLES } },
  'organisation.list': { who: { roles: AGENT_ROLES } },
  'organisation.create': { who: { roles: ['national_admin'] } },
  'organisation.view': { who: { roles: AGENT_ROLES }, perimeterCheck: true, hideExistence: true },
  'user.list': { who: { roles: ['national_admin'] } },
  'audit.read': { who: { roles: ['national_admin'] } },
  'outbox.read': { who: { roles: ['national_admin'] } },
  'person.space': { who: { roles: ['person'] } },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;

export function isAction(value: string): value is Action {
  return Object.hasOwn(RULES, value);
}

export type Decision =
  | { allowed: true }
  | { allowed: false; status: 401 | 403 | 404; reason: string };

function inPerimeter(perimeter: Perimeter, actor: Actor, object: AuthzObject): boolean {
  switch (perimeter.kind) {
    case 'national':
      return true;
    case 'self':
      return object.type === 'user' && object.id === actor.userId;
    case 'region':
      return object.type === 'organisation' && object.regionCode === perimeter.regionCode;
    case 'departement':
      return object.type === 'organisation' && object.departementCode === perimeter.departementCode;
    case 'organisation':
      return object.type === 'organisation' && object.id === perimeter.organisationId;
  }
}

export function authorize(actor: Actor | null, action: Action, object?: AuthzObject): Decision {
  const rule: Rule = RULES[action];
  if ('public' in rule.who) return { allowed: true };
  if (!actor) return { allowed: false, status: 401, reason: 'Connexion requise.' };
  if ('signedIn' in rule.who) return { allowed: true };
  const roles: readonly Role[] = rule.who.roles;
  const matching = actor.assignments.filter((a) => roles.includes(a.role));
  if (matching.length === 0) {
    return rule.hideExistence
      ? { allowed: false, status: 404, reason: 'Cet élément est hors de votre périmètre.' }
      : { allowed: false, status: 403, reason: 'Votre rôle ne permet pas cette action.' };
  }
  if (rule.perimeterCheck) {
    if (!object) throw new Error(`L’action ${action} porte sur un objet, qui n’a pas été fourni.`);
    if (!matching.some((a) => inPerimeter(a.perimeter, actor, object))) {
      return {
        allowed: false,
        status: rule.hideExistence ? 404 : 403,
        reason: 'Cet élément est hors de votre périmètre.',
      };
    }
  }
  return { allowed: true };
}

/**
 * The part of the organisation table an actor may list: everything, or the union of their
 * regions, départements and own organisations. Used to filter lists with the same rule as `authorize`.
 */
export interface OrganisationScope {
  all: boolean;
  regionCodes: string[];
  departementCodes: string[];
  organisationIds: number[];
}

export function organisationScope(actor: Actor): OrganisationScope {
  const scope: OrganisationScope = { all: false, regionCodes: [], departementCodes: [], organisationIds: [] };
  for (const { role, perimeter } of actor.assignments) {
    if (!(AGENT_ROLES as readonly Role[]).includes(role)) continue;
    if (perimeter.kind === 'national') scope.all = true;
    if (perimeter.kind === 'region') scope.regionCodes.push(perimeter.regionCode);
    if (perimeter.kind === 'departement') scope.departementCodes.push(perimeter.departementCode);
    if (perimeter.kind === 'organisation') scope.organisationIds.push(perimeter.organisationId);
  }
  return scope;
}
