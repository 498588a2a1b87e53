/**
 * The search keys of the people of an RSA list (SPIE-1), computed for a whole file at once. They are
 * exactly `nameKey` and `familyKey` (person-name.ts), but each given or family name is normalised once
 * per import: a list repeats the same first names and family names thousands of times.
 */
import { normaliseName } from './person-name.js';

export interface KeyMaker {
  nameKey(givenName: string, familyName: string): string;
  familyKey(familyName: string): string;
}

/**
 * The words of `normaliseName(given + ' ' + family)` are those of each part: the space between them
 * is a starter (nothing reorders across it in NFD), and every other step works character by character.
 */
export function keyMaker(): KeyMaker {
  const words = new Map<string, string[]>();
  const normalised = new Map<string, string>();
  const wordsOf = (text: string): string[] => {
    let w = words.get(text);
    if (!w) {
      w = normaliseName(text).split(' ').filter(Boolean);
      words.set(text, w);
    }
    return w;
  };
  return {
    nameKey: (givenName, familyName) => [...wordsOf(givenName), ...wordsOf(familyName)].sort().join(' '),
    familyKey: (familyName) => {
      let key = normalised.get(familyName);
      if (key === undefined) {
        key = normaliseName(familyName);
        normalised.set(familyName, key);
      }
      return key;
    },
  };
}
