import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './sign-in-common.js';

describe('safeReturnPath', () => {
  it('keeps a local path with its query', () => {
    expect(safeReturnPath('/organisations/3?onglet=membres')).toBe('/organisations/3?onglet=membres');
  });
  it.each(['//evil.example', '/\\evil.example', '/\t/evil.example', '/%09/evil.example'.replace('%09', '\t'), '/\n/evil.example', 'https://evil.example', 'evil', '', '/\u0000'])(
    'refuses %j, which a browser could send elsewhere',
    (value) => {
      expect(safeReturnPath(value)).toBeNull();
    },
  );
  it('keeps an encoded tab harmless (it stays in the path)', () => {
    expect(safeReturnPath('/%09/evil.example')).toBe('/%09/evil.example');
  });
});
