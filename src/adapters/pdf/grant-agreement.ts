/**
 * The grant agreement (convention financière, AMI-23) generated from a selected application:
 * parties, object, amount, duration, payment schedule, reporting obligations with the declared indicators.
 * Standard PDF fonts only; every text goes through `winAnsi`.
 */
import { ministryDocument } from './ministry-document.js';
import { formatSiret, winAnsi } from './receipt-text.js';

export interface GrantAgreementData {
  reference: string;
  callTitle: string;
  territory: { name: string; code: string };
  beneficiary: { name: string; siret: string; contact: string };
  amountText: string;
  durationMonths: number;
  schedule: { label: string; amountText: string }[];
  indicators: { name: string; unit: string; baseline: string; target: string; frequency: string }[];
  generatedOn: string;
}

const BLUE_FRANCE = '#000091';
const MUTED = '#666666';

export async function renderGrantAgreement(data: GrantAgreementData): Promise<Buffer> {
  const { doc, done: finished } = ministryDocument({ title: `Convention financière ${data.reference}`, subject: data.callTitle });
  const t = (s: string) => winAnsi(s);
  const heading = (s: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).fillColor(BLUE_FRANCE).text(t(s)).moveDown(0.3);
    doc.font('Helvetica').fontSize(10).fillColor('#161616');
  };
  const para = (s: string) => doc.font('Helvetica').fontSize(10).fillColor('#161616').text(t(s), { align: 'justify' }).moveDown(0.3);

  doc.moveDown(1.2).font('Helvetica-Bold').fontSize(18).fillColor('#161616').text(t('Convention financière'));
  doc.font('Helvetica').fontSize(11).fillColor(MUTED).text(t(`Service public de l’insertion et de l’emploi — ${data.callTitle}`));
  doc.text(t(`Référence ${data.reference} — établie le ${data.generatedOn}`));

  heading('Entre les soussignés');
  para('L’État, représenté par la ministre chargée de l’insertion (délégation générale à l’emploi et à la formation professionnelle), ci-après « l’État »,');
  para(`et ${data.beneficiary.name}, SIRET ${formatSiret(data.beneficiary.siret)}, porteur du projet pour le territoire ${data.territory.name} (${data.territory.code}), représenté par ${data.beneficiary.contact || 'son représentant légal'}, ci-après « le bénéficiaire ».`);

  heading('Article 1 — Objet');
  para(`La présente convention a pour objet le soutien financier de l’État à la mise en œuvre du service public de l’insertion et de l’emploi sur le territoire ${data.territory.name}, tel que décrit dans la candidature retenue au titre de l’appel « ${data.callTitle} ».`);

  heading('Article 2 — Montant et durée');
  para(`L’État attribue au bénéficiaire une subvention de ${data.amountText}, pour une durée de ${data.durationMonths} mois à compter de la signature.`);

  heading('Article 3 — Modalités de versement');
  for (const line of data.schedule) para(`• ${line.label} : ${line.amountText}.`);
  para('Aucun versement ne peut excéder le montant restant dû au titre de la présente convention.');

  heading('Article 4 — Obligations de compte rendu');
  para('Le bénéficiaire transmet un rapport annuel d’exécution et un rapport final, renseignant les indicateurs déclarés dans sa candidature :');
  if (data.indicators.length === 0) para('• (aucun indicateur déclaré)');
  for (const i of data.indicators) {
    para(`• ${i.name}${i.unit ? ` (${i.unit})` : ''} : valeur de départ ${i.baseline || '—'}, cible ${i.target || '—'}${i.frequency ? `, suivi ${i.frequency.toLowerCase()}` : ''}.`);
  }

  heading('Signatures');
  para('Pour l’État : ________________________            Pour le bénéficiaire : ________________________');
  doc.end();
  return finished;
}
