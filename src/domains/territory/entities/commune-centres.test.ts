import { describe, expect, it } from 'vitest';
import { readCsv } from '../../pathway/entities/import-csv.js';
import { parseDecimal, readCommuneCentres } from './commune-centres.js';

const file = (text: string) => {
  const read = readCsv(new TextEncoder().encode(text));
  if (!read.ok) throw new Error(read.reason);
  return read.file;
};

describe('reading commune centres from a coordinates file', () => {
  it('recognises the public files’ column names, with a decimal comma or point', () => {
    const read = readCommuneCentres(file('code_commune_insee;nom;latitude_centre;longitude_centre\n49007;Angers;47,4784;-0,5632\n2A004;Ajaccio;41.9267;8.7369\n'));
    expect(read).toEqual({ ok: true, centres: [{ code: '49007', latitude: 47.4784, longitude: -0.5632, line: 2 }, { code: '2A004', latitude: 41.9267, longitude: 8.7369, line: 3 }], rejected: [] });
  });

  it('reports the rows it cannot read, with their line, and keeps the others', () => {
    const read = readCommuneCentres(file('insee,lat,lon\n49007,47.47,-0.55\n4900,47.0,-0.5\n49099,147.0,-0.5\n49100,47.1,\n'));
    expect(read.ok && read.centres.map((c) => c.code)).toEqual(['49007']);
    expect(read.ok && read.rejected.map((r) => r.line)).toEqual([3, 4, 5]);
    expect(read.ok && read.rejected[1]!.reason).toContain('latitude « 147.0 » invalide');
  });

  it('refuses a file without the three columns, naming those it found', () => {
    const read = readCommuneCentres(file('commune;x;y\n49007;1;2\n'));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.reason).toContain('Colonnes trouvées : commune, x, y');
  });

  it('reads decimals, not dates nor words', () => {
    expect(parseDecimal(' 47,5 ')).toBe(47.5);
    expect(parseDecimal('-0.56')).toBe(-0.56);
    expect(parseDecimal('47°28′')).toBeNull();
    expect(parseDecimal('')).toBeNull();
  });
});
