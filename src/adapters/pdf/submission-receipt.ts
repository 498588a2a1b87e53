/**
 * The accusé de réception of a submitted application (issue 3 §4): call, territory, lead applicant,
 * Paris timestamp, reference and SHA-256 digest of the submitted content, on one sober A4 page.
 * Standard PDF fonts only (no file to ship): every text goes through `winAnsi`.
 */
import PDFDocument from 'pdfkit';
import { digestLines, formatParisTimestamp, formatSiret, winAnsi } from './receipt-text.js';

export interface SubmissionReceiptData {
  callTitle: string;
  territory: { name: string; code: string };
  leadApplicant: { name: string; siret: string };
  submittedAt: Date;
  /** e.g. « SPIE-2026-000123 ». */
  reference: string;
  /** SHA-256 of the submitted content, 64 hexadecimal characters. */
  contentSha256: string;
}

export const SERVICE_NAME = 'Service public de l’insertion et de l’emploi';
export const RECEIPT_TITLE = 'Accusé de réception de candidature';
export const RECEIPT_LEGAL_NOTICE =
  'Cet accusé de réception atteste du dépôt de votre candidature ; il ne préjuge pas de sa recevabilité ni de la décision.';

const BLUE_FRANCE = '#000091';
const TEXT = '#161616';
const MUTED = '#666666';
const RULE = '#dddddd';
const CALLOUT_BACKGROUND = '#eeeeee';

const MARGIN = 57; // 2 cm
const LABEL_WIDTH = 165;
const GUTTER = 12;

type Doc = InstanceType<typeof PDFDocument>;
type Struct = ReturnType<Doc['struct']>;

export async function renderSubmissionReceipt(data: SubmissionReceiptData): Promise<Buffer> {
  const sha256 = data.contentSha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('contentSha256 must be 64 hexadecimal characters');

  // Tagged PDF (structure tree, decorations as artifacts) so that screen readers read it in order.
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: `${RECEIPT_TITLE} ${data.reference}`,
      Author: SERVICE_NAME,
      Creator: SERVICE_NAME,
      Subject: data.callTitle,
      CreationDate: data.submittedAt,
    },
  });
  const done = collect(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);

  header(doc, root);
  root.add(
    doc.struct('H1', {}, () => {
      doc.moveDown(2.2).font('Helvetica-Bold').fontSize(20).fillColor(TEXT).text(winAnsi(RECEIPT_TITLE));
    }),
  );
  paragraph(doc, root, 'Votre candidature a bien été déposée. Ce document récapitule les éléments enregistrés lors du dépôt.', {
    size: 11,
    before: 0.4,
  });
  doc.moveDown(1.2);

  const table = doc.struct('Table');
  root.add(table);
  row(doc, table, 'Référence de la candidature', data.reference, { bold: true });
  row(doc, table, 'Appel à manifestation d’intérêt', data.callTitle);
  row(doc, table, 'Territoire', `${data.territory.name} (${data.territory.code})`);
  row(doc, table, 'Porteur du projet', `${data.leadApplicant.name}\nSIRET ${formatSiret(data.leadApplicant.siret)}`);
  row(doc, table, 'Date et heure du dépôt', formatParisTimestamp(data.submittedAt));
  row(doc, table, 'Empreinte SHA-256 du contenu déposé', digestLines(sha256).join('\n'), { mono: true });
  table.end();

  paragraph(doc, root, 'L’empreinte permet de vérifier que le contenu de la candidature n’a pas été modifié depuis son dépôt.', {
    size: 9,
    before: 0.6,
  });
  callout(doc, root, RECEIPT_LEGAL_NOTICE);
  footer(doc, data.reference);

  root.end();
  doc.end();
  return done;
}

