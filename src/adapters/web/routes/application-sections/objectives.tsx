/** Objectives, expected changes, impacts, and evaluation indicators (name, unit, baseline, target, frequency). */
import { INDICATOR_FREQUENCIES, objectivesSchema, type ObjectivesSection } from '../../../../domains/ami/entities/application-content.js';
import { SelectField, TextArea, TextField } from '../../components/form-fields.js';
import { rowIndexes, rowIsEmpty, text, type RawForm, type SectionForm } from './types.js';

const TEXTS = [
  ['quantitative', 'Objectifs quantitatifs'],
  ['qualitative', 'Objectifs qualitatifs'],
  ['expectedChanges', 'Changements attendus'],
  ['userImpacts', 'Impacts pour les personnes accompagnées'],
] as const;

const decimal = (value: string): number | null | undefined => {
  const v = value.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (v === '') return null;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
};

export const objectivesForm: SectionForm<ObjectivesSection> = {
  key: 'objectives',
  labels: { ...Object.fromEntries(TEXTS), indicators: 'Indicateurs', name: 'nom', unit: 'unité', baseline: 'valeur de départ', target: 'cible', frequency: 'fréquence' },
  toRaw(c) {
    const raw: RawForm = Object.fromEntries(TEXTS.map(([k]) => [k, c[k]]));
    c.indicators.forEach((ind, i) => {
      raw[`indicator-${i}-name`] = ind.name;
      raw[`indicator-${i}-unit`] = ind.unit;
      raw[`indicator-${i}-baseline`] = ind.baseline === null ? '' : String(ind.baseline).replace('.', ',');
      raw[`indicator-${i}-target`] = ind.target === null ? '' : String(ind.target).replace('.', ',');
      raw[`indicator-${i}-frequency`] = ind.frequency;
    });
    return raw;
  },
  parse(raw) {
    const errors: Record<string, string> = {};
    const indicators = rowIndexes(raw, 'indicator')
      .filter((i) => !rowIsEmpty(raw, 'indicator', i))
      .map((i, n) => {
        const id = `objectives-indicators-${n}`;
        const name = text(raw, `indicator-${i}-name`).trim();
        if (!name) errors[`${id}-name`] = 'Indiquez le nom de l’indicateur.';
        const baseline = decimal(text(raw, `indicator-${i}-baseline`));
        const target = decimal(text(raw, `indicator-${i}-target`));
        if (baseline === undefined) errors[`${id}-baseline`] = 'Indiquez un nombre, par exemple « 94 » ou « 12,5 ».';
        if (target === undefined) errors[`${id}-target`] = 'Indiquez un nombre, par exemple « 30 ».';
        const frequency = text(raw, `indicator-${i}-frequency`);
        return { name, unit: text(raw, `indicator-${i}-unit`).trim(), baseline: baseline ?? null, target: target ?? null, frequency: (Object.hasOwn(INDICATOR_FREQUENCIES, frequency) ? frequency : '') as keyof typeof INDICATOR_FREQUENCIES | '' };
      });
    if (Object.keys(errors).length) return { ok: false, errors };
    const parsed = objectivesSchema.safeParse({ ...Object.fromEntries(TEXTS.map(([k]) => [k, text(raw, k)])), indicators });
    if (parsed.success) return { ok: true, content: parsed.data };
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), 'Ce champ est trop long (4 000 caractères au plus).'])) };
  },
  Fields({ raw, errors, extraRows, readOnly }) {
    const rows = [...rowIndexes(raw, 'indicator'), ...Array.from({ length: readOnly ? 0 : extraRows }, (_, k) => 1000 + k)];
    return (
      <>
        {TEXTS.map(([k, label]) => (
          <TextArea id={k} name={k} label={label} value={text(raw, k)} error={errors[k]} rows={3} />
        ))}
        <h2 class="fr-h5">Indicateurs d’évaluation</h2>
        {rows.map((i, n) => (
          <fieldset class="fr-fieldset spie-row fr-mt-2w" aria-labelledby={`indicator-${n}-legend`}>
            <legend class="fr-fieldset__legend fr-text--md" id={`indicator-${n}-legend`} safe>
              {`Indicateur ${n + 1}`}
            </legend>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <TextField id={`objectives-indicators-${n}-name`} name={`indicator-${i}-name`} label="Nom" value={text(raw, `indicator-${i}-name`)} error={errors[`objectives-indicators-${n}-name`]} />
            </div>
            <div class="fr-fieldset__element fr-col-6 fr-col-md-2">
              <TextField id={`objectives-indicators-${n}-unit`} name={`indicator-${i}-unit`} label="Unité" value={text(raw, `indicator-${i}-unit`)} error={undefined} />
            </div>
            <div class="fr-fieldset__element fr-col-6 fr-col-md-2">
              <TextField id={`objectives-indicators-${n}-baseline`} name={`indicator-${i}-baseline`} label="Départ" inputmode="decimal" value={text(raw, `indicator-${i}-baseline`)} error={errors[`objectives-indicators-${n}-baseline`]} />
            </div>
            <div class="fr-fieldset__element fr-col-6 fr-col-md-2">
              <TextField id={`objectives-indicators-${n}-target`} name={`indicator-${i}-target`} label="Cible" inputmode="decimal" value={text(raw, `indicator-${i}-target`)} error={errors[`objectives-indicators-${n}-target`]} />
            </div>
            <div class="fr-fieldset__element fr-col-6 fr-col-md-2">
              <SelectField id={`objectives-indicators-${n}-frequency`} name={`indicator-${i}-frequency`} label="Fréquence" placeholder="Choisir" value={text(raw, `indicator-${i}-frequency`)} options={Object.entries(INDICATOR_FREQUENCIES).map(([value, label]) => ({ value, label }))} error={undefined} />
            </div>
          </fieldset>
        ))}
      </>
    );
  },
};
