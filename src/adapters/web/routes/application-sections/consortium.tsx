/** Consortium members: organisation, type, fields of action, commitments. */
import { FIELDS_OF_ACTION, consortiumSchema, type ConsortiumSection, type FieldOfAction } from '../../../../domains/ami/entities/application-content.js';
import { ORGANISATION_KINDS } from '../../../../domains/organisation/entities/organisation-kind.js';
import { CheckboxGroup } from '../../components/checkboxes.js';
import { SelectField, TextArea, TextField } from '../../components/form-fields.js';
import { list, rowIndexes, rowIsEmpty, text, type RawForm, type SectionForm } from './types.js';

export const consortiumForm: SectionForm<ConsortiumSection> = {
  key: 'consortium',
  labels: { members: 'Membres', organisationName: 'organisation', siret: 'SIRET', kind: 'type', fieldsOfAction: 'champs d’action', commitments: 'engagements' },
  toRaw(c) {
    const raw: RawForm = {};
    c.members.forEach((m, i) => {
      raw[`member-${i}-organisationName`] = m.organisationName;
      raw[`member-${i}-siret`] = m.siret;
      raw[`member-${i}-kind`] = m.kind;
      raw[`member-${i}-fieldsOfAction`] = m.fieldsOfAction;
      raw[`member-${i}-commitments`] = m.commitments;
    });
    return raw;
  },
  parse(raw) {
    const errors: Record<string, string> = {};
    const members = rowIndexes(raw, 'member')
      .filter((i) => !rowIsEmpty(raw, 'member', i))
      .map((i, n) => {
        const organisationName = text(raw, `member-${i}-organisationName`).trim();
        if (!organisationName) errors[`consortium-members-${n}-organisationName`] = 'Indiquez le nom de l’organisation membre.';
        return {
          organisationName,
          siret: text(raw, `member-${i}-siret`).trim(),
          kind: text(raw, `member-${i}-kind`),
          fieldsOfAction: list(raw, `member-${i}-fieldsOfAction`).filter((f): f is FieldOfAction => Object.hasOwn(FIELDS_OF_ACTION, f)),
          commitments: text(raw, `member-${i}-commitments`).trim(),
        };
      });
    if (Object.keys(errors).length) return { ok: false, errors };
    const parsed = consortiumSchema.safeParse({ members });
    return parsed.success ? { ok: true, content: parsed.data } : { ok: false, errors: { 'consortium-members': 'Un champ du consortium est trop long.' } };
  },
  Fields({ raw, errors, extraRows, readOnly }) {
    const rows = [...rowIndexes(raw, 'member'), ...Array.from({ length: readOnly ? 0 : extraRows }, (_, k) => 1000 + k)];
    return (
      <>
        {rows.map((i, n) => (
          <fieldset class="fr-fieldset spie-row fr-mb-4w" aria-labelledby={`member-${n}-legend`}>
            <legend class="fr-fieldset__legend" id={`member-${n}-legend`} safe>
              {`Membre ${n + 1}`}
            </legend>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-6">
              <TextField id={`consortium-members-${n}-organisationName`} name={`member-${i}-organisationName`} label="Organisation" value={text(raw, `member-${i}-organisationName`)} error={errors[`consortium-members-${n}-organisationName`]} />
            </div>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-3">
              <TextField id={`consortium-members-${n}-siret`} name={`member-${i}-siret`} label="SIRET (facultatif)" inputmode="numeric" value={text(raw, `member-${i}-siret`)} error={undefined} />
            </div>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-3">
              <SelectField id={`consortium-members-${n}-kind`} name={`member-${i}-kind`} label="Type" placeholder="Choisir" value={text(raw, `member-${i}-kind`)} options={Object.entries(ORGANISATION_KINDS).map(([value, label]) => ({ value, label }))} error={undefined} />
            </div>
            <div class="fr-fieldset__element">
              <CheckboxGroup id={`consortium-members-${n}-fieldsOfAction`} name={`member-${i}-fieldsOfAction`} legend="Champs d’action" options={Object.entries(FIELDS_OF_ACTION).map(([value, label]) => ({ value, label }))} checked={list(raw, `member-${i}-fieldsOfAction`)} error={undefined} />
            </div>
            <div class="fr-fieldset__element">
              <TextArea id={`consortium-members-${n}-commitments`} name={`member-${i}-commitments`} label="Engagements" value={text(raw, `member-${i}-commitments`)} error={undefined} rows={3} />
            </div>
          </fieldset>
        ))}
      </>
    );
  },
};
