import { describe, expect, it } from 'vitest';
import { centsToDecimalText, formatParisShort, neutraliseFormula, toCsv } from './tabular-export.js';

describe('tabular export', () => {
  it('neutralises texts a spreadsheet would read as formulas', () => {
    for (const text of ['=1+1', '+33 6', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(neutraliseFormula('Maine-et-Loire')).toBe('Maine-et-Loire');
  });

  it('writes amounts exactly from the cents', () => {
    expect(centsToDecimalText(0)).toBe('0,00');
    expect(centsToDecimalText(5)).toBe('0,05');
    expect(centsToDecimalText(10_000_001)).toBe('100000,01');
    expect(centsToDecimalText(-150)).toBe('-1,50');
    expect(() => centsToDecimalText(0.5)).toThrow(RangeError);
  });

  it('shows instants on a Paris clock', () => {
    expect(formatParisShort(new Date('2026-10-25T22:59:59Z'))).toBe('25/10/2026 23:59');
    expect(formatParisShort(new Date('2026-07-01T10:00:00Z'))).toBe('01/07/2026 12:00');
  });

  it('writes RFC 4180 CSV with `;`, CRLF and a BOM', () => {
    const csv = toCsv({ header: ['A', 'B'], rows: [['x;y', 'dit "oui"\nici'], [{ cents: 123 }, null], [1, { instant: new Date('2026-01-01T00:00:00Z') }]] });
    expect(csv.toString('utf8')).toBe('\uFEFFA;B\r\n"x;y";"dit ""oui""\nici"\r\n1,23;\r\n1;01/01/2026 01:00\r\n');
  });
});
