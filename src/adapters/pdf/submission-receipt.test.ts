import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RECEIPT_LEGAL_NOTICE, renderSubmissionReceipt, type SubmissionReceiptData } from './submission-receipt.js';

const DATA: SubmissionReceiptData = {
  callTitle: 'Service public de l’insertion et de l’emploi — mise en œuvre territoriale 2027',
  territory: { name: 'Loire', code: '42' },
  leadApplicant: { name: 'Département de la Loire', siret: '22420001400010' },
  submittedAt: new Date('2026-11-27T13:32:05Z'),
  reference: 'SPIE-2026-000123',
  contentSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};

const PDFTOTEXT = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((path) => existsSync(path));
const workDir = mkdtempSync(join(tmpdir(), 'spie-receipt-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** The text of a PDF through poppler's pdftotext, or null (with a printed line) when it is not installed. */
function extractText(pdf: Buffer): string | null {
  if (!PDFTOTEXT) {
    if (process.env.CI === 'true') throw new Error('pdftotext (poppler-utils) is required on CI');
    console.log('pdftotext absent: text of the receipt not checked (install poppler-utils)');
    return null;
  }
  const file = join(workDir, `receipt-${Date.now()}-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

describe('renderSubmissionReceipt', () => {
  it('produces a one-page PDF whose text has every element of the receipt, accents included', async () => {
    const pdf = await renderSubmissionReceipt(DATA);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');

    const text = extractText(pdf);
    if (text === null) return;
    const flat = oneLine(text);
    expect(text.split('\f').filter((page) => page.trim()).length).toBe(1);
    expect(flat).toMatch(/république française/i);
    expect(flat).toContain('Service public de l’insertion et de l’emploi');
    expect(flat).toContain('Accusé de réception de candidature');
    expect(flat).toContain(DATA.callTitle);
    expect(flat).toContain('Loire (42)');
    expect(flat).toContain('Département de la Loire');
    expect(flat).toContain('SIRET 224 200 014 00010');
    expect(flat).toContain('27 novembre 2026 à 14:32:05 (heure de Paris)');
    expect(flat).toContain('SPIE-2026-000123');
    expect(text.replace(/\s+/g, '')).toContain(DATA.contentSha256); // wrapped over two lines
    expect(flat).toContain(RECEIPT_LEGAL_NOTICE);
  });

  it('accepts an upper-case digest and shows it in lower case', async () => {
    const text = extractText(await renderSubmissionReceipt({ ...DATA, contentSha256: DATA.contentSha256.toUpperCase() }));
    if (text !== null) expect(text.replace(/\s+/g, '')).toContain(DATA.contentSha256);
  });

  it('refuses a digest that is not 64 hexadecimal characters', async () => {
    await expect(renderSubmissionReceipt({ ...DATA, contentSha256: 'abc' })).rejects.toThrow(/64 hexadecimal/);
    await expect(renderSubmissionReceipt({ ...DATA, contentSha256: 'z'.repeat(64) })).rejects.toThrow(/64 hexadecimal/);
  });
});
