/**
 * The service form of a member organisation (issue 6 §2): what the professional types, turned into a
 * data·inclusion v1 service record, then checked against the official schema (validateRecord) — the
 * errors given back field by field, in French. Also the life cycle (draft → published → archived, and
 * back to draft) and the « à revoir » rule: a service not reviewed for 6 months.
 */
import { thematiqueFamily, VALUE_LISTS, FAMILY_LABELS } from './value-lists.js';
import { validateRecord } from './record-validation.js';

export const SERVICE_STATUSES = ['draft', 'published', 'archived'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];
export const STATUS_LABELS: Record<ServiceStatus, string> = { draft: 'Brouillon', published: 'Publié', archived: 'Archivé' };

/** Issue 6 §2 life cycle: a draft is published, a published service archived or taken back to draft, an archived one back to draft. */
const TRANSITIONS: Record<ServiceStatus, ServiceStatus[]> = { draft: ['published'], published: ['archived', 'draft'], archived: ['draft'] };

export function isServiceStatus(value: string): value is ServiceStatus {
  return (SERVICE_STATUSES as readonly string[]).includes(value);
}

export function canChangeStatus(from: string, to: string): boolean {
  return isServiceStatus(from) && isServiceStatus(to) && TRANSITIONS[from].includes(to);
}

/** Issue 6 §2: a service is « à revoir » when it has not been reviewed for 6 calendar months. */
export const REVIEW_MONTHS = 6;

export function reviewDueBefore(now: Date): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - REVIEW_MONTHS);
  return cutoff;
}

export function isReviewDue(reviewedAt: Date, now: Date): boolean {
  return reviewedAt.getTime() <= reviewDueBefore(now).getTime();
}

/** The day in Paris of an instant, as data·inclusion's `date_maj` wants it: « 2026-11-27 ». */
export function parisDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Fields typed as text (empty → null). */
export const TEXT_FIELDS = [
  'nom',
  'description',
  'type',
  'frais',
  'frais_precisions',
  'publics_precisions',
  'conditions_acces',
  'mobilisation_precisions',
  'lien_mobilisation',
  'lien_source',
  'contact_nom_prenom',
  'courriel',
  'telephone',
  'adresse',
  'complement_adresse',
  'code_postal',
  'code_insee',
  'commune',
  'latitude',
  'longitude',
  'horaires_accueil',
  'zone_eligibilite',
  'nombre_semaines',
  'volume_horaire_hebdomadaire',
] as const;
/** Fields chosen among the official lists (checkboxes). */
export const LIST_FIELDS = ['thematiques', 'publics', 'modes_accueil', 'modes_mobilisation', 'mobilisable_par'] as const;

export type TextField = (typeof TEXT_FIELDS)[number];
export type ListField = (typeof LIST_FIELDS)[number];
export type FormField = TextField | ListField;
export type ServiceFormValues = Record<TextField, string> & Record<ListField, string[]>;
export type ServiceFormErrors = Partial<Record<FormField, string>>;

export function emptyServiceForm(): ServiceFormValues {
  const values: Record<string, string | string[]> = {};
  for (const f of TEXT_FIELDS) values[f] = '';
  for (const f of LIST_FIELDS) values[f] = [];
  return values as ServiceFormValues;
}

/** The form of a stored service (the columns bear the schema's names). */
export function formOfService(row: Record<string, unknown>): ServiceFormValues {
  const values = emptyServiceForm() as Record<string, string | string[]>;
  for (const f of TEXT_FIELDS) {
    const v = row[f];
    values[f] = Array.isArray(v) ? v.join(', ') : v == null ? '' : String(v);
  }
  for (const f of LIST_FIELDS) values[f] = Array.isArray(row[f]) ? (row[f] as string[]) : [];
  return values as ServiceFormValues;
}

