/**
 * The one place that decides "may this user see / do this" (issue 2 §6).
 * Every route names an action; the web layer asks `authorize` before running the handler,
 * and navigation shows only the entries whose action is allowed.
 */
import type { Actor, Perimeter, Role } from '../identity/entities/role.js';

/** Something the request is about, with the facts that place it in a perimeter. */
export type AuthzObject =
  | { type: 'organisation'; id: number; regionCode: string | null; departementCode: string | null }
  | { type: 'user'; id: number }
  | { type: 'call'; id: number; status: string }
  | {
      type: 'application';
      id: number;
      leadOrganisationId: number;
      departementCode: string;
      regionCode: string;
      status: string;
      /** Users invited by e-mail to co-edit (issue 3 §2). */
      collaboratorUserIds: number[];
      /** Experts invited on it by the commissaire (issue 4 §2): the only experts who see it. */
      expertUserIds: number[];
      /** A draft its lead applicant shared with the prefecture, for help in building it (issue 4 §1). */
      sharedWithPrefecture: boolean;
    }
  | {
      /** The operating space of a selected territory (issue 5 §1). */
      type: 'space';
      id: number;
      /** The lead applicant's organisation (the département): its coordinator runs the space. */
      leadOrganisationId: number;
      memberOrganisationIds: number[];
      /** Professionals invited in the space and not deactivated. */
      activeProfessionalUserIds: number[];
    }
  | {
      /** A person's pathway (issue 5, SPIE-7): seen by its members and the managers of the organisation holding it. */
      type: 'pathway';
      id: number;
      spaceId: number;
      holdingOrganisationId: number;
      /** The referent and the members who have not left. */
      memberUserIds: number[];
      /** Former referents inside their read period (SPIE-2): they read, they no longer write. */
      readerUserIds: number[];
      /** The person's own account, if they have one (SPIE-6). */
      personUserId: number | null;
      /** Professionals of the space still active: a deactivated professional loses every pathway. */
      activeProfessionalUserIds: number[];
    };

type Who =
  | { public: true }
  | { signedIn: true }
  | { roles: readonly Role[] };

