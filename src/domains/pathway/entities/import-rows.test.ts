import { describe, expect, it } from 'vitest';
import type { CsvRecord } from './import-csv.js';
import { checkImportRecords, parseImportDay } from './import-rows.js';

const HEADERS = ['Nom', 'Prénom', 'Naissance', 'CAF', 'FT', 'Mail', 'Tél', 'RSA'];
const MAPPING = { familyName: 'Nom', givenName: 'Prénom', birthDate: 'Naissance', cafNumber: 'CAF', franceTravailId: 'FT', email: 'Mail', phone: 'Tél', rsaRightsOpenedOn: 'RSA' };
const TODAY = '2026-03-01';

function check(...rows: string[][]) {
  const records: CsvRecord[] = rows.map((fields, i) => ({ line: i + 2, fields }));
  return checkImportRecords(HEADERS, records, MAPPING, TODAY);
}

describe('rows of an RSA list (issue 5 §11)', () => {
  it('reads dates as JJ/MM/AAAA or AAAA-MM-JJ, and refuses days that do not exist', () => {
    expect(parseImportDay('12/04/1991')).toBe('1991-04-12');
    expect(parseImportDay(' 1/2/1990 ')).toBe('1990-02-01');
    expect(parseImportDay('1991-04-12')).toBe('1991-04-12');
    expect(parseImportDay('29/02/2024')).toBe('2024-02-29');
    for (const bad of ['31/02/1990', '29/02/2023', '1990-13-01', '12/04/91', '04-12', 'demain', '']) expect(parseImportDay(bad)).toBeNull();
  });

  it('turns a good row into a person, normalising identifiers, e-mail and phone', () => {
    const { rows, errors } = check(['Lefèvre-Martin', 'Élodie', '12/04/1991', '492 345 6', 'ab12345', 'Elodie@Exemple.FR', '06 12 34 56 78', '2026-01-15']);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        index: 0,
        line: 2,
        familyName: 'Lefèvre-Martin',
        givenName: 'Élodie',
        birthDate: '1991-04-12',
        cafNumber: '4923456',
        franceTravailId: 'AB12345',
        email: 'elodie@exemple.fr',
        phone: '0612345678',
        rsaRightsOpenedOn: '2026-01-15',
      },
    ]);
  });

  it('gives each bad row its line and every reason, in French', () => {
    const { rows, errors } = check(
      ['', 'Jean', '01/01/1980', '1234567', '', '', '', ''],
      ['Dupont', '', '31/02/1990', '12AB', '', '', '', ''],
      ['Durand', 'Anne', '', '', 'x', 'pas-un-courriel', '12', '32/01/2020'],
      ['Martin', 'Paul', '01/01/2030', '7654321', '', '', '', ''],
      ['Petit', 'Lou'],
    );
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 2, reason: 'Nom manquant.' },
      { line: 3, reason: 'Prénom manquant. Date de naissance invalide (« 31/02/1990 ») : attendue au format JJ/MM/AAAA ou AAAA-MM-JJ. Numéro CAF/MSA invalide (« 12AB ») : 7 à 13 chiffres attendus.' },
      {
        line: 4,
        reason:
          'Date de naissance manquante. Numéro CAF/MSA manquant. Identifiant France Travail invalide (« x ») : 7 à 11 lettres et chiffres attendus. Courriel invalide (« pas-un-courriel »). Téléphone invalide (« 12 ») : numéro français attendu, par exemple 06 12 34 56 78. Date d’ouverture des droits RSA invalide (« 32/01/2020 ») : attendue au format JJ/MM/AAAA ou AAAA-MM-JJ.',
      },
      { line: 5, reason: 'Date de naissance invraisemblable (« 01/01/2030 »).' },
      { line: 6, reason: 'La ligne compte 2 colonnes au lieu de 8 : vérifiez les séparateurs et les guillemets. Date de naissance manquante. Numéro CAF/MSA manquant.' },
    ]);
  });

  it('skips the later row when a CAF/MSA number or a France Travail id comes twice; a bad row does not take the number', () => {
    const { rows, errors } = check(
      ['A', 'Un', '01/01/1980', '1111111', 'FT11111', '', '', ''],
      ['B', 'Deux', '01/01/1981', '111 1111', '', '', '', ''],
      ['C', 'Trois', '01/01/1982', '2222222', 'ft11111', '', '', ''],
      ['', 'Quatre', '01/01/1983', '3333333', '', '', '', ''],
      ['D', 'Cinq', '01/01/1984', '3333333', '', '', '', ''],
      ['E', 'Six', '1985-01-01', '4444444', '', '', '', '', ' '],
    );
    expect(errors).toEqual([
      { line: 3, reason: 'Numéro CAF/MSA 1111111 déjà présent ligne 2 du fichier.' },
      { line: 4, reason: 'Identifiant France Travail FT11111 déjà présent ligne 2 du fichier.' },
      { line: 5, reason: 'Nom manquant.' },
    ]);
    expect(rows.map((r) => [r.line, r.index, r.cafNumber])).toEqual([
      [2, 0, '1111111'],
      [6, 4, '3333333'],
      [7, 5, '4444444'],
    ]);
  });
});
