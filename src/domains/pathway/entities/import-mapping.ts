/**
 * Which column of an RSA list holds which piece of a person (issue 5 §11): the fields imported,
 * the columns guessed from the header names, and the check of the mapping chosen on screen.
 * A mapping goes from a field to a header of the file; '' (or no entry) means « not imported ».
 */
import { normaliseName } from './person-name.js';

export const IMPORT_FIELDS = [
  { key: 'familyName', label: 'Nom', phrase: 'le nom', required: true, names: ['nom', 'nom de famille', 'nom d usage', 'nom usage', 'nom de naissance', 'nom patronymique', 'nom allocataire', 'nomalloc', 'last name', 'lastname', 'family name', 'surname'] },
  { key: 'givenName', label: 'Prénom', phrase: 'le prénom', required: true, names: ['prenom', 'prenoms', 'prenom allocataire', 'prenomalloc', 'first name', 'firstname', 'given name'] },
  { key: 'birthDate', label: 'Date de naissance', phrase: 'la date de naissance', required: true, names: ['date de naissance', 'date naissance', 'naissance', 'ne le', 'ne e le', 'dtnaiss', 'datnaiss', 'date naiss', 'birth date', 'birthdate'] },
  { key: 'cafNumber', label: 'N° CAF/MSA', phrase: 'le numéro d’allocataire CAF/MSA', required: true, names: ['n caf msa', 'numero caf msa', 'caf msa', 'n caf', 'numero caf', 'num caf', 'no caf', 'caf', 'msa', 'n msa', 'numero allocataire', 'n allocataire', 'matricule', 'matricule caf', 'numcaf'] },
  { key: 'franceTravailId', label: 'Identifiant France Travail', phrase: 'l’identifiant France Travail', required: false, names: ['identifiant france travail', 'id france travail', 'france travail', 'identifiant ft', 'id ft', 'identifiant pole emploi', 'pole emploi', 'identifiant pe', 'ide', 'id pe'] },
  { key: 'email', label: 'Courriel', phrase: 'le courriel', required: false, names: ['courriel', 'email', 'e mail', 'mail', 'adresse electronique', 'adresse mail', 'adresse courriel'] },
  { key: 'phone', label: 'Téléphone', phrase: 'le téléphone', required: false, names: ['telephone', 'tel', 'portable', 'mobile', 'numero de telephone', 'n telephone', 'telephone portable'] },
  { key: 'rsaRightsOpenedOn', label: 'Date d’ouverture des droits RSA', phrase: 'la date d’ouverture des droits RSA', required: false, names: ['date d ouverture des droits rsa', 'date d ouverture des droits', 'date ouverture droits rsa', 'date ouverture droits', 'ouverture des droits rsa', 'ouverture des droits', 'date droits rsa', 'date d entree rsa', 'date entree rsa', 'droits rsa', 'dtouvdrt'] },
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number]['key'];
export type ImportMapping = Partial<Record<ImportField, string>>;

export const IMPORT_FIELD_KEYS: ImportField[] = IMPORT_FIELDS.map((f) => f.key);

export function importFieldLabel(key: ImportField): string {
  return IMPORT_FIELDS.find((f) => f.key === key)!.label;
}

/** How well a header names a field, 0 (not at all) to 100 (one of its usual names). */
export function headerScore(header: string, names: readonly string[]): number {
  const h = normaliseName(header);
  if (!h) return 0;
  const words = new Set(h.split(' '));
  let best = 0;
  for (const name of names) {
    if (h === name) return 100;
    const nameWords = name.split(' ');
    // The usual name, word for word, inside a longer header (« Nom de l’allocataire » holds « nom »).
    if (nameWords.every((w) => words.has(w))) best = Math.max(best, 40 + Math.min(nameWords.length * 10, 40) - Math.min(words.size - nameWords.length, 4) * 5);
    else {
      const shared = nameWords.filter((w) => words.has(w)).length;
      const jaccard = shared / new Set([...nameWords, ...words]).size;
      if (jaccard >= 0.5) best = Math.max(best, Math.round(jaccard * 40));
    }
  }
  return best;
}

/** The columns guessed for each field from the header names: best matches first, each column used once. */
export function suggestMapping(headers: readonly string[]): ImportMapping {
  const pairs: { field: ImportField; header: string; score: number }[] = [];
  for (const field of IMPORT_FIELDS) {
    for (const header of headers) {
      const score = headerScore(header, field.names);
      if (score >= 20) pairs.push({ field: field.key, header, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const mapping: ImportMapping = {};
  const used = new Set<string>();
  for (const { field, header } of pairs) {
    if (mapping[field] !== undefined || used.has(header)) continue;
    mapping[field] = header;
    used.add(header);
  }
  return mapping;
}

/**
 * The mapping actually used: the fields given (trimmed; '' = not imported), and for the fields not
 * given at all, the guess from the headers. Keys that are not fields are dropped.
 */
export function effectiveMapping(headers: readonly string[], given: Record<string, string>): ImportMapping {
  const guess = suggestMapping(headers);
  const mapping: ImportMapping = {};
  for (const key of IMPORT_FIELD_KEYS) {
    const value = Object.prototype.hasOwnProperty.call(given, key) ? String(given[key] ?? '').trim() : (guess[key] ?? '');
    if (value) mapping[key] = value;
  }
  return mapping;
}

/** Errors by field, in French: required fields without a column, unknown columns, a column chosen twice. */
export function checkMapping(headers: readonly string[], mapping: ImportMapping): Partial<Record<ImportField, string>> {
  const errors: Partial<Record<ImportField, string>> = {};
  const takenBy = new Map<string, ImportField>();
  for (const field of IMPORT_FIELDS) {
    const header = mapping[field.key];
    if (!header) {
      if (field.required) errors[field.key] = `Choisissez la colonne qui contient ${field.phrase}.`;
      continue;
    }
    if (!headers.includes(header)) {
      errors[field.key] = `La colonne « ${header} » n’existe pas dans le fichier.`;
      continue;
    }
    const other = takenBy.get(header);
    if (other) errors[field.key] = `La colonne « ${header} » est déjà choisie pour « ${importFieldLabel(other)} ».`;
    else takenBy.set(header, field.key);
  }
  return errors;
}
