/**
 * The scoring grid of a call (issue 4 §2): criteria with weights, filled by each reviewer with a mark
 * from 0 to 5 per criterion. The weights add up to 100, so a grid's weighted score is out of 100.
 * Scores are kept in tenths of a point (integers) so that no float rounding creeps into the ranking.
 */
export interface ScoringCriterion {
  key: string;
  label: string;
  /** Whole percentage points; the call's weights add up to 100. */
  weight: number;
}

export const MAX_MARK = 5;
export const MARKS = [0, 1, 2, 3, 4, 5] as const;
export const MARK_LABELS: Record<number, string> = {
  0: '0 — absent',
  1: '1 — très insuffisant',
  2: '2 — insuffisant',
  3: '3 — correct',
  4: '4 — bon',
  5: '5 — excellent',
};

/** The grid a call gets unless the national team changes it: the criteria named in the seed's annex 1. */
export const DEFAULT_SCORING_CRITERIA: ScoringCriterion[] = [
  { key: 'connaissance_public', label: 'Connaissance du public et des besoins du territoire', weight: 25 },
  { key: 'principes_spie', label: 'Adéquation aux principes du SPIE', weight: 25 },
  { key: 'consortium', label: 'Étendue et engagement du consortium', weight: 20 },
  { key: 'objectifs', label: 'Objectifs mesurables et indicateurs', weight: 15 },
  { key: 'budget', label: 'Qualité du budget', weight: 15 },
];

export const MAX_CRITERIA = 8;

export type GridCheck = { ok: true; criteria: ScoringCriterion[] } | { ok: false; errors: Record<string, string> };

/**
 * Checks a grid typed by the national team: rows with a label and a weight; blank rows are dropped.
 * Errors are keyed `label-<i>`, `weight-<i>` (row index as typed) or `form` (the sum).
 */
export function checkGrid(rows: { label: string; weight: string }[]): GridCheck {
  const errors: Record<string, string> = {};
  const criteria: ScoringCriterion[] = [];
  rows.forEach((row, i) => {
    const label = row.label.trim();
    const weightText = row.weight.trim();
    if (!label && !weightText) return;
    if (!label) errors[`label-${i}`] = 'Nommez ce critère.';
    else if (label.length > 200) errors[`label-${i}`] = 'Le nom du critère dépasse 200 caractères.';
    const weight = /^\d{1,3}$/.test(weightText) ? Number(weightText) : NaN;
    if (!weightText) errors[`weight-${i}`] = 'Indiquez le poids du critère.';
    else if (!Number.isInteger(weight) || weight < 1 || weight > 100) errors[`weight-${i}`] = 'Le poids est un nombre entier de 1 à 100.';
    if (label && Number.isInteger(weight)) criteria.push({ key: criterionKey(label, criteria), label, weight });
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  if (criteria.length === 0) return { ok: false, errors: { form: 'La grille compte au moins un critère.' } };
  if (criteria.length > MAX_CRITERIA) return { ok: false, errors: { form: `La grille compte au plus ${MAX_CRITERIA} critères.` } };
  const sum = criteria.reduce((total, c) => total + c.weight, 0);
  if (sum !== 100) return { ok: false, errors: { form: `Les poids doivent totaliser 100 ; ils totalisent ${sum}.` } };
  return { ok: true, criteria };
}

function criterionKey(label: string, taken: ScoringCriterion[]): string {
  const base =
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 40) || 'critere';
  let key = base;
  for (let n = 2; taken.some((c) => c.key === key); n++) key = `${base}_${n}`;
  return key;
}

export type MarksCheck = { ok: true; marks: Record<string, number> } | { ok: false; errors: Record<string, string> };

/** A reviewer's marks: one whole mark from 0 to 5 for every criterion of the grid. */
export function checkMarks(criteria: ScoringCriterion[], input: Record<string, string | undefined>): MarksCheck {
  const errors: Record<string, string> = {};
  const marks: Record<string, number> = {};
  for (const c of criteria) {
    const text = (input[c.key] ?? '').trim();
    if (!/^[0-5]$/.test(text)) errors[c.key] = `Choisissez une note de 0 à ${MAX_MARK} pour « ${c.label} ».`;
    else marks[c.key] = Number(text);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, marks };
}

/** The weighted score of one grid, in tenths of a point out of 100 (1000 = every criterion at 5). */
export function weightedScoreTenths(criteria: ScoringCriterion[], marks: Record<string, number>): number {
  // Σ weight × mark / 5 points = Σ weight × mark × 2 tenths: exact in integers.
  return criteria.reduce((total, c) => total + c.weight * (marks[c.key] ?? 0) * 2, 0);
}

/** Whether a stored grid still covers every criterion of the call's grid. */
export function isComplete(criteria: ScoringCriterion[], marks: Record<string, number>): boolean {
  return criteria.every((c) => Number.isInteger(marks[c.key]) && marks[c.key]! >= 0 && marks[c.key]! <= MAX_MARK);
}

/** The mean of the reviewers' weighted scores, in tenths (rounded half up), or null without any grid. */
export function averageTenths(scores: number[]): number | null {
  if (scores.length === 0) return null;
  const sum = scores.reduce((a, b) => a + b, 0);
  return Math.floor((2 * sum + scores.length) / (2 * scores.length));
}

/** « 83,5 / 100 » */
export function formatScore(tenths: number): string {
  return `${Math.floor(tenths / 10)},${tenths % 10} / 100`;
}
