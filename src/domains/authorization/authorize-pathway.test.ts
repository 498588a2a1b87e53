/** SPIE-6 and SPIE-7: who reaches a territory's space and a person's pathway. */
import { describe, expect, it } from 'vitest';
import type { Actor, Perimeter, Role } from '../identity/entities/role.js';
import { authorize, type AuthzObject } from './authorize.js';

const actor = (role: Role, perimeter: Perimeter, userId: number): Actor => ({
  userId,
  displayName: 'Test',
  organisationId: perimeter.kind === 'organisation' ? perimeter.organisationId : null,
  assignments: [{ role, perimeter }],
});
const org = (id: number): Perimeter => ({ kind: 'organisation', organisationId: id });

// Space of the CD (org 1) with France Travail (2) and the mission locale (3) as members.
const space: AuthzObject = { type: 'space', id: 1, leadOrganisationId: 1, memberOrganisationIds: [1, 2, 3], activeProfessionalUserIds: [10, 20, 30] };
// A pathway held by the mission locale: referent 30, member 20, former referent 40 in their read period.
const pathway: AuthzObject = {
  type: 'pathway',
  id: 5,
  spaceId: 1,
  holdingOrganisationId: 3,
  memberUserIds: [30, 20],
  readerUserIds: [40],
  personUserId: 99,
  activeProfessionalUserIds: [10, 20, 30, 40],
};

describe('authorize: spaces and pathways (issue 5)', () => {
  it('a space is reached by its active professionals and its coordinators; managing it is the département’s', () => {
    expect(authorize(actor('professional', org(3), 30), 'space.view', space).allowed).toBe(true);
    expect(authorize(actor('professional', org(3), 31), 'space.view', space)).toMatchObject({ allowed: false, status: 404 }); // not invited, or deactivated
    expect(authorize(actor('professional', org(9), 10), 'space.view', space).allowed).toBe(false); // organisation not a member
    expect(authorize(actor('territory_coordinator', org(1), 11), 'space.manage', space).allowed).toBe(true);
    expect(authorize(actor('territory_coordinator', org(2), 21), 'space.manage', space).allowed).toBe(false);
    expect(authorize(actor('territory_coordinator', org(1), 11), 'orientation.decide', space).allowed).toBe(true);
    expect(authorize(actor('national_admin', { kind: 'national' }, 1), 'space.view', space).allowed).toBe(false);
  });

  it('a pathway is seen by its members and the holding organisation’s manager, not by a colleague of the same space (SPIE-7)', () => {
    expect(authorize(actor('professional', org(3), 30), 'pathway.edit', pathway).allowed).toBe(true);
    expect(authorize(actor('professional', org(2), 20), 'pathway.edit', pathway).allowed).toBe(true);
    expect(authorize(actor('professional', org(1), 10), 'pathway.view', pathway)).toMatchObject({ allowed: false, status: 404 });
    expect(authorize(actor('territory_coordinator', org(3), 33), 'pathway.view', pathway).allowed).toBe(true);
    expect(authorize(actor('territory_coordinator', org(1), 11), 'pathway.view', pathway).allowed).toBe(false);
    expect(authorize(actor('national_admin', { kind: 'national' }, 1), 'pathway.view', pathway).allowed).toBe(false);
    expect(authorize(actor('departement_prefect', { kind: 'departement', departementCode: '49' }, 2), 'pathway.view', pathway).allowed).toBe(false);
  });

  it('a former referent reads in their period but no longer writes; a deactivated professional loses it all', () => {
    expect(authorize(actor('professional', org(3), 40), 'pathway.view', pathway).allowed).toBe(true);
    expect(authorize(actor('professional', org(3), 40), 'pathway.edit', pathway).allowed).toBe(false);
    const deactivated = { ...pathway, activeProfessionalUserIds: [10, 20, 40] };
    expect(authorize(actor('professional', org(3), 30), 'pathway.view', deactivated).allowed).toBe(false);
  });

  it('the person sees their own pathway only (SPIE-6)', () => {
    expect(authorize(actor('person', { kind: 'self' }, 99), 'pathway.own', pathway).allowed).toBe(true);
    expect(authorize(actor('person', { kind: 'self' }, 98), 'pathway.own', pathway)).toMatchObject({ allowed: false, status: 404 });
    expect(authorize(actor('person', { kind: 'self' }, 99), 'pathway.view', pathway).allowed).toBe(false);
  });
});

describe('authorize: the AMI exchanges are not the SPIE professionals’', () => {
  const application: AuthzObject = {
    type: 'application',
    id: 1,
    leadOrganisationId: 1,
    departementCode: '49',
    regionCode: '52',
    status: 'submitted',
    collaboratorUserIds: [],
    expertUserIds: [],
    sharedWithPrefecture: false,
  };
  it('a professional of the lead organisation neither reads nor writes them; its lead applicant does', () => {
    expect(authorize(actor('professional', org(1), 10), 'application.message', application)).toMatchObject({ allowed: false, status: 404 });
    expect(authorize(actor('lead_applicant', org(1), 12), 'application.message', application).allowed).toBe(true);
  });
});
