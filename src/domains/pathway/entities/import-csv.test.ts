import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, decodeWindows1252, detectSeparator, parseCsvRecords, readCsv } from './import-csv.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('reading an RSA list (issue 5 §11)', () => {
  it('reads UTF-8 with or without BOM, and Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeCsvBytes(utf8('Nom;Prénom\nLefèvre;Élodie'))).toEqual({ text: 'Nom;Prénom\nLefèvre;Élodie', encoding: 'utf-8' });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Nom;Prénom')]))).toEqual({ text: 'Nom;Prénom', encoding: 'utf-8' });
    // « Cœur Lefèvre — 10 € » in Windows-1252: œ, è, — and € are single bytes.
    const cp1252 = new Uint8Array([0x43, 0x9c, 0x75, 0x72, 0x20, 0x4c, 0x65, 0x66, 0xe8, 0x76, 0x72, 0x65, 0x20, 0x97, 0x20, 0x31, 0x30, 0x20, 0x80]);
    expect(decodeCsvBytes(cp1252)).toEqual({ text: 'Cœur Lefèvre — 10 €', encoding: 'windows-1252' });
    expect(decodeWindows1252(new Uint8Array([0x92, 0xe9]))).toBe('’é');
  });

  it('detects the separator on the header line, ignoring quoted ones', () => {
    expect(detectSeparator('Nom;Prénom;Date de naissance\na,b,c,d,e')).toBe(';');
    expect(detectSeparator('Nom,Prénom,"Date; de naissance"\n')).toBe(',');
    expect(detectSeparator('"Nom, usuel";Prénom')).toBe(';');
    expect(detectSeparator('Nom')).toBe(';');
  });

  it('parses RFC 4180 quoting: separators, doubled quotes and line breaks inside quotes, CRLF, and keeps the start line of each record', () => {
    const text = 'a;b;c\r\n"x;1";"il dit ""oui""";"deux\r\nlignes"\r\n\r\nd;;\r\n"e"f;g"h;i\n';
    const parsed = parseCsvRecords(text, ';');
    expect(parsed).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['x;1', 'il dit "oui"', 'deux\r\nlignes'] },
        { line: 5, fields: ['d', '', ''] },
        { line: 6, fields: ['ef', 'g"h', 'i'] },
      ],
    });
    expect(parseCsvRecords('a,b\n1,2', ',')).toEqual({ ok: true, records: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] }] });
  });

  it('refuses an unclosed quote, an empty file, a binary file, a header without columns, twice the same column, no data row', () => {
    expect(parseCsvRecords('a;b\n"x;y\n', ';')).toEqual({ ok: false, reason: expect.stringContaining('ligne 2') });
    expect(readCsv(new Uint8Array())).toEqual({ ok: false, reason: 'Le fichier est vide.' });
    expect(readCsv(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toMatchObject({ ok: false, reason: expect.stringContaining('pas un fichier texte CSV') });
    expect(readCsv(utf8('Nom\nDupont'))).toMatchObject({ ok: false, reason: expect.stringContaining('noms des colonnes') });
    expect(readCsv(utf8('Nom;Nom\nA;B'))).toMatchObject({ ok: false, reason: expect.stringContaining('deux colonnes « Nom »') });
    expect(readCsv(utf8('Nom;Prénom\n\n'))).toMatchObject({ ok: false, reason: expect.stringContaining('aucune ligne') });
  });

  it('gives the headers trimmed (a nameless column gets one) and the records', () => {
    const reading = readCsv(utf8('\ufeff Nom , Prénom ,\nDupont,Jean,x\n'));
    expect(reading).toEqual({
      ok: true,
      file: { encoding: 'utf-8', separator: ',', headers: ['Nom', 'Prénom', 'Colonne 3'], records: [{ line: 2, fields: ['Dupont', 'Jean', 'x'] }] },
    });
  });
});
