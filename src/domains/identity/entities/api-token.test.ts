import { describe, expect, it } from 'vitest';
import { API_TOKEN_PATTERN, bearerTokenOf, generateApiToken, hashApiToken } from './api-token.js';

describe('API tokens', () => {
  it('are 32 random bytes in base64url, different each time', () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a).toMatch(API_TOKEN_PATTERN);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('are stored as their SHA-256 in hex (known vector), never as themselves', () => {
    expect(hashApiToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = generateApiToken();
    expect(hashApiToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken(token)).not.toContain(token);
  });

  it('are read from a Bearer header only when well formed', () => {
    const token = generateApiToken();
    expect(bearerTokenOf(`Bearer ${token}`)).toBe(token);
    expect(bearerTokenOf(`bearer ${token}`)).toBe(token);
    expect(bearerTokenOf(`Basic ${token}`)).toBeNull();
    expect(bearerTokenOf(`Bearer ${token}x`)).toBeNull();
    expect(bearerTokenOf(`Bearer ${token} other`)).toBeNull();
    expect(bearerTokenOf('Bearer')).toBeNull();
  });
});
