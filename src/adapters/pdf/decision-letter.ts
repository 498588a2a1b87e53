/** The letter notifying an applicant of the national decision on its application (issue 4 §4). */
import { ministryDocument } from './ministry-document.js';
import { winAnsi } from './receipt-text.js';

export interface DecisionLetterData {
  reference: string;
  callTitle: string;
  territory: { name: string; code: string };
  beneficiaryName: string;
  selected: boolean;
  reasons: string;
  decidedOn: string;
}

export async function renderDecisionLetter(data: DecisionLetterData): Promise<Buffer> {
  const { doc, done: finished } = ministryDocument({ title: `Décision — candidature ${data.reference}`, subject: data.callTitle });
  const t = (s: string) => winAnsi(s);
  doc.moveDown(1.5).font('Helvetica').fontSize(10).text(t(`Paris, le ${data.decidedOn}`), { align: 'right' });
  doc.moveDown(1).text(t(data.beneficiaryName));
  doc.moveDown(1).font('Helvetica-Bold').text(t(`Objet : décision sur votre candidature ${data.reference} — ${data.callTitle}`));
  doc.moveDown(1).font('Helvetica').text(t('Madame, Monsieur,'));
  doc.moveDown(0.5);
  const outcome = data.selected
    ? `J’ai le plaisir de vous informer que la candidature du territoire ${data.territory.name} (${data.territory.code}) est retenue au titre de l’appel « ${data.callTitle} ». Une convention financière vous sera adressée ; elle précisera le montant de la subvention de l’État et son calendrier de versement.`
    : `Je vous informe que la candidature du territoire ${data.territory.name} (${data.territory.code}) n’a pas été retenue au titre de l’appel « ${data.callTitle} ».`;
  doc.text(t(outcome), { align: 'justify' });
  doc.moveDown(0.5).text(t(`Motifs : ${data.reasons}`), { align: 'justify' });
  if (!data.selected) doc.moveDown(0.5).text(t('Cette décision peut faire l’objet d’un recours gracieux auprès de la ministre ou d’un recours contentieux devant le tribunal administratif dans un délai de deux mois à compter de sa notification.'), { align: 'justify' });
  doc.moveDown(1).text(t('Je vous prie d’agréer, Madame, Monsieur, l’expression de ma considération distinguée.'));
  doc.moveDown(2).text(t('Pour la ministre et par délégation, la déléguée générale à l’emploi et à la formation professionnelle'), { align: 'right' });
  doc.end();
  return finished;
}
