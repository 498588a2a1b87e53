/** The kinds of organisation the SPIE deals with (domain.md §1.2), with their French labels. */
export const ORGANISATION_KINDS = {
  conseil_departemental: 'Conseil départemental',
  france_travail: 'France Travail',
  mission_locale: 'Mission locale',
  cap_emploi: 'Cap emploi',
  caf: 'Caisse d’allocations familiales (CAF)',
  msa: 'Mutualité sociale agricole (MSA)',
  ccas: 'Centre communal d’action sociale (CCAS)',
  cias: 'Centre intercommunal d’action sociale (CIAS)',
  ars: 'Agence régionale de santé (ARS)',
  siao: 'Service intégré d’accueil et d’orientation (SIAO)',
  social_landlord: 'Bailleur social',
  association: 'Association',
  training_body: 'Organisme de formation',
  company: 'Entreprise',
  prefecture: 'Préfecture',
  dreets: 'DREETS',
  ministry: 'Ministère',
  other_local_authority: 'Autre collectivité territoriale',
} as const;

export type OrganisationKind = keyof typeof ORGANISATION_KINDS;

export function isOrganisationKind(value: string): value is OrganisationKind {
  return Object.hasOwn(ORGANISATION_KINDS, value);
}
