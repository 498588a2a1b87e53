/** The person's data export as a PDF (RGPD art. 15, issue 5 §12): the same content as the JSON, readable. */
import PDFDocument from 'pdfkit';
import { ACCESS_ACTIONS } from '../../domains/pathway/adapters/access-log.js';
import { EVENT_LABELS } from '../../domains/pathway/adapters/events.js';
import { APPOINTMENT_STATUSES } from '../../domains/pathway/entities/appointment.js';
import { DIAGNOSIS_AREAS } from '../../domains/pathway/entities/diagnosis-areas.js';
import { ORIENTATION_KINDS, ORIENTATION_STATUSES } from '../../domains/pathway/entities/orientation.js';
import { ACTION_KINDS, ACTION_STATUSES, CONTRACT_KINDS } from '../../domains/pathway/entities/plan.js';
import type { PersonExport } from '../../domains/pathway/use-cases/person-export.js';
import { formatParisTimestamp, winAnsi } from './receipt-text.js';

const INK = '#161616';
const MUTED = '#666666';
const BLUE = '#000091';

const label = (table: Record<string, string>, key: string | null) => (key === null ? '—' : (table[key] ?? key));
const day = (text: string | null) => (text ? text.split('-').reverse().join('/') : '—');
const instant = (date: Date | null) => (date ? formatParisTimestamp(date) : '—');

