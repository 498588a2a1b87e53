/**
 * API tokens (issue 3 §6): 32 random bytes in base64url, shown once to the administrator who creates
 * them; only their SHA-256 is stored, so a copy of the database does not give access to the API.
 */
import { createHash, randomBytes } from 'node:crypto';

/** 32 bytes in base64url without padding: 43 characters. */
export const API_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateApiToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of the token, in lowercase hex (64 characters: the `api_token.token_hash` column). */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token of an `Authorization: Bearer …` header; null when the header is not a well-formed bearer token. */
export function bearerTokenOf(header: string): string | null {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  const token = match?.[1];
  return token && API_TOKEN_PATTERN.test(token) ? token : null;
}
