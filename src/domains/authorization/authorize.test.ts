import { describe, expect, it } from 'vitest';
import type { Actor, Role, Perimeter } from '../identity/entities/role.js';
import { authorize, organisationScope, RULES, type Action, type AuthzObject } from './authorize.js';

const actor = (role: Role, perimeter: Perimeter, userId = 1): Actor => ({
  userId,
  displayName: 'Test',
  organisationId: perimeter.kind === 'organisation' ? perimeter.organisationId : null,
  assignments: [{ role, perimeter }],
});

const orgIn49: AuthzObject = { type: 'organisation', id: 7, regionCode: '52', departementCode: '49' };
const orgIn72: AuthzObject = { type: 'organisation', id: 8, regionCode: '52', departementCode: '72' };
const orgIn75: AuthzObject = { type: 'organisation', id: 9, regionCode: '11', departementCode: '75' };

describe('authorize', () => {
  it('lets anyone see public pages, and asks a visitor to sign in for the rest', () => {
    expect(authorize(null, 'public.view')).toEqual({ allowed: true });
    expect(authorize(null, 'dashboard.view')).toMatchObject({ allowed: false, status: 401 });
  });

  it('keeps the audit trail to the national team', () => {
    expect(authorize(actor('national_admin', { kind: 'national' }), 'audit.read').allowed).toBe(true);
    expect(authorize(actor('regional_prefect', { kind: 'region', regionCode: '52' }), 'audit.read')).toMatchObject({
      allowed: false,
      status: 403,
    });
    expect(authorize(actor('person', { kind: 'self' }), 'audit.read').allowed).toBe(false);
  });

  it('lets a département prefect see organisations of their département only, hiding the others (404)', () => {
    const prefect49 = actor('departement_prefect', { kind: 'departement', departementCode: '49' });
    expect(authorize(prefect49, 'organisation.view', orgIn49).allowed).toBe(true);
    expect(authorize(prefect49, 'organisation.view', orgIn72)).toMatchObject({ allowed: false, status: 404 });
  });

  it('lets a regional prefect see every organisation of the region, not beyond', () => {
    const prefect52 = actor('regional_prefect', { kind: 'region', regionCode: '52' });
    expect(authorize(prefect52, 'organisation.view', orgIn49).allowed).toBe(true);
    expect(authorize(prefect52, 'organisation.view', orgIn72).allowed).toBe(true);
    expect(authorize(prefect52, 'organisation.view', orgIn75).allowed).toBe(false);
  });

  it('lets an organisation’s professional see their own organisation only', () => {
    const pro = actor('professional', { kind: 'organisation', organisationId: 7 });
    expect(authorize(pro, 'organisation.view', orgIn49).allowed).toBe(true);
    expect(authorize(pro, 'organisation.view', orgIn72).allowed).toBe(false);
  });

  it('answers 404, never 403, to a role that may not see an object whose existence is confidential', () => {
    const person = actor('person', { kind: 'self' });
    expect(authorize(person, 'organisation.view', orgIn49)).toMatchObject({ allowed: false, status: 404 });
  });

  it('keeps agents’ pages from the person accompanied', () => {
    const person = actor('person', { kind: 'self' });
    expect(authorize(person, 'organisation.list').allowed).toBe(false);
    expect(authorize(person, 'person.space').allowed).toBe(true);
    expect(authorize(actor('professional', { kind: 'organisation', organisationId: 7 }), 'person.space').allowed).toBe(false);
  });

  it('has a rule for every action it declares', () => {
    for (const action of Object.keys(RULES) as Action[]) {
      expect(() => authorize(actor('national_admin', { kind: 'national' }), action, orgIn49)).not.toThrow();
    }
  });
});

describe('organisationScope', () => {
  it('unions the perimeters of every agent assignment', () => {
    const multi: Actor = {
      userId: 1,
      displayName: 'x',
      organisationId: 7,
      assignments: [
        { role: 'departement_prefect', perimeter: { kind: 'departement', departementCode: '49' } },
        { role: 'professional', perimeter: { kind: 'organisation', organisationId: 7 } },
      ],
    };
    expect(organisationScope(multi)).toEqual({ all: false, regionCodes: [], departementCodes: ['49'], organisationIds: [7] });
    expect(organisationScope(actor('national_admin', { kind: 'national' })).all).toBe(true);
  });
});
