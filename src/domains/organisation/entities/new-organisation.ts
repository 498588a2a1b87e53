/**
 * Decides whether a new organisation's form is acceptable, field by field, with French messages
 * meant to be shown next to each field (issue 2 §5: name, checked SIRET, type, département).
 */
import { isOrganisationKind, type OrganisationKind } from './organisation-kind.js';
import { checkSiret } from './siret.js';

export interface NewOrganisationInput {
  name?: unknown;
  siret?: unknown;
  kind?: unknown;
  departementCode?: unknown;
}

export interface NewOrganisation {
  name: string;
  siret: string;
  kind: OrganisationKind;
  departementCode: string;
}

export type NewOrganisationField = 'name' | 'siret' | 'kind' | 'departementCode';

export type NewOrganisationCheck =
  | { ok: true; value: NewOrganisation }
  | { ok: false; errors: Partial<Record<NewOrganisationField, string>> };

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function checkNewOrganisation(input: NewOrganisationInput, knownDepartements: ReadonlySet<string>): NewOrganisationCheck {
  const errors: Partial<Record<NewOrganisationField, string>> = {};
  const name = text(input.name).replace(/\s+/g, ' ');
  if (!name) errors.name = 'Indiquez le nom de l’organisation.';
  else if (name.length > 200) errors.name = 'Le nom ne doit pas dépasser 200 caractères.';

  const siretText = text(input.siret);
  const siret = siretText ? checkSiret(siretText) : null;
  if (!siret) errors.siret = 'Indiquez le SIRET de l’organisation (14 chiffres).';
  else if (!siret.valid) errors.siret = siret.message;

  const kind = text(input.kind);
  if (!isOrganisationKind(kind)) errors.kind = 'Choisissez le type d’organisation.';

  const departementCode = text(input.departementCode);
  if (!knownDepartements.has(departementCode)) errors.departementCode = 'Choisissez le département de l’organisation.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { name, siret: (siret as { siret: string }).siret, kind: kind as OrganisationKind, departementCode } };
}