interface Rule {
  who: Who;
  /** Agents invited to co-edit an application are allowed whatever their role. */
  collaborators?: true;
  /** When set, the object must lie inside the perimeter of one of the actor's matching assignments. */
  perimeterCheck?: true;
  /** Deny with 404 rather than 403: the object's very existence is not to be disclosed. */
  hideExistence?: true;
  /** On a space: only the coordinator of its lead organisation (the département). */
  spaceLead?: true;
  /** On a pathway: former referents inside their read period are allowed too (reading only). */
  formerReaders?: true;
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
  'call.list': { who: { roles: AGENT_ROLES } },
  'call.view': { who: { roles: AGENT_ROLES }, perimeterCheck: true, hideExistence: true },
  'call.manage': { who: { roles: ['national_admin'] } },
  'application.list': { who: { roles: AGENT_ROLES } },
  'application.create': { who: { roles: ['lead_applicant'] } },
  'application.view': { who: { roles: AGENT_ROLES }, perimeterCheck: true, hideExistence: true, collaborators: true },
  'application.edit': {
    who: { roles: ['lead_applicant', 'consortium_member', 'territory_coordinator'] },
    perimeterCheck: true,
    hideExistence: true,
    collaborators: true,
  },
  'application.submit': { who: { roles: ['lead_applicant'] }, perimeterCheck: true, hideExistence: true },
  'application.invite': { who: { roles: ['lead_applicant'] }, perimeterCheck: true, hideExistence: true },
  /** « Aide à constituer le dossier » (issue 4 §1): the lead applicant shares its draft with the département's prefecture. */
  'application.share': { who: { roles: ['lead_applicant'] }, perimeterCheck: true, hideExistence: true },
  /** Exchanges on an application (issue 4 §3): whoever may see it may write, with the same perimeter. */
  'application.message': {
    // The SPIE's professionals are not parties to the AMI: they neither read nor write its exchanges.
    who: { roles: AGENT_ROLES.filter((role) => role !== 'professional') },
    perimeterCheck: true,
    hideExistence: true,
    collaborators: true,
  },
  /** The scoring grid (issue 4 §2): filled by the State's reviewers, read by them and the national team. */
  'application.score': { who: { roles: ['departement_prefect', 'regional_prefect', 'poverty_commissioner', 'expert'] }, perimeterCheck: true, hideExistence: true },
  /** The prefects' and collegial opinions are the State's: never shown to the applicant (pages, API, exports). */
  'application.readOpinions': {
    who: { roles: ['national_admin', 'regional_prefect', 'poverty_commissioner', 'expert', 'departement_prefect'] },
    perimeterCheck: true,
    hideExistence: true,
  },
  'application.readScores': {
    who: { roles: ['national_admin', 'regional_prefect', 'poverty_commissioner', 'expert', 'departement_prefect'] },
    perimeterCheck: true,
    hideExistence: true,
  },
  /** Review (issue 4): prefects' opinion, the commissaire's collegial opinion and expert invitations, experts' contributions. */
  'application.opine': { who: { roles: ['departement_prefect', 'regional_prefect'] }, perimeterCheck: true, hideExistence: true },
  'application.collegialOpinion': { who: { roles: ['poverty_commissioner'] }, perimeterCheck: true, hideExistence: true },
  'application.inviteExpert': { who: { roles: ['poverty_commissioner'] }, perimeterCheck: true, hideExistence: true },
  'application.contribute': { who: { roles: ['expert'] }, perimeterCheck: true, hideExistence: true },
  /** AMI-20: the State's reviewers return a submitted application to its authors for completion. */
  'application.return': {
    who: { roles: ['national_admin', 'regional_prefect', 'poverty_commissioner', 'departement_prefect'] },
    perimeterCheck: true,
    hideExistence: true,
  },
  /** AMI-21: confidential contributions and working notes; never the applicant. */
  'application.readConfidential': {
    who: { roles: ['national_admin', 'regional_prefect', 'poverty_commissioner', 'expert', 'departement_prefect'] },
    perimeterCheck: true,
  },
  'call.decide': { who: { roles: ['national_admin'] } },
  /** The call's scoring grid is the national team's, like the call itself. */
  'call.grid': { who: { roles: ['national_admin'] } },
  /** Export of a call's applications (issue 4 §6): rows are limited to the viewer's perimeter by the export itself. */
  'call.export': { who: { roles: ['national_admin', 'regional_prefect', 'poverty_commissioner', 'departement_prefect', 'lead_applicant'] }, perimeterCheck: true, hideExistence: true },
  /** AMI-23: the grant agreement and its payments — seen by the beneficiary and the State's services, kept by the national team. */
  'agreement.view': {
    who: { roles: ['national_admin', 'lead_applicant', 'territory_coordinator', 'departement_prefect', 'regional_prefect', 'poverty_commissioner'] },
    perimeterCheck: true,
    hideExistence: true,
  },
  'agreement.manage': { who: { roles: ['national_admin'] } },
  'user.list': { who: { roles: ['national_admin'] } },
  'audit.read': { who: { roles: ['national_admin'] } },
  'outbox.read': { who: { roles: ['national_admin'] } },
  'person.space': { who: { roles: ['person'] } },
  /** Issue 5 — the territory's SPIE in operation (SPIE-1…8). */
  /** « Mon SPIE »: the spaces one works in (the list shows only those `space.view` allows). */
  'space.list': { who: { roles: ['professional', 'territory_coordinator'] } },
  'space.view': { who: { roles: ['professional', 'territory_coordinator'] }, perimeterCheck: true, hideExistence: true },
  'space.manage': { who: { roles: ['territory_coordinator'] }, perimeterCheck: true, hideExistence: true, spaceLead: true },
  /** SPIE-1: any member organisation opens a pathway, after looking for the person. */
  'person.search': { who: { roles: ['professional', 'territory_coordinator'] }, perimeterCheck: true, hideExistence: true },
  'pathway.open': { who: { roles: ['professional', 'territory_coordinator'] }, perimeterCheck: true, hideExistence: true },
  /** SPIE-4: the département accepts or refuses orientation requests and sees the « à orienter » queue. */
  'orientation.decide': { who: { roles: ['territory_coordinator'] }, perimeterCheck: true, hideExistence: true, spaceLead: true },
  'person.import': { who: { roles: ['territory_coordinator'] }, perimeterCheck: true, hideExistence: true, spaceLead: true },
  /** SPIE-7: a pathway is seen by its members, the managers of its holding organisation, and former referents for a while. */
  'pathway.view': { who: { roles: ['professional', 'territory_coordinator'] }, perimeterCheck: true, hideExistence: true, formerReaders: true },
  'pathway.edit': { who: { roles: ['professional', 'territory_coordinator'] }, perimeterCheck: true, hideExistence: true },
  /** RGPD art. 15 on the person's behalf: the manager (coordinator) of the organisation holding the pathway. */
  'person.export': { who: { roles: ['territory_coordinator'] }, perimeterCheck: true, hideExistence: true },
  /** SPIE-6: the person sees their own pathway, adds to it, and sees who accessed it. */
  'pathway.own': { who: { roles: ['person'] }, perimeterCheck: true, hideExistence: true },
  /** Issue 6 — the catalogue of insertion services: the space's professionals search it, its coordinator imports and exports it. */
  'catalogue.search': { who: { roles: ['professional', 'territory_coordinator'] }, perimeterCheck: true, hideExistence: true },
  'catalogue.manage': { who: { roles: ['territory_coordinator'] }, perimeterCheck: true, hideExistence: true, spaceLead: true },
  /** « Mes services »: the member organisations' agents maintain their own services (their structure scopes the queries). */
  'catalogue.maintain': { who: { roles: ['professional', 'territory_coordinator'] }, perimeterCheck: true, hideExistence: true },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;

export function isAction(value: string): value is Action {
  return Object.hasOwn(RULES, value);
}

export type Decision =
  | { allowed: true }
  | { allowed: false; status: 401 | 403 | 404; reason: string };

/**
 * Whether an object lies inside a perimeter. Calls: drafts are the national team's only.
 * Applications: the lead organisation's own; for the State's services of the territory (region,
 * département), only once submitted — a draft belongs to its authors, unless they shared it with
 * the prefecture of its département (issue 4 §1), which then sees it too.
 */
function inPerimeter(perimeter: Perimeter, actor: Actor, object: AuthzObject): boolean {
  // A person's data is nobody's by rank: spaces and pathways are decided by `reachesOperation`.
  if (object.type === 'space' || object.type === 'pathway') return false;
  if (perimeter.kind === 'national') return true;
  switch (object.type) {
    case 'user':
      return perimeter.kind === 'self' && object.id === actor.userId;
    case 'call':
      return perimeter.kind !== 'self' && object.status !== 'draft';
    case 'organisation':
      if (perimeter.kind === 'region') return object.regionCode === perimeter.regionCode;
      if (perimeter.kind === 'departement') return object.departementCode === perimeter.departementCode;
      return perimeter.kind === 'organisation' && object.id === perimeter.organisationId;
    case 'application':
      if (perimeter.kind === 'organisation') return object.leadOrganisationId === perimeter.organisationId;
      if (object.status === 'draft') return perimeter.kind === 'departement' && object.sharedWithPrefecture && object.departementCode === perimeter.departementCode;
      if (perimeter.kind === 'region') return object.regionCode === perimeter.regionCode;
      if (perimeter.kind === 'departement') return object.departementCode === perimeter.departementCode;
      return false;
  }
}

/**
 * Spaces and pathways (issue 5): reached through the organisation an assignment is held on, and for
 * professionals only while they are active in the space; a pathway only by its members and by the
 * coordinator (manager) of the organisation holding it (SPIE-7), or by the person themself (SPIE-6).
 */
function reachesOperation(assignment: { role: Role; perimeter: Perimeter }, actor: Actor, object: AuthzObject, rule: Rule): boolean {
  const { role, perimeter } = assignment;
  if (object.type === 'space') {
    if (perimeter.kind !== 'organisation') return false;
    if (rule.spaceLead) return role === 'territory_coordinator' && perimeter.organisationId === object.leadOrganisationId;
    if (!object.memberOrganisationIds.includes(perimeter.organisationId)) return false;
    return role === 'territory_coordinator' || object.activeProfessionalUserIds.includes(actor.userId);
  }
  if (object.type === 'pathway') {
    if (role === 'person') return perimeter.kind === 'self' && object.personUserId === actor.userId;
    if (perimeter.kind !== 'organisation') return false;
    if (role === 'territory_coordinator' && perimeter.organisationId === object.holdingOrganisationId) return true;
    if (!object.activeProfessionalUserIds.includes(actor.userId)) return false;
    return object.memberUserIds.includes(actor.userId) || (rule.formerReaders === true && object.readerUserIds.includes(actor.userId));
  }
  return false;
}

function isAgent(actor: Actor): boolean {
  return actor.assignments.some((a) => (AGENT_ROLES as readonly Role[]).includes(a.role));
}

export function authorize(actor: Actor | null, action: Action, object?: AuthzObject): Decision {
  const rule: Rule = RULES[action];
  if ('public' in rule.who) return { allowed: true };
  if (!actor) return { allowed: false, status: 401, reason: 'Connexion requise.' };
  if ('signedIn' in rule.who) return { allowed: true };
  if (rule.collaborators && object?.type === 'application' && object.collaboratorUserIds.includes(actor.userId) && isAgent(actor)) {
    return { allowed: true };
  }
  const roles: readonly Role[] = rule.who.roles;
  const matching = actor.assignments.filter((a) => roles.includes(a.role));
  if (matching.length === 0) {
    return rule.hideExistence
      ? { allowed: false, status: 404, reason: 'Cet élément est hors de votre périmètre.' }
      : { allowed: false, status: 403, reason: 'Votre rôle ne permet pas cette action.' };
  }
  if (rule.perimeterCheck) {
    if (!object) throw new Error(`L’action ${action} porte sur un objet, qui n’a pas été fourni.`);
    const reaches = (a: (typeof matching)[number]) =>
      object.type === 'space' || object.type === 'pathway'
        ? reachesOperation(a, actor, object, rule)
        : // An expert reaches only the applications they are invited on (issue 4 §1), whatever their region.
          a.role === 'expert' && object.type === 'application'
          ? object.expertUserIds.includes(actor.userId) && object.status !== 'draft'
          : inPerimeter(a.perimeter, actor, object);
    if (!matching.some(reaches)) {
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
