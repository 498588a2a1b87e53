/** Opinions in the review of an application (domain.md §1.3, seed annex 1). */
export const OPINION_VERDICTS = {
  favourable: 'Favorable',
  reserve: 'Réservé',
  defavorable: 'Défavorable',
} as const;
export type OpinionVerdict = keyof typeof OPINION_VERDICTS;

export const OPINION_KINDS = {
  departement_prefect: 'Avis du préfet de département',
  regional_prefect: 'Avis du préfet de région',
  expert: 'Contribution d’expert',
  collegial: 'Avis collégial du commissaire',
} as const;
export type OpinionKind = keyof typeof OPINION_KINDS;

/** Opinions are given once the application is submitted, until the national decision. */
export function acceptsOpinions(status: string): boolean {
  return status === 'submitted' || status === 'under_review' || status === 'opinions_given';
}

/** AMI-20: the first opinion opens the review; the collegial opinion closes it. */
export function statusAfterOpinion(status: string, kind: OpinionKind): string {
  if (kind === 'collegial') return 'opinions_given';
  return status === 'submitted' ? 'under_review' : status;
}
