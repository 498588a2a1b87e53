/**
 * The rows of an RSA list (issue 5 §11, SPIE-1): each row becomes a person, or is skipped with the
 * reason why, in French, and its line number. Dates are read as JJ/MM/AAAA or AAAA-MM-JJ; the CAF/MSA
 * number is required; a CAF/MSA number or a France Travail identifier met twice in the file skips
 * the later row (the earlier one is imported). Pure: the database checks come after (import-people.ts).
 */
import type { CsvRecord } from './import-csv.js';
import type { ImportField, ImportMapping } from './import-mapping.js';
import { normaliseCafNumber, normaliseFranceTravailId } from './person-name.js';

export interface ImportRow {
  /** Position among the file's records (0 = first row after the header): the progress of an import. */
  index: number;
  line: number;
  givenName: string;
  familyName: string;
  birthDate: string;
  cafNumber: string;
  franceTravailId: string | null;
  email: string | null;
  phone: string | null;
  rsaRightsOpenedOn: string | null;
}

export interface RowError {
  line: number;
  reason: string;
}

export const MAX_NAME_LENGTH = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^(\+33|0)[1-9]\d{8}$/;

/** 'AAAA-MM-JJ' for a real calendar day written JJ/MM/AAAA (also J/M/AAAA, with . or -) or AAAA-MM-JJ; else null. */
export function parseImportDay(text: string): string | null {
  const value = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  let year: number, month: number, day: number;
  if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
    if (!m) return null;
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DATE_FORMATS = 'au format JJ/MM/AAAA ou AAAA-MM-JJ';

function quoted(value: string): string {
  return `« ${value.length > 40 ? `${value.slice(0, 40)}…` : value} »`;
}

/**
 * Checks every record against the mapping (already checked by `checkMapping`). `today` ('AAAA-MM-JJ',
 * Paris) bounds the dates. Rows come back in file order, errors too.
 */
export function checkImportRecords(headers: readonly string[], records: readonly CsvRecord[], mapping: ImportMapping, today: string): { rows: ImportRow[]; errors: RowError[] } {
  const columns: Partial<Record<ImportField, number>> = {};
  for (const [field, header] of Object.entries(mapping) as [ImportField, string][]) {
    const index = headers.indexOf(header);
    if (index >= 0) columns[field] = index;
  }
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const cafLines = new Map<string, number>();
  const ftLines = new Map<string, number>();
  const col = (field: ImportField) => columns[field] ?? -1;
  const [cFamily, cGiven, cBirth, cCaf, cFt, cEmail, cPhone, cRsa] = (['familyName', 'givenName', 'birthDate', 'cafNumber', 'franceTravailId', 'email', 'phone', 'rsaRightsOpenedOn'] as const).map(col);
  const width = headers.length;
  records.forEach((record, index) => {
    const fields = record.fields;
    const cell = (column: number | undefined): string => (column === undefined || column < 0 ? '' : (fields[column] ?? '').trim());
    const reasons: string[] = [];
    if (fields.length !== width && (fields.length < width || fields.slice(width).some((f) => f.trim() !== ''))) {
      reasons.push(`La ligne compte ${fields.length} colonnes au lieu de ${width} : vérifiez les séparateurs et les guillemets.`);
    }
    const familyName = cell(cFamily);
    const givenName = cell(cGiven);
    if (!familyName) reasons.push('Nom manquant.');
    else if (familyName.length > MAX_NAME_LENGTH) reasons.push(`Nom trop long (plus de ${MAX_NAME_LENGTH} caractères).`);
    if (!givenName) reasons.push('Prénom manquant.');
    else if (givenName.length > MAX_NAME_LENGTH) reasons.push(`Prénom trop long (plus de ${MAX_NAME_LENGTH} caractères).`);

    const birthText = cell(cBirth);
    const birthDate = birthText ? parseImportDay(birthText) : null;
    if (!birthText) reasons.push('Date de naissance manquante.');
    else if (!birthDate) reasons.push(`Date de naissance invalide (${quoted(birthText)}) : attendue ${DATE_FORMATS}.`);
    else if (birthDate < '1900-01-01' || birthDate > today) reasons.push(`Date de naissance invraisemblable (${quoted(birthText)}).`);

    const cafText = cell(cCaf);
    const cafNumber = cafText ? normaliseCafNumber(cafText) : null;
    if (!cafText) reasons.push('Numéro CAF/MSA manquant.');
    else if (!cafNumber) reasons.push(`Numéro CAF/MSA invalide (${quoted(cafText)}) : 7 à 13 chiffres attendus.`);

    const ftText = cell(cFt);
    const franceTravailId = ftText ? normaliseFranceTravailId(ftText) : null;
    if (ftText && !franceTravailId) reasons.push(`Identifiant France Travail invalide (${quoted(ftText)}) : 7 à 11 lettres et chiffres attendus.`);

    const emailText = cell(cEmail).toLowerCase();
    if (emailText && (!EMAIL.test(emailText) || emailText.length > 254)) reasons.push(`Courriel invalide (${quoted(emailText)}).`);
    const phoneText = cell(cPhone);
    const phone = phoneText ? phoneText.replace(/[\s.-]/g, '') : '';
    if (phoneText && !PHONE.test(phone)) reasons.push(`Téléphone invalide (${quoted(phoneText)}) : numéro français attendu, par exemple 06 12 34 56 78.`);

    const rsaText = cell(cRsa);
    const rsaRightsOpenedOn = rsaText ? parseImportDay(rsaText) : null;
    if (rsaText && !rsaRightsOpenedOn) reasons.push(`Date d’ouverture des droits RSA invalide (${quoted(rsaText)}) : attendue ${DATE_FORMATS}.`);
    else if (rsaRightsOpenedOn && (rsaRightsOpenedOn < '1988-12-01' || rsaRightsOpenedOn > today)) reasons.push(`Date d’ouverture des droits RSA invraisemblable (${quoted(rsaText)}).`);

    // The same person twice in the file: the later row is skipped (only rows otherwise valid count).
    if (reasons.length === 0 && cafNumber) {
      const first = cafLines.get(cafNumber);
      if (first !== undefined) reasons.push(`Numéro CAF/MSA ${cafNumber} déjà présent ligne ${first} du fichier.`);
    }
    if (reasons.length === 0 && franceTravailId) {
      const first = ftLines.get(franceTravailId);
      if (first !== undefined) reasons.push(`Identifiant France Travail ${franceTravailId} déjà présent ligne ${first} du fichier.`);
    }
    if (reasons.length) {
      errors.push({ line: record.line, reason: reasons.join(' ') });
      return;
    }
    cafLines.set(cafNumber!, record.line);
    if (franceTravailId) ftLines.set(franceTravailId, record.line);
    rows.push({
      index,
      line: record.line,
      givenName,
      familyName,
      birthDate: birthDate!,
      cafNumber: cafNumber!,
      franceTravailId,
      email: emailText || null,
      phone: phone || null,
      rsaRightsOpenedOn,
    });
  });
  return { rows, errors };
}
