/**
 * RSA beneficiary lists for the import tests (issue 5 §11), made on the fly: `rows` data rows with a
 * few bad ones at known lines, in UTF-8 (with BOM) or Windows-1252, with `;` or `,`, quoted fields
 * holding the separator and quotes, accents that differ between the two encodings (œ, ’, é).
 */
import { decodeWindows1252 } from '../../src/domains/pathway/entities/import-csv.js';

export const RSA_HEADERS = ['NOM', 'Prénom', 'Date de naissance', 'N° CAF/MSA', 'Identifiant France Travail', 'Courriel', 'Téléphone', 'Commune', 'Date d’ouverture des droits RSA'];

/** The 10 kinds of bad rows, each with a word its French reason contains. */
export const BAD_ROW_KINDS = [
  { reason: 'Nom manquant', make: (r: string[]) => ((r[0] = ''), r) },
  { reason: 'Prénom manquant', make: (r: string[]) => ((r[1] = ''), r) },
  { reason: 'Date de naissance invalide', make: (r: string[]) => ((r[2] = '31/02/1990'), r) },
  { reason: 'Date de naissance invalide', make: (r: string[]) => ((r[2] = '1990/04/12'), r) },
  { reason: 'Numéro CAF/MSA invalide', make: (r: string[]) => ((r[3] = '12AB'), r) },
  { reason: 'Numéro CAF/MSA manquant', make: (r: string[]) => ((r[3] = ''), r) },
  { reason: 'déjà présent ligne', make: (r: string[], first: string[]) => ((r[3] = first[3]!), r) },
  { reason: 'Courriel invalide', make: (r: string[]) => ((r[5] = 'pas-un-courriel'), r) },
  { reason: 'Téléphone invalide', make: (r: string[]) => ((r[6] = '12 34'), r) },
  { reason: 'Date d’ouverture des droits RSA invalide', make: (r: string[]) => ((r[8] = '2024-02-30'), r) },
] as const;

export interface RsaList {
  text: string;
  /** File lines (1 = header) of the bad rows, in order, with the word their reason holds. */
  bad: { line: number; reason: string }[];
  /** CAF/MSA numbers of the good rows. */
  cafNumbers: string[];
}

const GIVEN = ['Élodie', 'Cœur', 'Jean-Noël', 'Zoé', 'François', 'Anaïs', 'Loïc', 'Hélène'];
const FAMILY = ['Lefèvre', 'N’Diaye', 'Dupont-Martin', 'Bœuf', 'Garçon', 'Moreau', 'Benoît', 'Leroy'];

/**
 * `rows` data rows; every `rows / bad`-th row is made bad (one of each kind in turn). `prefix` (2
 * digits) keeps the CAF/MSA numbers of two lists apart; France Travail ids are given to even rows.
 */
export function rsaList(options: { rows: number; bad?: number; prefix?: string; separator?: ';' | ',' }): RsaList {
  const { rows, bad = 10, prefix = '49', separator = ';' } = options;
  const every = Math.floor(rows / bad);
  const records: string[][] = [];
  const badLines: RsaList['bad'] = [];
  const cafNumbers: string[] = [];
  for (let i = 0; i < rows; i++) {
    const birth = new Date(Date.UTC(1960 + (i % 40), i % 12, 1 + (i % 28)));
    const dd = String(birth.getUTCDate()).padStart(2, '0');
    const mm = String(birth.getUTCMonth() + 1).padStart(2, '0');
    const yyyy = String(birth.getUTCFullYear());
    const record = [
      FAMILY[i % FAMILY.length]!,
      `${GIVEN[i % GIVEN.length]!} ${i}`,
      i % 2 ? `${dd}/${mm}/${yyyy}` : `${yyyy}-${mm}-${dd}`,
      `${prefix}${String(i).padStart(6, '0')}`,
      i % 2 ? '' : `FT${prefix}${String(i).padStart(5, '0')}`,
      `personne.${prefix}.${i}@exemple.fr`,
      `06 ${String(10 + (i % 90))} 00 00 ${String(i % 100).padStart(2, '0')}`,
      `Angers${separator} quartier "Monplaisir"`,
      i % 3 ? `15/0${1 + (i % 9)}/2025` : '',
    ];
    const badIndex = i % every === every - 1 ? Math.floor(i / every) : -1;
    if (badIndex >= 0 && badIndex < bad) {
      const kind = BAD_ROW_KINDS[badIndex % BAD_ROW_KINDS.length]!;
      kind.make(record, records[0]!);
      badLines.push({ line: i + 2, reason: kind.reason });
    } else cafNumbers.push(record[3]!);
    records.push(record);
  }
  const quote = (field: string) => (/[;,"\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
  const text = [RSA_HEADERS, ...records].map((r) => r.map(quote).join(separator)).join('\r\n') + '\r\n';
  return { text, bad: badLines, cafNumbers };
}

/** UTF-8 bytes, with the BOM spreadsheets add. */
export function utf8WithBom(text: string): Uint8Array {
  return new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
}

const CP1252_ENCODE = new Map<string, number>();
for (let byte = 0; byte < 256; byte++) CP1252_ENCODE.set(decodeWindows1252(new Uint8Array([byte])), byte);

/** Windows-1252 bytes (what Excel writes as « CSV » on Windows); throws on a character it cannot hold. */
export function windows1252(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = CP1252_ENCODE.get(text[i]!);
    if (byte === undefined) throw new Error(`« ${text[i]} » n’existe pas en Windows-1252`);
    bytes[i] = byte;
  }
  return bytes;
}
