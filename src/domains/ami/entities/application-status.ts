/** An application's lifecycle (AMI-20). */
export const APPLICATION_STATUSES = {
  draft: 'Brouillon',
  submitted: 'Déposée',
  under_review: 'En instruction',
  returned: 'À compléter',
  opinions_given: 'Avis rendus',
  selected: 'Lauréate',
  not_selected: 'Non retenue',
  withdrawn: 'Retirée',
} as const;
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

/** Its authors may change it only while it is a draft or returned for completion. */
export function isEditable(status: string): boolean {
  return status === 'draft' || status === 'returned';
}

export function applicationStatusLabel(status: string): string {
  return (APPLICATION_STATUSES as Record<string, string>)[status] ?? status;
}
