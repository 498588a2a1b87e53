import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectAttachmentType, MAX_ATTACHMENT_BYTES } from './detect-file-type.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/attachments/${name}`, import.meta.url));

const MINIMAL_PDF = `%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
trailer << /Root 1 0 R >>
%%EOF
`;

/** An OpenDocument file: `mimetype` first and stored uncompressed, as the specification requires. */
function openDocument(mimeType: string): Uint8Array {
  return zipSync({
    mimetype: [strToU8(mimeType), { level: 0 }],
    'META-INF/manifest.xml': strToU8('<?xml version="1.0"?><manifest:manifest/>'),
    'content.xml': strToU8('<?xml version="1.0"?><office:document-content/>'),
  });
}

function wordDocument(mainContentType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml') {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/word/document.xml" ContentType="${mainContentType}"/></Types>`,
    ),
    '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships/>'),
    'word/document.xml': strToU8('<?xml version="1.0"?><w:document/>'),
  });
}

/** The start of a Windows executable: DOS header « MZ », e_lfanew at 0x3C pointing to « PE\0\0 ». */
function windowsExecutable(): Uint8Array {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.writeUInt16LE(0x14c, 0x84); // i386 machine
  return bytes;
}

const REFUSED = /^Ce fichier n’est pas un PDF, ODT, DOCX, JPEG ou PNG \(type reconnu : .+\)\.$/;

describe('detectAttachmentType — accepted types, recognised by content', () => {
  it.each([
    ['PDF', Buffer.from(MINIMAL_PDF, 'latin1'), 'application/pdf', 'pdf'],
    ['PNG', fixture('tiny.png'), 'image/png', 'png'],
    ['JPEG', fixture('tiny.jpg'), 'image/jpeg', 'jpg'],
    ['ODT', openDocument('application/vnd.oasis.opendocument.text'), 'application/vnd.oasis.opendocument.text', 'odt'],
    [
      'DOCX',
      wordDocument(),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'docx',
    ],
  ])('accepts a %s', async (_label, bytes, mediaType, extension) => {
    expect(await detectAttachmentType(bytes, 'piece')).toEqual({
      ok: true,
      mediaType,
      extension,
      fileName: `piece.${extension}`,
    });
  });

  it('trusts the content, not the name: a PNG named « .pdf » is a PNG, and the name is corrected', async () => {
    expect(await detectAttachmentType(fixture('tiny.png'), 'C:\\Mes documents\\scan.lettre.pdf')).toMatchObject({
      ok: true,
      mediaType: 'image/png',
      fileName: 'scan.lettre.png',
    });
  });
});

describe('detectAttachmentType — refused files', () => {
  it('refuses a Windows executable renamed « .pdf » (acceptance)', async () => {
    expect(await detectAttachmentType(windowsExecutable(), 'lettre-engagement.pdf')).toEqual({
      ok: false,
      message: 'Ce fichier n’est pas un PDF, ODT, DOCX, JPEG ou PNG (type reconnu : EXE).',
    });
  });

  it('refuses an HTML page renamed « .pdf »', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.4</body></html>');
    const result = await detectAttachmentType(html, 'budget.pdf');
    expect(result).toEqual({ ok: false, message: 'Ce fichier n’est pas un PDF, ODT, DOCX, JPEG ou PNG (type reconnu : inconnu).' });
  });

  it('refuses a ZIP archive that is neither ODT nor DOCX', async () => {
    const zip = zipSync({ 'lisez-moi.txt': strToU8('bonjour'), 'word.txt': strToU8('pas un document') });
    expect(await detectAttachmentType(zip, 'lettre.docx')).toEqual({
      ok: false,
      message: 'Ce fichier n’est pas un PDF, ODT, DOCX, JPEG ou PNG (type reconnu : ZIP).',
    });
  });

  it('refuses other office documents: an OpenDocument spreadsheet, a macro-enabled Word document', async () => {
    const ods = await detectAttachmentType(openDocument('application/vnd.oasis.opendocument.spreadsheet'), 'x.odt');
    expect(ods).toEqual({ ok: false, message: expect.stringMatching(REFUSED) });
    const docm = await detectAttachmentType(wordDocument('application/vnd.ms-word.document.macroEnabled.main+xml'), 'x.docx');
    expect(docm).toEqual({ ok: false, message: expect.stringMatching(REFUSED) });
  });

  it('refuses a truncated ZIP without throwing', async () => {
    const truncated = wordDocument().subarray(0, 40);
    expect(await detectAttachmentType(truncated, 'x.docx')).toMatchObject({ ok: false });
  });

  it('refuses an empty file', async () => {
    expect(await detectAttachmentType(new Uint8Array(0), 'vide.pdf')).toEqual({ ok: false, message: 'Le fichier est vide.' });
  });
});

describe('detectAttachmentType — 20 Mo limit', () => {
  const pdfOfSize = (size: number) => {
    const bytes = Buffer.alloc(size, 0x20); // spaces after the header: still a PDF by its magic bytes
    bytes.write(MINIMAL_PDF, 0, 'latin1');
    return bytes;
  };

  it('accepts exactly 20 Mo', async () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(20 * 1024 * 1024);
    expect(await detectAttachmentType(pdfOfSize(MAX_ATTACHMENT_BYTES), 'gros.pdf')).toMatchObject({ ok: true, extension: 'pdf' });
  });

  it('refuses 20 Mo + 1 octet', async () => {
    expect(await detectAttachmentType(pdfOfSize(MAX_ATTACHMENT_BYTES + 1), 'gros.pdf')).toEqual({
      ok: false,
      message: 'Le fichier dépasse 20 Mo.',
    });
  });
});
