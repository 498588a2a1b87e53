/**
 * SPIE-4: the orientation of a person (RSA): professional, socio-professional or social, towards a
 * receiving organisation and a referent. A request is pending until the département accepts or
 * refuses it; a refusal always gives its reason.
 */
export const ORIENTATION_KINDS = {
  professional: 'Professionnelle',
  socio_professional: 'Socio-professionnelle',
  social: 'Sociale',
} as const;
export type OrientationKind = keyof typeof ORIENTATION_KINDS;

export function isOrientationKind(value: string): value is OrientationKind {
  return Object.hasOwn(ORIENTATION_KINDS, value);
}

export const ORIENTATION_STATUSES = { pending: 'En attente', accepted: 'Acceptée', refused: 'Refusée' } as const;
export type OrientationStatus = keyof typeof ORIENTATION_STATUSES;

export type OrientationDecision = { ok: true; status: 'accepted' | 'refused'; reason: string } | { ok: false; message: string };

export function checkOrientationDecision(current: string, decision: string, reason: string): OrientationDecision {
  if (current !== 'pending') return { ok: false, message: 'Cette demande d’orientation a déjà reçu une réponse.' };
  const text = reason.trim();
  if (decision === 'accepted') return { ok: true, status: 'accepted', reason: text };
  if (decision !== 'refused') return { ok: false, message: 'Choisissez d’accepter ou de refuser la demande.' };
  if (!text) return { ok: false, message: 'Indiquez le motif du refus : il sera communiqué au professionnel qui a fait la demande.' };
  return { ok: true, status: 'refused', reason: text };
}

/**
 * Whole days a person has waited since their RSA rights opened, in Paris calendar days (the
 * territory is judged on it: target one month). Null when the opening date is unknown.
 */
export function daysWaiting(rsaRightsOpenedOn: string | null, todayInParis: string): number | null {
  if (!rsaRightsOpenedOn) return null;
  const from = Date.parse(`${rsaRightsOpenedOn}T00:00:00Z`);
  const to = Date.parse(`${todayInParis}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return Math.max(0, Math.round((to - from) / 86_400_000));
}
