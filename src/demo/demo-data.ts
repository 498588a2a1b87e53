/**
 * Demo organisations and users: one user for each role, in Maine-et-Loire (49) and Sarthe (72),
 * région Pays de la Loire (52) — territories not excluded by AMI-3. The SIRET numbers are fictitious
 * but their check keys are valid. E-mail addresses use the reserved .test domain.
 */
import type { OrganisationKind } from '../domains/organisation/entities/organisation-kind.js';
import type { PerimeterKind, Role } from '../domains/identity/entities/role.js';

export interface DemoOrganisation {
  key: string;
  name: string;
  siret: string;
  kind: OrganisationKind;
  departementCode: string | null;
  regionCode: string | null;
}

export interface DemoUser {
  givenName: string;
  familyName: string;
  email: string;
  organisation: string | null;
  roles: { role: Role; perimeter: PerimeterKind; code: string | 'own-organisation' }[];
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { key: 'dgefp', name: 'Ministère du Travail — DGEFP', siret: '11000000100013', kind: 'ministry', departementCode: '75', regionCode: '11' },
  { key: 'pref-52', name: 'Préfecture de la région Pays de la Loire', siret: '13000005200014', kind: 'prefecture', departementCode: '44', regionCode: '52' },
  { key: 'dreets-52', name: 'DREETS Pays de la Loire', siret: '13000005200022', kind: 'dreets', departementCode: '44', regionCode: '52' },
  { key: 'pref-49', name: 'Préfecture de Maine-et-Loire', siret: '13000004900010', kind: 'prefecture', departementCode: '49', regionCode: '52' },
  { key: 'pref-72', name: 'Préfecture de la Sarthe', siret: '13000007200012', kind: 'prefecture', departementCode: '72', regionCode: '52' },
  { key: 'cd-49', name: 'Conseil départemental de Maine-et-Loire', siret: '22490001000014', kind: 'conseil_departemental', departementCode: '49', regionCode: '52' },
  { key: 'ft-49', name: 'France Travail — Angers', siret: '13000490000127', kind: 'france_travail', departementCode: '49', regionCode: '52' },
  { key: 'ml-49', name: 'Mission locale angevine', siret: '77500490000145', kind: 'mission_locale', departementCode: '49', regionCode: '52' },
  { key: 'ccas-angers', name: 'CCAS d’Angers', siret: '26490001000010', kind: 'ccas', departementCode: '49', regionCode: '52' },
  { key: 'asso-49', name: 'Association Tremplin Mobilité 49', siret: '78900490000153', kind: 'association', departementCode: '49', regionCode: '52' },
  { key: 'cd-72', name: 'Conseil départemental de la Sarthe', siret: '22720001000014', kind: 'conseil_departemental', departementCode: '72', regionCode: '52' },
  { key: 'cd-59', name: 'Conseil départemental du Nord', siret: '22590001000011', kind: 'conseil_departemental', departementCode: '59', regionCode: '32' },
];

const own = 'own-organisation' as const;

export const DEMO_USERS: DemoUser[] = [
  { givenName: 'Nadia', familyName: 'Benali', email: 'nadia.benali@dgefp.demo.test', organisation: 'dgefp', roles: [{ role: 'national_admin', perimeter: 'national', code: '' }] },
  { givenName: 'Pierre', familyName: 'Lemoine', email: 'pierre.lemoine@prefecture52.demo.test', organisation: 'pref-52', roles: [{ role: 'regional_prefect', perimeter: 'region', code: '52' }] },
  { givenName: 'Claire', familyName: 'Fontaine', email: 'claire.fontaine@prefecture52.demo.test', organisation: 'pref-52', roles: [{ role: 'poverty_commissioner', perimeter: 'region', code: '52' }] },
  { givenName: 'Hugo', familyName: 'Marchand', email: 'hugo.marchand@dreets52.demo.test', organisation: 'dreets-52', roles: [{ role: 'expert', perimeter: 'region', code: '52' }] },
  { givenName: 'Sophie', familyName: 'Garnier', email: 'sophie.garnier@prefecture49.demo.test', organisation: 'pref-49', roles: [{ role: 'departement_prefect', perimeter: 'departement', code: '49' }] },
  { givenName: 'Marc', familyName: 'Dubois', email: 'marc.dubois@prefecture72.demo.test', organisation: 'pref-72', roles: [{ role: 'departement_prefect', perimeter: 'departement', code: '72' }] },
  { givenName: 'Isabelle', familyName: 'Roux', email: 'isabelle.roux@cd49.demo.test', organisation: 'cd-49', roles: [{ role: 'lead_applicant', perimeter: 'organisation', code: own }] },
  { givenName: 'Thomas', familyName: 'Girard', email: 'thomas.girard@cd49.demo.test', organisation: 'cd-49', roles: [{ role: 'territory_coordinator', perimeter: 'organisation', code: own }] },
  { givenName: 'Karim', familyName: 'Haddad', email: 'karim.haddad@francetravail49.demo.test', organisation: 'ft-49', roles: [{ role: 'consortium_member', perimeter: 'organisation', code: own }] },
  { givenName: 'Julie', familyName: 'Perrin', email: 'julie.perrin@missionlocale49.demo.test', organisation: 'ml-49', roles: [{ role: 'professional', perimeter: 'organisation', code: own }] },
  { givenName: 'Lucas', familyName: 'Bernard', email: 'lucas.bernard@francetravail49.demo.test', organisation: 'ft-49', roles: [{ role: 'professional', perimeter: 'organisation', code: own }] },
  { givenName: 'Nathalie', familyName: 'Blanc', email: 'nathalie.blanc@cd49.demo.test', organisation: 'cd-49', roles: [{ role: 'professional', perimeter: 'organisation', code: own }] },
  { givenName: 'Antoine', familyName: 'Morel', email: 'antoine.morel@cd72.demo.test', organisation: 'cd-72', roles: [{ role: 'lead_applicant', perimeter: 'organisation', code: own }] },
  { givenName: 'Élodie', familyName: 'Lefèvre-Martin', email: 'elodie.lefevre-martin@personne.demo.test', organisation: null, roles: [{ role: 'person', perimeter: 'self', code: '' }] },
];