/** The form of a submitted body: every field a string or a list of strings, the rest ignored. */
export function formOfBody(body: Record<string, unknown>): ServiceFormValues {
  const values = emptyServiceForm() as Record<string, string | string[]>;
  for (const f of TEXT_FIELDS) values[f] = typeof body[f] === 'string' ? body[f] : '';
  for (const f of LIST_FIELDS) {
    const v = body[f];
    values[f] = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v !== '' ? [v] : [];
  }
  return values as ServiceFormValues;
}

/** French messages where the schema's generic one would not tell what to do. */
const MESSAGES: Partial<Record<FormField, string>> = {
  nom: 'Indiquez le nom du service, de 3 à 150 caractères.',
  description: 'Décrivez le service en quelques phrases (au moins 5 caractères).',
  code_postal: 'Indiquez un code postal de 5 chiffres.',
  code_insee: 'Indiquez un code Insee de commune de 5 caractères.',
  zone_eligibilite: 'Indiquez des codes Insee de commune (5 caractères), de département (2 ou 3), d’EPCI (9 chiffres) ou « france », séparés par des virgules.',
  courriel: 'Indiquez une adresse électronique valide, par exemple contact@exemple.fr.',
  lien_mobilisation: 'Indiquez une adresse web complète, commençant par https://.',
  lien_source: 'Indiquez une adresse web complète, commençant par https://.',
};

function text(value: string): string | null {
  const t = value.trim();
  return t === '' ? null : t;
}

function number(value: string, integer: boolean): number | null | 'invalide' {
  const t = value.trim().replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return 'invalide';
  return n;
}

export type ServiceRecordCheck = { ok: true; record: Record<string, unknown> } | { ok: false; errors: ServiceFormErrors };

/**
 * Issue 6 §1-2: the record of a submitted form, validated against the official service schema. `identity`
 * gives what the form does not type: id, structure, source and the day of the change.
 */
export function serviceRecordOf(values: ServiceFormValues, identity: { id: string; structure_id: string; source: string; date_maj: string }): ServiceRecordCheck {
  const errors: ServiceFormErrors = {};
  const record: Record<string, unknown> = { ...identity };
  for (const f of TEXT_FIELDS) record[f] = text(values[f]);
  for (const f of LIST_FIELDS) record[f] = values[f].length ? [...new Set(values[f])] : null;
  const zone = values.zone_eligibilite
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  record.zone_eligibilite = zone.length ? zone : null;
  for (const [f, integer, message] of [
    ['latitude', false, 'Indiquez une latitude en degrés décimaux, par exemple 47,4739.'],
    ['longitude', false, 'Indiquez une longitude en degrés décimaux, par exemple -0,5517.'],
    ['nombre_semaines', true, 'Indiquez un nombre entier de semaines, au moins 1.'],
    ['volume_horaire_hebdomadaire', false, 'Indiquez un nombre d’heures par semaine, par exemple 7,5.'],
  ] as const) {
    const n = number(values[f], integer);
    if (n === 'invalide') errors[f] = message;
    else record[f] = n;
  }
  const check = validateRecord('service', record);
  if (!check.ok) {
    for (const line of check.errors) {
      const [path = '', detail = ''] = line.split(' : ');
      const field = path.split('.')[0] as FormField;
      if (!(TEXT_FIELDS as readonly string[]).includes(field) && !(LIST_FIELDS as readonly string[]).includes(field)) continue;
      errors[field] ??= MESSAGES[field] ?? capitalise(detail);
    }
    if (Object.keys(errors).length === 0) errors.nom = 'Le service n’est pas conforme au schéma data·inclusion.';
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, record };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1) + (s.endsWith('.') ? '' : '.');
}


export function thematiqueFamilies(): { family: string; label: string; options: { value: string; label: string }[] }[] {
  const families = new Map<string, { value: string; label: string }[]>();
  for (const t of VALUE_LISTS.thematiques) {
    const family = thematiqueFamily(t.value);
    if (!families.has(family)) families.set(family, []);
    families.get(family)!.push({ value: t.value, label: t.label });
  }
  return [...families].map(([family, options]) => ({ family, label: FAMILY_LABELS[family] ?? family, options }));
}