export async function renderPersonExport(data: PersonExport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 57, bottom: 57, left: 57, right: 57 },
    lang: 'fr-FR',
    displayTitle: true,
    info: { Title: 'Vos données personnelles — SPIE', Author: 'Service public de l’insertion et de l’emploi', Subject: 'Droit d’accès (RGPD, article 15)' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const t = (s: string) => winAnsi(s);
  const width = doc.page.width - 114;

  const keepRoom = (points: number) => {
    if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const heading = (text: string) => {
    keepRoom(80);
    doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor(BLUE).text(t(text), 57, undefined, { width });
    doc.moveDown(0.3).fillColor(INK);
  };
  const subheading = (text: string) => {
    keepRoom(50);
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).fillColor(INK).text(t(text), 57, undefined, { width });
    doc.moveDown(0.2);
  };
  const line = (key: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10).fillColor(INK).text(t(`${key} : `), 57, undefined, { continued: true, width });
    doc.font('Helvetica').text(t(value));
  };
  const item = (text: string) => {
    doc.font('Helvetica').fontSize(10).fillColor(INK).text(t(`• ${text}`), 67, undefined, { width: width - 10 });
  };
  const none = (text: string) => {
    doc.font('Helvetica-Oblique').fontSize(10).fillColor(MUTED).text(t(text), 57, undefined, { width });
    doc.fillColor(INK);
  };

  doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(t('RÉPUBLIQUE FRANÇAISE'));
  doc.font('Helvetica-Oblique').fontSize(7).fillColor(MUTED).text(t('Liberté · Égalité · Fraternité'));
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(10).fillColor(INK).text(t('Service public de l’insertion et de l’emploi'));
  doc.moveTo(57, doc.y + 6).lineTo(57 + width, doc.y + 6).strokeColor(BLUE).lineWidth(1.5).stroke();
  doc.moveDown(1.5).font('Helvetica-Bold').fontSize(16).fillColor(INK).text(t('Vos données personnelles'));
  doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor(MUTED).text(t(`Toutes les données que le service public de l’insertion et de l’emploi a sur vous, au titre du droit d’accès (article 15 du règlement général sur la protection des données). Document établi le ${formatParisTimestamp(data.generated_at)}.`), { width });
  doc.fillColor(INK);

  const p = data.person;
  heading('Votre identité et vos coordonnées');
  line('Nom', `${p.given_name} ${p.family_name}`);
  line('Date de naissance', day(p.birth_date));
  line('Numéro d’allocataire CAF/MSA', p.caf_number ?? '—');
  line('Identifiant France Travail', p.france_travail_id ?? '—');
  line('Adresse électronique', p.email ?? '—');
  line('Téléphone', p.phone ?? '—');
  line('Adresse', p.address ?? '—');
  line('Ouverture des droits au RSA', day(p.rsa_rights_opened_on));
  line('Fiche créée le', instant(p.created_at));
  line('Compte personnel', data.account ? `${data.account.email}, créé le ${instant(data.account.created_at)}` : 'aucun');
  if (data.merged_records.length) line('Fiches fusionnées avec la vôtre', data.merged_records.map((id) => `n° ${id}`).join(', '));

  if (data.pathways.length === 0) {
    heading('Vos parcours');
    none('Aucun parcours.');
  }
  for (const w of data.pathways) {
    heading(`Parcours n° ${w.id} — ${w.space}`);
    line('État', w.status === 'open' ? 'ouvert' : `clos le ${instant(w.closed_at)}${w.closed_reason ? ` (${w.closed_reason})` : ''}`);
    line('Ouvert le', `${instant(w.opened_at)} par ${w.opened_by_organisation}`);
    line('Organisation qui suit le parcours', w.holding_organisation);
    line('Orientation', w.orientation_kind ? `${label(ORIENTATION_KINDS, w.orientation_kind)}, le ${instant(w.oriented_at)}` : 'pas encore décidée');

    subheading('Référents et professionnels');
    for (const r of w.referents) item(`Référent : ${r.name} (${r.organisation}), du ${instant(r.started_at)}${r.ended_at ? ` au ${instant(r.ended_at)}` : ''}`);
    for (const m of w.members) item(`Membre : ${m.name} (${m.organisation}), depuis le ${instant(m.joined_at)}${m.left_at ? `, jusqu’au ${instant(m.left_at)}` : ''}`);
    if (!w.referents.length && !w.members.length) none('Aucun.');

    subheading('Diagnostics');
    if (!w.diagnoses.length) none('Aucun diagnostic.');
    for (const d of w.diagnoses) {
      doc.font('Helvetica-Oblique').fontSize(10).text(t(`Diagnostic du ${instant(d.created_at)}, par ${d.author}`), 57, undefined, { width });
      for (const a of d.areas) item(`${label(DIAGNOSIS_AREAS, a.area)} — situation : ${a.situation}${a.needs ? ` ; besoins : ${a.needs}` : ''}`);
    }

    subheading('Orientation');
    if (!w.orientation_requests.length) none('Aucune demande d’orientation.');
    for (const o of w.orientation_requests) {
      item(`${label(ORIENTATION_KINDS, o.kind)} vers ${o.receiving_organisation}, demandée le ${instant(o.requested_at)} : ${label(ORIENTATION_STATUSES, o.status)}${o.reason ? ` (${o.reason})` : ''}`);
    }

    subheading('Objectifs, actions et contrats');
    for (const o of w.objectives) item(`Objectif (${label(DIAGNOSIS_AREAS, o.area)}) : ${o.label}${o.by_person ? ' — ajouté par vous' : ''}`);
    for (const a of w.actions) {
      const company = a.company_name ? ` chez ${a.company_name} (SIRET ${a.company_siret ?? '—'})` : a.service_name ? ` — service « ${a.service_name} »${a.service_structure ? ` (${a.service_structure})` : ''}` : '';
      const dates = a.starts_on ? `, du ${day(a.starts_on)} au ${day(a.ends_on)}` : '';
      item(`${label(ACTION_KINDS, a.kind)} : ${a.label}${company}${dates} — ${label(ACTION_STATUSES, a.status)}`);
    }
    for (const c of w.contracts) item(`${label(CONTRACT_KINDS, c.kind)}, du ${day(c.starts_on)} au ${day(c.ends_on)}`);
    if (!w.objectives.length && !w.actions.length && !w.contracts.length) none('Aucun.');

    subheading('Rendez-vous');
    if (!w.appointments.length) none('Aucun rendez-vous.');
    for (const a of w.appointments) item(`${instant(a.starts_at)}, ${a.place}${a.professional ? `, avec ${a.professional}` : ''} : ${a.subject} — ${label(APPOINTMENT_STATUSES, a.status)}`);

    subheading('Historique du parcours');
    for (const e of w.events) {
      const text = e.kind === 'person.comment' && typeof e.summary.text === 'string' ? ` : « ${e.summary.text} »` : '';
      item(`${instant(e.occurred_at)} — ${label(EVENT_LABELS, e.kind)}, par ${e.actor_label}${text}`);
    }
  }

  heading('Qui a consulté vos données');
  if (!data.access_log.length) none('Personne.');
  for (const a of data.access_log) {
    item(`${instant(a.occurred_at)} — ${a.actor_label}${a.organisation_label ? ` (${a.organisation_label})` : ''} ${label(ACCESS_ACTIONS, a.action)}`);
  }

  doc.moveDown(1.5).font('Helvetica').fontSize(9).fillColor(MUTED).text(
    t('Vous pouvez demander la rectification de ces données à votre référent ou au département. Vous pouvez aussi saisir la CNIL (www.cnil.fr).'),
    57,
    undefined,
    { width },
  );
  doc.end();
  return done;
}
