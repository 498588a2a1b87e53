/** Shared by the sign-in routes. */

import type { Config } from '../../../config.js';

/** Sign-in attempts are limited per address (SIGN_IN_RATE_LIMIT_PER_MINUTE, 30 by default). */
export function signInRateLimit(config: Config) {
  return { max: config.signInRateLimitPerMinute, timeWindow: '1 minute' };
}

/** Only a local path may be a return address after sign-in (no open redirect). */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return null;
  // Browsers drop tabs and newlines and read "\\" as "/": refuse them all, then check the URL stays here.
  if (!value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return null;
  const base = 'http://spie.invalid';
  const url = new URL(value, base);
  return url.origin === base ? `${url.pathname}${url.search}` : null;
}
