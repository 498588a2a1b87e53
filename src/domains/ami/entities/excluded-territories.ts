/**
 * AMI-3: the territories selected in the 2020 experiments are not concerned by the AMI; they get
 * complementary credits instead (parcours d’approfondissement). Calls exclude them by default.
 */

/** The 14 experiment territories (since March 2020), with their département codes (COG). */
export const EXPERIMENT_TERRITORIES_2020: readonly { name: string; codes: readonly string[] }[] = [
  { name: 'Loire-Atlantique', codes: ['44'] },
  { name: 'Meurthe-et-Moselle', codes: ['54'] },
  { name: 'Nord', codes: ['59'] },
  { name: 'Bas-Rhin', codes: ['67'] },
  { name: 'Haute-Savoie', codes: ['74'] },
  { name: 'Seine-Maritime', codes: ['76'] },
  { name: 'Somme', codes: ['80'] },
  { name: 'Yonne', codes: ['89'] },
  { name: 'Seine-Saint-Denis', codes: ['93'] },
  { name: 'Val-de-Marne', codes: ['94'] },
  { name: 'Martinique', codes: ['972'] },
  { name: 'La Réunion', codes: ['974'] },
  { name: 'Région Bretagne', codes: ['22', '29', '35', '56'] },
  { name: 'Métropole de Lyon', codes: ['69M'] },
];

/** Default excluded territories of a call: every département code of the 14 experiment territories. */
export const DEFAULT_EXCLUDED_TERRITORIES: readonly string[] = EXPERIMENT_TERRITORIES_2020.flatMap((t) => t.codes);

const normalise = (code: string) => code.trim().toUpperCase();

/** AMI-3: whether the département (COG code: '44', '2A', '974', '69M') is excluded by the call. */
export function isExcludedTerritory(departementCode: string, excluded: readonly string[]): boolean {
  const code = normalise(departementCode);
  return excluded.some((c) => normalise(c) === code);
}

/** The experiment territory a département belongs to, if any. */
export function experimentTerritoryOf(departementCode: string): { name: string; codes: readonly string[] } | undefined {
  const code = normalise(departementCode);
  return EXPERIMENT_TERRITORIES_2020.find((t) => t.codes.includes(code));
}

/** AMI-3: why the territory is refused; for an experiment territory, points to the complementary track. */
export function excludedTerritoryMessage(departementCode: string): string {
  const code = normalise(departementCode);
  const experiment = experimentTerritoryOf(code);
  if (!experiment) return `Ce territoire (${code}) est exclu de cet appel à manifestation d’intérêt.`;
  const which = experiment.codes.length > 1 ? `${code}, ${experiment.name}` : `${experiment.name}, ${code}`;
  return (
    `Ce territoire (${which}) est un territoire d’expérimentation 2020 : il n’est pas concerné par l’AMI ` +
    'et bénéficie de crédits complémentaires (parcours d’approfondissement).'
  );
}
