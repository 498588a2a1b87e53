/** Shared by the ministry's PDF documents (agreement, decision letter): A4 page, letterhead, buffer collection. */
import PDFDocument from 'pdfkit';
import { winAnsi } from './receipt-text.js';

export type MinistryDoc = InstanceType<typeof PDFDocument>;

/** Opens an A4 document with the ministry's letterhead; `done` resolves with the PDF once `doc.end()` is called. */
export function ministryDocument(info: { title: string; subject: string }): { doc: MinistryDoc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 57, bottom: 57, left: 57, right: 57 },
    lang: 'fr-FR',
    displayTitle: true,
    info: { Title: info.title, Author: 'Service public de l’insertion et de l’emploi', Subject: info.subject },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(11).fillColor('#161616').text(winAnsi('RÉPUBLIQUE FRANÇAISE'));
  doc.font('Helvetica-Oblique').fontSize(7).fillColor('#666666').text(winAnsi('Liberté · Égalité · Fraternité'));
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(10).fillColor('#161616').text(winAnsi('Ministère chargé du travail, de l’emploi et de l’insertion — DGEFP'));
  doc.moveTo(57, doc.y + 6).lineTo(538, doc.y + 6).strokeColor('#000091').lineWidth(1.5).stroke();
  return { doc, done };
}