function collect(doc: Doc): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Drawings that carry no meaning (rules, backgrounds, footer) are artifacts for assistive technologies. */
function artifact(doc: Doc, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout') {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

function paragraph(doc: Doc, parent: Struct, text: string, options: { size: number; before: number }) {
  parent.add(
    doc.struct('P', {}, () => {
      doc.moveDown(options.before).font('Helvetica').fontSize(options.size).fillColor(MUTED).text(winAnsi(text), MARGIN);
    }),
  );
}

/** Bloc marque (« République française » and the motto) and the service name, over a blue rule. */
function header(doc: Doc, root: Struct) {
  const top = doc.y;
  let blockBottom = top;
  root.add(
    doc.struct('P', { actual: 'République française. Liberté, Égalité, Fraternité.' }, () => {
      doc.font('Helvetica-Bold').fontSize(13).fillColor(TEXT).text(winAnsi('RÉPUBLIQUE\nFRANÇAISE'), MARGIN, top, { lineGap: -1 });
      doc.moveDown(0.3).font('Helvetica-Oblique').fontSize(8).text(winAnsi('Liberté\nÉgalité\nFraternité'), { lineGap: -1 });
      blockBottom = doc.y;
    }),
  );

  const serviceX = MARGIN + 150;
  root.add(
    doc.struct('P', { actual: `${SERVICE_NAME}. AMI, candidatures et parcours d’insertion.` }, () => {
      doc.font('Helvetica-Bold').fontSize(13).text(winAnsi(SERVICE_NAME), serviceX, top + 6);
      doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(winAnsi('AMI, candidatures et parcours d’insertion'), serviceX);
    }),
  );

  const ruleY = blockBottom + 10;
  artifact(doc, () => {
    doc.moveTo(MARGIN, ruleY).lineTo(doc.page.width - MARGIN, ruleY).lineWidth(2).strokeColor(BLUE_FRANCE).stroke();
  });
  doc.x = MARGIN;
  doc.y = ruleY;
}

/** One line of the summary table: label (row header) on the left, value on the right, thin rule below. */
function row(doc: Doc, table: Struct, label: string, value: string, options: { bold?: boolean; mono?: boolean } = {}) {
  const top = doc.y + 8;
  const valueX = MARGIN + LABEL_WIDTH + GUTTER;
  const valueWidth = doc.page.width - MARGIN - valueX;
  let labelBottom = top;

  table.add(
    doc.struct('TR', {}, [
      doc.struct('TH', {}, () => {
        doc.font('Helvetica-Bold').fontSize(9.5).fillColor(MUTED).text(winAnsi(label), MARGIN, top, { width: LABEL_WIDTH });
        labelBottom = doc.y;
      }),
      // Lines drawn apart are read as one text: the digest without break, other values with a space.
      doc.struct('TD', value.includes('\n') ? { actual: value.replace(/\n/g, options.mono ? '' : ' ') } : {}, () => {
        const font = options.mono ? 'Courier' : options.bold ? 'Helvetica-Bold' : 'Helvetica';
        doc.font(font).fontSize(options.mono ? 10.5 : 11).fillColor(TEXT).text(winAnsi(value), valueX, top, { width: valueWidth });
      }),
    ]),
  );

  const bottom = Math.max(labelBottom, doc.y) + 8;
  artifact(doc, () => {
    doc.moveTo(MARGIN, bottom).lineTo(doc.page.width - MARGIN, bottom).lineWidth(0.5).strokeColor(RULE).stroke();
  });
  doc.x = MARGIN;
  doc.y = bottom;
}

/** A DSFR-like callout: grey background, blue bar on the left. */
function callout(doc: Doc, root: Struct, text: string) {
  const top = doc.y + 18;
  const width = doc.page.width - 2 * MARGIN;
  const padding = 14;
  const textWidth = width - 2 * padding - 4;
  doc.font('Helvetica').fontSize(10.5);
  const height = doc.heightOfString(winAnsi(text), { width: textWidth }) + 2 * padding;
  artifact(doc, () => {
    doc.rect(MARGIN, top, width, height).fill(CALLOUT_BACKGROUND);
    doc.rect(MARGIN, top, 4, height).fill(BLUE_FRANCE);
  });
  root.add(
    doc.struct('P', {}, () => {
      doc.fillColor(TEXT).text(winAnsi(text), MARGIN + 4 + padding, top + padding, { width: textWidth });
    }),
  );
  doc.x = MARGIN;
  doc.y = top + height;
}

/** Repeated on every page in spirit: an artifact, like a running footer. */
function footer(doc: Doc, reference: string) {
  const y = doc.page.height - MARGIN + 14;
  doc.page.margins.bottom = 0; // writing below the bottom margin must not open a new page
  artifact(
    doc,
    () => {
      doc.moveTo(MARGIN, y - 8).lineTo(doc.page.width - MARGIN, y - 8).lineWidth(0.5).strokeColor(RULE).stroke();
      doc.font('Helvetica').fontSize(8).fillColor(MUTED);
      doc.text(winAnsi(`${SERVICE_NAME} — accusé de réception ${reference}`), MARGIN, y, {
        width: doc.page.width - 2 * MARGIN,
        lineBreak: false,
      });
    },
    'Pagination',
  );
}
