/**
 * Every field of the data·inclusion v1 service schema, grouped in DSFR fieldsets (issue 6 §2); choices
 * come from the official value lists only; each error is shown next to its field.
 */
import { thematiqueFamilies, type FormField, type ServiceFormErrors, type ServiceFormValues } from '../../../../domains/catalogue/entities/service-form.js';
import { VALUE_LISTS, type ValueListName } from '../../../../domains/catalogue/entities/value-lists.js';
import { CheckboxGroup, RadioGroup } from '../../components/checkboxes.js';
import { SelectField, TextArea, TextField } from '../../components/form-fields.js';
import type { PropsWithChildren } from '@kitajs/html';

export const FIELD_LABELS: Record<FormField, string> = {
  nom: 'Nom du service',
  description: 'Description',
  type: 'Type de service',
  thematiques: 'Thématiques',
  publics: 'Publics',
  publics_precisions: 'Précisions sur les publics',
  conditions_acces: 'Conditions d’accès',
  frais: 'Frais',
  frais_precisions: 'Précisions sur les frais',
  modes_accueil: 'Modes d’accueil',
  horaires_accueil: 'Horaires d’accueil',
  modes_mobilisation: 'Modes de mobilisation',
  mobilisable_par: 'Qui peut mobiliser le service',
  mobilisation_precisions: 'Précisions sur la mobilisation',
  lien_mobilisation: 'Lien de mobilisation',
  contact_nom_prenom: 'Nom et prénom du contact',
  courriel: 'Courriel',
  telephone: 'Téléphone',
  lien_source: 'Page du service sur votre site',
  adresse: 'Adresse',
  complement_adresse: 'Complément d’adresse',
  code_postal: 'Code postal',
  commune: 'Commune',
  code_insee: 'Code Insee de la commune',
  latitude: 'Latitude',
  longitude: 'Longitude',
  zone_eligibilite: 'Zone d’éligibilité (codes)',
  nombre_semaines: 'Durée en semaines',
  volume_horaire_hebdomadaire: 'Heures par semaine',
};

export const fieldId = (f: FormField) => `service-${f.replace(/_/g, '-')}`;
export const ERROR_LABELS = Object.fromEntries(Object.entries(FIELD_LABELS).map(([f, label]) => [f, { id: fieldId(f as FormField), label }]));

const options = (list: ValueListName) => VALUE_LISTS[list].map((v) => ({ value: v.value, label: v.label }));

function Group({ legend, id, children }: PropsWithChildren<{ legend: string; id: string }>) {
  return (
    <fieldset class="fr-fieldset fr-mb-4w" aria-labelledby={`${id}-legend`}>
      <legend class="fr-fieldset__legend fr-h5" id={`${id}-legend`} safe>
        {legend}
      </legend>
      <div class="fr-fieldset__element">{children}</div>
    </fieldset>
  );
}

type P = { values: ServiceFormValues; errors: ServiceFormErrors };

function Text({ f, values, errors, hint, type, inputmode, area }: P & { f: FormField & keyof ServiceFormValues; hint?: string; type?: 'email' | 'tel'; inputmode?: 'numeric' | 'decimal'; area?: boolean }) {
  const value = values[f] as string;
  return area ? (
    <TextArea id={fieldId(f)} name={f} label={FIELD_LABELS[f]} hint={hint} value={value} error={errors[f]} />
  ) : (
    <TextField id={fieldId(f)} name={f} label={FIELD_LABELS[f]} hint={hint} value={value} error={errors[f]} type={type} inputmode={inputmode} />
  );
}

function Choices({ f, list, values, errors }: P & { f: 'publics' | 'modes_accueil' | 'modes_mobilisation' | 'mobilisable_par'; list: ValueListName }) {
  return <CheckboxGroup id={fieldId(f)} name={f} legend={FIELD_LABELS[f]} options={options(list)} checked={values[f]} error={errors[f]} />;
}

