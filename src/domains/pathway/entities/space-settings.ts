/**
 * The settings a territory chooses for its SPIE (issue 5 §3, §12): how long a former referent keeps
 * reading a pathway (SPIE-2, 90 days by default) and how long a closed pathway is kept before it is
 * anonymised (SPIE-8, 24 months by default). The bounds are the database's checks.
 */
export interface SpaceSettings {
  retentionMonths: number;
  formerReferentDays: number;
}

export type SettingsCheck = { ok: true; settings: SpaceSettings } | { ok: false; errors: Partial<Record<keyof SpaceSettings, string>> };

export function checkSpaceSettings(input: { retentionMonths: string; formerReferentDays: string }): SettingsCheck {
  const errors: Partial<Record<keyof SpaceSettings, string>> = {};
  const months = input.retentionMonths.trim();
  const days = input.formerReferentDays.trim();
  if (!/^\d{1,3}$/.test(months) || Number(months) < 1 || Number(months) > 120) errors.retentionMonths = 'Indiquez une durée de conservation entière, de 1 à 120 mois.';
  if (!/^\d{1,4}$/.test(days) || Number(days) > 3650) errors.formerReferentDays = 'Indiquez un nombre entier de jours, de 0 à 3 650.';
  if (errors.retentionMonths || errors.formerReferentDays) return { ok: false, errors };
  return { ok: true, settings: { retentionMonths: Number(months), formerReferentDays: Number(days) } };
}
