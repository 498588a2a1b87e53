/**
 * Tables exported for spreadsheets (CSV and XLSX): typed cells, formula-injection guard, CSV text.
 * CSV is RFC 4180 with `;` as separator, CRLF line ends and a UTF-8 BOM, so that French Excel opens it as is.
 */
import { TZDate } from '@date-fns/tz';
import { PARIS } from './paris-time.js';

/** A cell: text, an amount in integer euro cents, an instant (shown on a Paris clock), or empty. */
export type TableCell = string | number | { cents: number } | { instant: Date } | null;

export interface Table {
  header: string[];
  rows: TableCell[][];
}

/**
 * A text that a spreadsheet could read as a formula (= + - @, or a leading tab or carriage return)
 * gets a leading apostrophe, so that it stays text (OWASP « CSV injection »).
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/u.test(text) ? `'${text}` : text;
}

/** « 12500,50 »: euros with two decimals and a decimal comma, exact from the cents (no float). */
export function centsToDecimalText(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Montant en centimes invalide : ${cents}`);
  const abs = Math.abs(cents);
  const text = `${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}

/** The wall-clock parts of an instant on a Paris clock. */
export function parisParts(instant: Date): { year: number; month: number; day: number; hours: number; minutes: number; seconds: number } {
  const d = new TZDate(instant.getTime(), PARIS);
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hours: d.getHours(), minutes: d.getMinutes(), seconds: d.getSeconds() };
}

const two = (n: number) => String(n).padStart(2, '0');

/** « 25/10/2026 23:59 » on a Paris clock. */
export function formatParisShort(instant: Date): string {
  const p = parisParts(instant);
  return `${two(p.day)}/${two(p.month)}/${p.year} ${two(p.hours)}:${two(p.minutes)}`;
}

function csvText(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return neutraliseFormula(cell);
  if (typeof cell === 'number') return String(cell);
  if ('cents' in cell) return centsToDecimalText(cell.cents);
  return formatParisShort(cell.instant);
}

function csvField(text: string): string {
  return /[";\r\n]/u.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV bytes: BOM, `;`, CRLF, fields quoted when they hold `;`, `"` or a line break. */
export function toCsv(table: Table): Buffer {
  const lines = [table.header.map((h) => csvField(neutraliseFormula(h))), ...table.rows.map((row) => row.map((cell) => csvField(csvText(cell))))];
  return Buffer.from(`\uFEFF${lines.map((fields) => fields.join(';')).join('\r\n')}\r\n`, 'utf8');
}
