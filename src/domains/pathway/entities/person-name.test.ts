import { describe, expect, it } from 'vitest';
import { familyKey, nameKey, normaliseCafNumber, normaliseFranceTravailId, normaliseName, searchKey } from './person-name.js';

describe('person names (SPIE-1)', () => {
  it('meets « Élodie Lefèvre-Martin » however it is typed', () => {
    const stored = nameKey('Élodie', 'Lefèvre-Martin');
    expect(stored).toBe('elodie lefevre martin');
    for (const typed of ['elodie lefevre martin', 'LEFEVRE MARTIN Elodie', '  Lefèvre – Martin,  élodie ', 'Lefevre Martin Élodie']) expect(searchKey(typed)).toBe(stored);
  });

  it('handles compound given names, apostrophes and ligatures', () => {
    expect(nameKey('Jean-Noël', 'N’Diaye')).toBe('diaye jean n noel');
    expect(searchKey("jean noel n'diaye")).toBe('diaye jean n noel');
    expect(normaliseName('Cœur de Lœs')).toBe('coeur de loes');
    expect(familyKey('  DE LA FONTAINE ')).toBe('de la fontaine');
  });

  it('normalises CAF numbers and France Travail identifiers, refusing what cannot be one', () => {
    expect(normaliseCafNumber('123 456 7')).toBe('1234567');
    expect(normaliseCafNumber('12345')).toBeNull();
    expect(normaliseCafNumber('12A4567')).toBeNull();
    expect(normaliseFranceTravailId('1234 567a')).toBe('1234567A');
    expect(normaliseFranceTravailId('12-34')).toBeNull();
  });
});
