/**
 * SPIE-1: before creating a person, look for the same person already known. Names are compared on a
 * key that ignores accents, case, hyphens, apostrophes and the order of the words, so that
 * « Élodie Lefèvre-Martin », « elodie lefevre martin » and « LEFEVRE MARTIN Elodie » meet.
 */

/** Lower case, without accents, every run of non-letters turned into one space. */
export function normaliseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The words of the whole name (given and family), normalised and sorted: the search key. */
export function nameKey(givenName: string, familyName: string): string {
  return normaliseName(`${givenName} ${familyName}`).split(' ').filter(Boolean).sort().join(' ');
}

/** The key of whatever a professional typed in the search box (one field, any order). */
export function searchKey(typed: string): string {
  return normaliseName(typed).split(' ').filter(Boolean).sort().join(' ');
}

/** The family name alone, normalised: for « same family name and same birth date » candidates. */
export function familyKey(familyName: string): string {
  return normaliseName(familyName);
}

/** A CAF or MSA allocataire number: digits only (7 to 13 of them), spaces ignored. */
export function normaliseCafNumber(input: string): string | null {
  const digits = input.replace(/[\s.]/g, '');
  return /^\d{7,13}$/.test(digits) ? digits : null;
}

/** A France Travail identifier: 7 to 11 letters and digits, upper case, spaces ignored. */
export function normaliseFranceTravailId(input: string): string | null {
  const id = input.replace(/\s/g, '').toUpperCase();
  return /^[0-9A-Z]{7,11}$/.test(id) ? id : null;
}
