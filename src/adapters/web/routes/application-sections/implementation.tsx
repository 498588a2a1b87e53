/** Implementation: modalities per SPIE principle, governance form, calendar of milestones. */
import { GOVERNANCE_FORMS, SPIE_PRINCIPLES, implementationSchema, type ImplementationSection, type SpiePrinciple } from '../../../../domains/ami/entities/application-content.js';
import { startOfParisDay } from '../../../../domains/shared/paris-time.js';
import { SelectField, TextArea, TextField } from '../../components/form-fields.js';
import { rowIndexes, rowIsEmpty, text, type RawForm, type SectionForm } from './types.js';

export const implementationForm: SectionForm<ImplementationSection> = {
  key: 'implementation',
  labels: { principles: 'Modalités', ...SPIE_PRINCIPLES, governance: 'Gouvernance', milestones: 'Calendrier', date: 'date', label: 'étape' },
  toRaw(c) {
    const raw: RawForm = { governance: c.governance };
    for (const k of Object.keys(SPIE_PRINCIPLES) as SpiePrinciple[]) raw[`principle-${k}`] = c.principles[k] ?? '';
    c.milestones.forEach((m, i) => {
      raw[`milestone-${i}-date`] = m.date;
      raw[`milestone-${i}-label`] = m.label;
    });
    return raw;
  },
  parse(raw) {
    const errors: Record<string, string> = {};
    const principles: Partial<Record<SpiePrinciple, string>> = {};
    for (const k of Object.keys(SPIE_PRINCIPLES) as SpiePrinciple[]) {
      const v = text(raw, `principle-${k}`).trim();
      if (v) principles[k] = v;
    }
    const milestones = rowIndexes(raw, 'milestone')
      .filter((i) => !rowIsEmpty(raw, 'milestone', i))
      .map((i, n) => {
        const date = text(raw, `milestone-${i}-date`).trim();
        const label = text(raw, `milestone-${i}-label`).trim();
        if (!startOfParisDay(date)) errors[`implementation-milestones-${n}-date`] = 'Indiquez une date valide.';
        if (!label) errors[`implementation-milestones-${n}-label`] = 'Décrivez l’étape.';
        return { date, label };
      });
    const governance = text(raw, 'governance');
    if (Object.keys(errors).length) return { ok: false, errors };
    const parsed = implementationSchema.safeParse({ principles, governance: Object.hasOwn(GOVERNANCE_FORMS, governance) ? governance : '', milestones });
    return parsed.success ? { ok: true, content: parsed.data } : { ok: false, errors: { governance: 'Un champ est trop long (4 000 caractères au plus).' } };
  },
  Fields({ raw, errors, extraRows, readOnly }) {
    const rows = [...rowIndexes(raw, 'milestone'), ...Array.from({ length: readOnly ? 0 : extraRows }, (_, k) => 1000 + k)];
    return (
      <>
        <h2 class="fr-h5">Modalités retenues pour chaque principe du SPIE</h2>
        {(Object.entries(SPIE_PRINCIPLES) as [SpiePrinciple, string][]).map(([k, label]) => (
          <TextArea id={`principle-${k}`} name={`principle-${k}`} label={label} value={text(raw, `principle-${k}`)} error={undefined} rows={3} />
        ))}
        <SelectField id="governance" name="governance" label="Forme de gouvernance" placeholder="Choisir" value={text(raw, 'governance')} options={Object.entries(GOVERNANCE_FORMS).map(([value, label]) => ({ value, label }))} error={errors.governance} />
        <h2 class="fr-h5">Calendrier</h2>
        {rows.map((i, n) => (
          <fieldset class="fr-fieldset spie-row fr-mt-2w" aria-labelledby={`milestone-${n}-legend`}>
            <legend class="fr-fieldset__legend fr-text--md" id={`milestone-${n}-legend`} safe>
              {`Étape ${n + 1}`}
            </legend>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-4">
              <TextField id={`implementation-milestones-${n}-date`} name={`milestone-${i}-date`} type="date" label="Date" value={text(raw, `milestone-${i}-date`)} error={errors[`implementation-milestones-${n}-date`]} />
            </div>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-8">
              <TextField id={`implementation-milestones-${n}-label`} name={`milestone-${i}-label`} label="Étape" value={text(raw, `milestone-${i}-label`)} error={errors[`implementation-milestones-${n}-label`]} />
            </div>
          </fieldset>
        ))}
      </>
    );
  },
};
