/** French names of the kinds of EPCI used by the COG (CA, CC, CU, METRO, MET69). */
const EPCI_KINDS: Record<string, string> = {
  CA: 'Communauté d’agglomération',
  CC: 'Communauté de communes',
  CU: 'Communauté urbaine',
  METRO: 'Métropole',
  MET69: 'Métropole de Lyon',
};

export function epciKindLabel(kind: string): string {
  return EPCI_KINDS[kind] ?? kind;
}