/** The thématiques, one disclosure per family (open when one of its boxes is ticked). */
function Thematiques({ values, errors }: P) {
  const id = fieldId('thematiques');
  const error = errors.thematiques;
  return (
    <div id={id}>
      {thematiqueFamilies().map((family) => {
        const ticked = family.options.filter((o) => values.thematiques.includes(o.value)).length;
        const summary: string = ticked ? `${family.label} (${ticked} cochée${ticked > 1 ? 's' : ''})` : family.label;
        return (
          <details class="spie-details fr-mb-1w" open={ticked > 0}>
            <summary class="fr-text--bold" safe>
              {summary}
            </summary>
            <CheckboxGroup id={`${id}-${family.family}`} name="thematiques" legend={family.label} options={family.options} checked={values.thematiques} error={undefined} />
          </details>
        );
      })}
      {error ? (
        <p class="fr-error-text" safe>
          {error}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

export function ServiceFields(p: P) {
  return (
    <>
      <Group legend="Le service" id="groupe-service">
        <Text {...p} f="nom" hint="De 3 à 150 caractères, sans point final." />
        <Text {...p} f="description" area hint="Idéalement entre 200 et 2 000 caractères : des phrases courtes, un langage simple." />
        <SelectField id={fieldId('type')} name="type" label={FIELD_LABELS.type} value={p.values.type} options={options('types')} placeholder="Non précisé" error={p.errors.type} />
      </Group>
      <Group legend="Thématiques" id="groupe-thematiques">
        <Thematiques {...p} />
      </Group>
      <Group legend="Publics et conditions d’accès" id="groupe-publics">
        <Choices {...p} f="publics" list="publics" />
        <Text {...p} f="publics_precisions" area />
        <Text {...p} f="conditions_acces" area hint="Prérequis ou justificatifs à présenter." />
      </Group>
      <Group legend="Frais" id="groupe-frais">
        <RadioGroup id={fieldId('frais')} name="frais" legend={FIELD_LABELS.frais} options={[{ value: '', label: 'Non précisé' }, ...options('frais')]} value={p.values.frais} error={p.errors.frais} inline />
        <Text {...p} f="frais_precisions" hint="Par exemple : 10 € d’adhésion annuelle, tarif réduit pour les bénéficiaires du RSA." />
      </Group>
      <Group legend="Accueil" id="groupe-accueil">
        <Choices {...p} f="modes_accueil" list="modesAccueil" />
        <Text {...p} f="horaires_accueil" hint="Au format OpenStreetMap, par exemple : Mo-Fr 09:00-12:00" />
      </Group>
      <Group legend="Mobilisation" id="groupe-mobilisation">
        <Choices {...p} f="modes_mobilisation" list="modesMobilisation" />
        <Choices {...p} f="mobilisable_par" list="personnesMobilisatrices" />
        <Text {...p} f="mobilisation_precisions" area />
        <Text {...p} f="lien_mobilisation" hint="Adresse web complète, commençant par https://" />
      </Group>
      <Group legend="Contact" id="groupe-contact">
        <Text {...p} f="contact_nom_prenom" />
        <Text {...p} f="courriel" type="email" />
        <Text {...p} f="telephone" type="tel" />
        <Text {...p} f="lien_source" hint="Adresse web complète, commençant par https://" />
      </Group>
      <Group legend="Adresse du lieu d’accueil" id="groupe-adresse">
        <Text {...p} f="adresse" />
        <Text {...p} f="complement_adresse" />
        <Text {...p} f="code_postal" inputmode="numeric" />
        <Text {...p} f="commune" />
        <Text {...p} f="code_insee" hint="5 caractères, par exemple 49007 pour Angers." />
        <Text {...p} f="latitude" inputmode="decimal" hint="En degrés décimaux, par exemple 47,4739." />
        <Text {...p} f="longitude" inputmode="decimal" hint="En degrés décimaux, par exemple -0,5517." />
      </Group>
      <Group legend="Zone d’éligibilité et durée" id="groupe-zone">
        <Text {...p} f="zone_eligibilite" hint="Codes Insee de commune, de département (49), d’EPCI (9 chiffres) ou « france », séparés par des virgules." />
        <Text {...p} f="nombre_semaines" inputmode="numeric" />
        <Text {...p} f="volume_horaire_hebdomadaire" inputmode="decimal" />
      </Group>
    </>
  );
}
