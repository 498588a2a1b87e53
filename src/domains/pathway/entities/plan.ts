/**
 * SPIE-5: the plan built with the person — objectives per area, actions (free text, an immersion in
 * a company with its dates and SIRET, or a catalogue service), and a contract (CER, PPAE or contrat
 * d'engagement) with its dates.
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
  serviceId?: number | null;
}

export interface CheckedAction {
  kind: ActionKind;
  label: string;
  companySiret: string | null;
  companyName: string | null;
  startsOn: string | null;
  endsOn: string | null;
  serviceId: number | null;
}

export type ActionCheck = { ok: true; action: CheckedAction } | { ok: false; errors: Record<string, string> };

/** An action of the plan; an immersion needs the company's valid SIRET and its dates, in order. */
export function checkAction(input: ActionInput): ActionCheck {
  const errors: Record<string, string> = {};
  if (!Object.hasOwn(ACTION_KINDS, input.kind)) errors.kind = 'Choisissez le type d’action.';
  const label = input.label.trim();
  if (!label) errors.label = 'Décrivez l’action.';
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
  if (input.kind === 'service' && !input.serviceId) errors.serviceId = 'Choisissez le service du catalogue.';
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
      serviceId: input.kind === 'service' ? (input.serviceId ?? null) : null,
    },
  };
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
