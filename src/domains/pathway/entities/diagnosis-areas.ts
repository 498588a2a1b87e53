/** SPIE-3: the areas of the shared socio-professional diagnosis, each with a situation and needs. */
export const DIAGNOSIS_AREAS = {
  employment: 'Emploi',
  training: 'Formation',
  housing: 'Logement',
  health: 'Santé',
  mobility: 'Mobilité',
  family: 'Contraintes familiales',
  finances: 'Finances',
  administrative: 'Difficultés administratives',
  language: 'Langue',
  digital: 'Compétences numériques',
} as const;
export type DiagnosisArea = keyof typeof DIAGNOSIS_AREAS;
export const DIAGNOSIS_AREA_KEYS = Object.keys(DIAGNOSIS_AREAS) as DiagnosisArea[];

export function isDiagnosisArea(value: string): value is DiagnosisArea {
  return Object.hasOwn(DIAGNOSIS_AREAS, value);
}

export interface DiagnosisEntry {
  area: DiagnosisArea;
  situation: string;
  needs: string;
}

export const MAX_DIAGNOSIS_TEXT = 4000;

export type DiagnosisCheck = { ok: true; entries: DiagnosisEntry[] } | { ok: false; errors: Record<string, string> };

/**
 * A diagnosis typed per area: an area left empty is not part of it; an area with needs but no
 * situation is refused; at least one area is filled. Errors are keyed `<area>.situation` / `<area>.needs`.
 */
export function checkDiagnosis(input: Partial<Record<string, { situation?: string; needs?: string }>>): DiagnosisCheck {
  const errors: Record<string, string> = {};
  const entries: DiagnosisEntry[] = [];
  for (const area of DIAGNOSIS_AREA_KEYS) {
    const situation = (input[area]?.situation ?? '').trim();
    const needs = (input[area]?.needs ?? '').trim();
    if (!situation && !needs) continue;
    if (!situation) errors[`${area}.situation`] = `Décrivez la situation (${DIAGNOSIS_AREAS[area].toLowerCase()}) avant les besoins.`;
    if (situation.length > MAX_DIAGNOSIS_TEXT) errors[`${area}.situation`] = `Le texte dépasse ${MAX_DIAGNOSIS_TEXT} caractères.`;
    if (needs.length > MAX_DIAGNOSIS_TEXT) errors[`${area}.needs`] = `Le texte dépasse ${MAX_DIAGNOSIS_TEXT} caractères.`;
    entries.push({ area, situation, needs });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  if (entries.length === 0) return { ok: false, errors: { form: 'Renseignez au moins un domaine du diagnostic.' } };
  return { ok: true, entries };
}
