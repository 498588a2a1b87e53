/**
 * Writes a table as an XLSX workbook (exceljs): one sheet, a bold frozen header, amounts as numbers in
 * euros with a currency format, instants as dates on a Paris clock, texts guarded against formulas.
 */
import ExcelJS from 'exceljs';
import { neutraliseFormula, parisParts, type Table, type TableCell } from '../../domains/shared/tabular-export.js';

/** Number formats are stored in the invariant form; French Excel shows « 12 500,50 € » and « 25/10/2026 23:59 ». */
export const EURO_FORMAT = '#,##0.00 "€"';
export const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';

function cellValue(cell: TableCell): { value: ExcelJS.CellValue; numFmt?: string } {
  if (cell === null) return { value: null };
  if (typeof cell === 'string') return { value: neutraliseFormula(cell) };
  if (typeof cell === 'number') return { value: cell };
  // A spreadsheet date has no time zone: the Paris wall-clock time is written as is.
  if ('instant' in cell) {
    const p = parisParts(cell.instant);
    return { value: new Date(Date.UTC(p.year, p.month - 1, p.day, p.hours, p.minutes, p.seconds)), numFmt: DATE_TIME_FORMAT };
  }
  if (!Number.isSafeInteger(cell.cents)) throw new RangeError(`Montant en centimes invalide : ${cell.cents}`);
  // The nearest double to the exact decimal amount: what a spreadsheet stores for « 12500,50 ».
  return { value: cell.cents / 100, numFmt: EURO_FORMAT };
}

export async function toXlsx(table: Table, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SPIE';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(table.header.map(neutraliseFormula));
  header.font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow([]);
    row.forEach((cell, i) => {
      const { value, numFmt } = cellValue(cell);
      const target = added.getCell(i + 1);
      target.value = value;
      if (numFmt) target.numFmt = numFmt;
    });
  }
  table.header.forEach((title, i) => {
    const width = Math.max(title.length, ...table.rows.map((r) => (typeof r[i] === 'string' ? Math.min((r[i] as string).length, 60) : 14)));
    sheet.getColumn(i + 1).width = width + 2;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
