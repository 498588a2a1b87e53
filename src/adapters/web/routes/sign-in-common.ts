/** Shared by the sign-in routes. */

/** At most 10 sign-in attempts a minute from one address. */
export const SIGN_IN_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

/** Only a local path may be a return address after sign-in (no open redirect). */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}
