/**
 * SPIE-5: the plan built with the person — objectives per area, actions (free text, an immersion in
 * a company with its dates and SIRET, or a catalogue service), and a contract (CER, PPAE or contrat
 * d'engagement) with its dates.
 *
 * A catalogue service action (issue 6 §5) names the service by its data·inclusion id (text); whether
 * that service exists, is published and belongs to the pathway's space is decided where it is saved
 * (record.ts addAction). Its description is optional: left empty, it is the service's name — what a
 * social worker would otherwise retype, and what the person reads in their own space — while a
 * description given (« Inscription à la session de mars ») is kept as typed.
 */
import { checkSiret } from '../../organisation/entities/siret.js';

export const ACTION_STATUSES = { planned: 'Prévue', in_progress: 'En cours', done: 'Réalisée', abandoned: 'Abandonnée' } as const;
export type ActionStatus = keyof typeof ACTION_STATUSES;
export function isActionStatus(value: string): value is ActionStatus {
  return Object.hasOwn(ACTION_STATUSES, value);
}

export const ACTION_KINDS = { free: 'Action', immersion: 'Immersion en entreprise', service: 'Service du catalogue' } as const;
export type ActionKind = keyof typeof ACTION_KINDS;

export const CONTRACT_KINDS = {
  cer: 'Contrat d’engagements réciproques (CER)',
  ppae: 'Projet personnalisé d’accès à l’emploi (PPAE)',
  contrat_engagement: 'Contrat d’engagement (loi pour le plein emploi)',
} as const;
export type ContractKind = keyof typeof CONTRACT_KINDS;
export function isContractKind(value: string): value is ContractKind {
  return Object.hasOwn(CONTRACT_KINDS, value);
}

function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

export interface ActionInput {
  kind: string;
  label: string;
  companySiret?: string;
  companyName?: string;
  startsOn?: string;
  endsOn?: string;
  serviceId?: string | null;
}

export interface CheckedAction {
  kind: ActionKind;
  label: string;
  companySiret: string | null;
  companyName: string | null;
  startsOn: string | null;
  endsOn: string | null;
  /** catalogue_service.id, for the kind 'service' only. */
  serviceId: string | null;
}

export type ActionCheck = { ok: true; action: CheckedAction } | { ok: false; errors: Record<string, string> };

/** The longest a catalogue service id can be here (the service page reads no more of its address). */
export const MAX_SERVICE_ID = 300;

/**
 * SPIE-5: an action of the plan; an immersion needs the company's valid SIRET and its dates, in order;
 * a catalogue service action needs the service chosen, its description being optional (see above:
 * the label comes back empty, and `serviceActionLabel` gives the one saved).
 */
export function checkAction(input: ActionInput): ActionCheck {
  const errors: Record<string, string> = {};
  if (!Object.hasOwn(ACTION_KINDS, input.kind)) errors.kind = 'Choisissez le type d’action.';
  const label = input.label.trim();
  if (!label && input.kind !== 'service') errors.label = 'Décrivez l’action.';
  else if (label.length > 500) errors.label = 'La description dépasse 500 caractères.';
  const startsOn = (input.startsOn ?? '').trim();
  const endsOn = (input.endsOn ?? '').trim();
  if (startsOn && !isDay(startsOn)) errors.startsOn = 'Indiquez une date de début valide (jj/mm/aaaa).';
  if (endsOn && !isDay(endsOn)) errors.endsOn = 'Indiquez une date de fin valide (jj/mm/aaaa).';
  let companySiret: string | null = null;
  if (input.kind === 'immersion') {
    const siret = checkSiret(input.companySiret ?? '');
    if (!siret.valid) errors.companySiret = siret.message;
    else companySiret = siret.siret;
    if (!(input.companyName ?? '').trim()) errors.companyName = 'Indiquez le nom de l’entreprise d’accueil.';
    if (!startsOn) errors.startsOn = 'Indiquez la date de début de l’immersion.';
    if (!endsOn) errors.endsOn = 'Indiquez la date de fin de l’immersion.';
  }
  const serviceId = (input.serviceId ?? '').trim();
  if (input.kind === 'service') {
    if (!serviceId) errors.serviceId = 'Choisissez le service du catalogue.';
    else if (serviceId.length > MAX_SERVICE_ID) errors.serviceId = 'Ce service n’est pas dans le catalogue de ce territoire.';
  }
  if (!errors.startsOn && !errors.endsOn && startsOn && endsOn && endsOn < startsOn) errors.endsOn = 'La date de fin précède la date de début.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    action: {
      kind: input.kind as ActionKind,
      label,
      companySiret,
      companyName: input.kind === 'immersion' ? (input.companyName ?? '').trim() : null,
      startsOn: startsOn || null,
      endsOn: endsOn || null,
      serviceId: input.kind === 'service' ? serviceId : null,
    },
  };
}

/** SPIE-5: the description saved for a catalogue service action — the one typed, or else the service's name. */
export function serviceActionLabel(label: string, serviceName: string): string {
  return label.trim() || serviceName.trim().slice(0, 500);
}

export const MIN_SERVICE_QUERY = 2;

export type ServiceQueryCheck = { ok: true; text: string } | { ok: false; message: string };

/** Issue 6 §5: the name searched for a plan's catalogue service — 2 characters at least, 100 at most. */
export function checkServiceQuery(text: string): ServiceQueryCheck {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length < MIN_SERVICE_QUERY) return { ok: false, message: `Indiquez au moins ${MIN_SERVICE_QUERY} caractères du nom du service.` };
  if (t.length > 100) return { ok: false, message: 'Le nom cherché dépasse 100 caractères.' };
  return { ok: true, text: t };
}

export type ContractCheck = { ok: true; kind: ContractKind; startsOn: string; endsOn: string } | { ok: false; errors: Record<string, string> };

export function checkContract(input: { kind: string; startsOn: string; endsOn: string }): ContractCheck {
  const errors: Record<string, string> = {};
  if (!isContractKind(input.kind)) errors.kind = 'Choisissez le type de contrat.';
  if (!isDay(input.startsOn)) errors.startsOn = 'Indiquez la date de début du contrat.';
  if (!isDay(input.endsOn)) errors.endsOn = 'Indiquez la date de fin du contrat.';
  if (!errors.startsOn && !errors.endsOn && input.endsOn <= input.startsOn) errors.endsOn = 'La date de fin suit la date de début.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, kind: input.kind as ContractKind, startsOn: input.startsOn, endsOn: input.endsOn };
}
