/**
 * The official value lists of the data·inclusion v1 schema (issue 6 §1), taken from the published
 * files in ../reference/data-inclusion-schema-v1/extra (Licence Ouverte 2.0), never retyped:
 * thématiques, publics, types, frais, modes d'accueil, modes de mobilisation, personnes
 * mobilisatrices, réseaux porteurs.
 */
import frais from '../reference/data-inclusion-schema-v1/extra/frais.json' with { type: 'json' };
import modesAccueil from '../reference/data-inclusion-schema-v1/extra/modes-accueil.json' with { type: 'json' };
import modesMobilisation from '../reference/data-inclusion-schema-v1/extra/modes-mobilisation.json' with { type: 'json' };
import personnesMobilisatrices from '../reference/data-inclusion-schema-v1/extra/personnes-mobilisatrices.json' with { type: 'json' };
import publics from '../reference/data-inclusion-schema-v1/extra/publics.json' with { type: 'json' };
import reseauxPorteurs from '../reference/data-inclusion-schema-v1/extra/reseaux-porteurs.json' with { type: 'json' };
import thematiques from '../reference/data-inclusion-schema-v1/extra/thematiques.json' with { type: 'json' };
import typesDeServices from '../reference/data-inclusion-schema-v1/extra/types-de-services.json' with { type: 'json' };

export interface ListValue {
  value: string;
  label: string;
  description: string | null;
}

export const VALUE_LISTS = {
  thematiques: thematiques as ListValue[],
  publics: publics as ListValue[],
  types: typesDeServices as ListValue[],
  frais: frais as ListValue[],
  modesAccueil: modesAccueil as ListValue[],
  modesMobilisation: modesMobilisation as ListValue[],
  personnesMobilisatrices: personnesMobilisatrices as ListValue[],
  reseauxPorteurs: reseauxPorteurs as ListValue[],
} as const;
export type ValueListName = keyof typeof VALUE_LISTS;

const byList = new Map(Object.entries(VALUE_LISTS).map(([name, list]) => [name, new Map(list.map((v) => [v.value, v.label]))]));

export function isListValue(list: ValueListName, value: string): boolean {
  return byList.get(list)!.has(value);
}

/** The French label of a value, or the value itself when the list does not know it. */
export function labelOf(list: ValueListName, value: string): string {
  return byList.get(list)!.get(value) ?? value;
}

/**
 * The families of the data·inclusion thématiques (the part before « -- » of each value): the official
 * list names only the sub-themes, so the families' headings are written here.
 */
export const FAMILY_LABELS: Record<string, string> = {
  'choisir-un-metier': 'Choisir un métier',
  'creer-une-entreprise': 'Créer une entreprise',
  'difficultes-administratives-ou-juridiques': 'Difficultés administratives ou juridiques',
  'difficultes-financieres': 'Difficultés financières',
  'equipement-et-alimentation': 'Équipement et alimentation',
  famille: 'Famille',
  'lecture-ecriture-calcul': 'Lecture, écriture, calcul',
  'logement-hebergement': 'Logement, hébergement',
  mobilite: 'Mobilité',
  numerique: 'Numérique',
  'preparer-sa-candidature': 'Préparer sa candidature',
  remobilisation: 'Remobilisation',
  sante: 'Santé',
  'se-former': 'Se former',
  'souvrir-a-linternational': 'S’ouvrir à l’international',
  'trouver-un-emploi': 'Trouver un emploi',
};

/** A thématique's family: « famille--sous-thème » → « famille ». */
export function thematiqueFamily(value: string): string {
  return value.split('--')[0] ?? value;
}
