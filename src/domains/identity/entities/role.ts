/**
 * Roles and the perimeter each one is held on (issue 2 §5; seed annex 1).
 * A user holds role assignments; each assignment is scoped to one perimeter.
 */
export const ROLES = {
  national_admin: { label: 'Équipe nationale (DGEFP)', perimeter: 'national' },
  regional_prefect: { label: 'Préfet de région', perimeter: 'region' },
  poverty_commissioner: { label: 'Commissaire à la lutte contre la pauvreté', perimeter: 'region' },
  expert: { label: 'Expert (DREETS)', perimeter: 'region' },
  departement_prefect: { label: 'Préfet de département', perimeter: 'departement' },
  lead_applicant: { label: 'Porteur de candidature', perimeter: 'organisation' },
  consortium_member: { label: 'Membre du consortium', perimeter: 'organisation' },
  professional: { label: 'Professionnel de l’insertion', perimeter: 'organisation' },
  territory_coordinator: { label: 'Coordinateur du territoire', perimeter: 'organisation' },
  person: { label: 'Personne accompagnée', perimeter: 'self' },
} as const satisfies Record<string, { label: string; perimeter: PerimeterKind }>;

export type Role = keyof typeof ROLES;
export type PerimeterKind = 'national' | 'region' | 'departement' | 'organisation' | 'self';

export type Perimeter =
  | { kind: 'national' }
  | { kind: 'region'; regionCode: string }
  | { kind: 'departement'; departementCode: string }
  | { kind: 'organisation'; organisationId: number }
  | { kind: 'self' };

export interface RoleAssignment {
  role: Role;
  perimeter: Perimeter;
}

/** The signed-in user as the rest of the code sees them. */
export interface Actor {
  userId: number;
  displayName: string;
  organisationId: number | null;
  assignments: RoleAssignment[];
}

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

/** Builds a perimeter from its stored form (kind + code), refusing one that does not fit the role. */
export function perimeterFromStored(role: Role, kind: string, code: string): Perimeter {
  const expected = ROLES[role].perimeter;
  if (kind !== expected) throw new Error(`Le rôle ${role} se porte sur un périmètre ${expected}, pas ${kind}.`);
  switch (expected) {
    case 'national':
      return { kind: 'national' };
    case 'region':
      return { kind: 'region', regionCode: code };
    case 'departement':
      return { kind: 'departement', departementCode: code };
    case 'organisation':
      return { kind: 'organisation', organisationId: Number(code) };
    case 'self':
      return { kind: 'self' };
  }
}

export function perimeterCode(perimeter: Perimeter): string {
  switch (perimeter.kind) {
    case 'national':
    case 'self':
      return '';
    case 'region':
      return perimeter.regionCode;
    case 'departement':
      return perimeter.departementCode;
    case 'organisation':
      return String(perimeter.organisationId);
  }
}
