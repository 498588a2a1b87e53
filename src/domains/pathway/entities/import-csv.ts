/**
 * Reading an RSA beneficiary list (issue 5 §11): the bytes of a CSV file as the CAF, the MSA or a
 * spreadsheet exports it — UTF-8 (with or without BOM) or Windows-1252, `;` or `,` between fields,
 * fields quoted as in RFC 4180 (separators, quotes `""` and line breaks inside quotes).
 * Pure: no I/O. Each record keeps the number of the file line it starts on, to name bad rows.
 */

/** Largest list accepted (about 200 000 rows), on the upload page and in the API (importPeople). */
export const MAX_IMPORT_MEGABYTES = 30;
export const MAX_IMPORT_BYTES = MAX_IMPORT_MEGABYTES * 1024 * 1024;

export type CsvEncoding = 'utf-8' | 'windows-1252';
export type CsvSeparator = ';' | ',';

export interface CsvRecord {
  /** The file line (1 = the header) on which the record starts. */
  line: number;
  fields: string[];
}

export interface CsvFile {
  encoding: CsvEncoding;
  separator: CsvSeparator;
  headers: string[];
  /** Data records, blank lines left out. */
  records: CsvRecord[];
}

export type CsvReading = { ok: true; file: CsvFile } | { ok: false; reason: string };

/** Windows-1252 gives printable characters to 0x80–0x9F where Latin-1 has control codes. */
const CP1252_HIGH: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ', 0x8e: 'Ž',
  0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

/**
 * Windows-1252 to text. Node 20's TextDecoder('windows-1252') decodes as Latin-1 (0x80–0x9F become
 * control codes), so that range is mapped here; with a correct decoder the mapping changes nothing.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0)] ?? c);
}

/** Valid UTF-8 is read as UTF-8 (its BOM dropped); anything else as Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(hasBom ? bytes.subarray(3) : bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

/** The separator of the header line: whichever of `;` and `,` occurs more often outside quotes (`;` on a tie). */
export function detectSeparator(text: string): CsvSeparator {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) break;
    else if (!quoted && c === 59) semicolons++;
    else if (!quoted && c === 44) commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/**
 * RFC 4180 records. Lenient where spreadsheets are: a quote inside an unquoted field is kept as it
 * is, text after a closing quote is appended, a lone CR ends a line. An unclosed quote is an error.
 */
export function parseCsvRecords(text: string, separator: CsvSeparator): { ok: true; records: CsvRecord[] } | { ok: false; reason: string } {
  const sep = separator.charCodeAt(0);
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      let value = '';
      if (text.charCodeAt(i) === 34) {
        // Quoted field: runs to the closing quote; "" is one quote.
        i++;
        let closed = false;
        let from = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              value += text.slice(from, i + 1);
              i += 2;
              from = i;
              continue;
            }
            value += text.slice(from, i);
            i++;
            closed = true;
            break;
          }
          if (c === 10) line++;
          else if (c === 13 && text.charCodeAt(i + 1) !== 10) line++;
          i++;
        }
        if (!closed) return { ok: false, reason: `Un guillemet ouvert ligne ${startLine} n’est jamais fermé : vérifiez les guillemets du fichier.` };
      }
      // Unquoted text (or what follows a closing quote) up to the separator or the end of the line.
      const from = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === sep || c === 10 || c === 13) break;
        i++;
      }
      value += text.slice(from, i);
      fields.push(value);
      if (i >= n) {
        endOfRecord = true;
      } else {
        const c = text.charCodeAt(i);
        if (c === sep) i++;
        else {
          i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
          line++;
          endOfRecord = true;
        }
      }
    }
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: startLine, fields });
  }
  return { ok: true, records };
}

/** Reads an uploaded file: decoding, separator, header, records; or why it cannot be read, in French. */
export function readCsv(bytes: Uint8Array): CsvReading {
  if (bytes.length === 0) return { ok: false, reason: 'Le fichier est vide.' };
  if (bytes.subarray(0, 4096).includes(0)) return { ok: false, reason: 'Ce fichier n’est pas un fichier texte CSV (enregistrez la liste au format « CSV » depuis votre tableur).' };
  const { text, encoding } = decodeCsvBytes(bytes);
  const separator = detectSeparator(text);
  const parsed = parseCsvRecords(text, separator);
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, reason: 'Le fichier est vide.' };
  const headers = header.fields.map((h, index) => h.trim() || `Colonne ${index + 1}`);
  if (headers.length < 2) return { ok: false, reason: 'La première ligne doit donner les noms des colonnes, séparés par des points-virgules ou des virgules.' };
  const seen = new Set<string>();
  for (const h of headers) {
    if (seen.has(h)) return { ok: false, reason: `L’en-tête contient deux colonnes « ${h} » : renommez l’une d’elles.` };
    seen.add(h);
  }
  if (records.length === 0) return { ok: false, reason: 'Le fichier ne contient aucune ligne après l’en-tête.' };
  return { ok: true, file: { encoding, separator, headers, records } };
}
