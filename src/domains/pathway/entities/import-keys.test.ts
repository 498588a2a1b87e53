import { describe, expect, it } from 'vitest';
import { keyMaker } from './import-keys.js';
import { familyKey, nameKey } from './person-name.js';

describe('search keys of an imported list (SPIE-1)', () => {
  it('are exactly the keys of person-name.ts, names repeated or not', () => {
    const keys = keyMaker();
    const names: [string, string][] = [
      ['Élodie', 'Lefèvre-Martin'],
      ['Jean-Noël', 'N’Diaye'],
      ['ÉLODIE', 'LEFÈVRE MARTIN'],
      ['  Zoé ', ' de la Fontaine '],
      ['Cœur', 'Bœuf'],
      ['Æsa', 'Straße'],
      ['', 'Dupont'],
      ['Marie  3', "O'Neil--Smith"],
      ['e\u0301lise', 'Garc\u0327on'],
      ['Élodie', 'Lefèvre-Martin'],
    ];
    for (const [given, family] of names) {
      expect(keys.nameKey(given, family)).toBe(nameKey(given, family));
      expect(keys.familyKey(family)).toBe(familyKey(family));
    }
  });
});
