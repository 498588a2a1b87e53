/** A call's lifecycle (AMI-1): draft → published → closed → decided. */
export const CALL_STATUSES = {
  draft: 'Brouillon',
  published: 'Publié',
  closed: 'Clos',
  decided: 'Décidé',
} as const;
export type CallStatus = keyof typeof CALL_STATUSES;

const NEXT: Record<CallStatus, CallStatus | null> = { draft: 'published', published: 'closed', closed: 'decided', decided: null };

export function canMoveCall(from: string, to: CallStatus): boolean {
  return (NEXT as Record<string, CallStatus | null>)[from] === to;
}

export function callStatusLabel(status: string): string {
  return (CALL_STATUSES as Record<string, string>)[status] ?? status;
}
