/**
 * Quality signals of an application (domain.md §1.2): not blocking, shown to reviewers.
 * Consortium breadth (housing, health, mobility), whole-département coverage, size of the public,
 * objectives with measurable indicators.
 */
import {
  FIELDS_OF_ACTION,
  type ApplicationContent,
  type ApplicationTerritory,
  type FieldOfAction,
} from './application-content.js';

export type QualitySignalKey = 'consortiumBreadth' | 'wholeDepartement' | 'publicSize' | 'measurableIndicators';

export interface QualitySignal {
  key: QualitySignalKey;
  ok: boolean;
  message: string;
}

/** The fields of action a broad consortium is expected to cover beyond employment. */
export const EXPECTED_FIELDS_OF_ACTION: readonly FieldOfAction[] = ['housing', 'health', 'mobility'];

const label = (f: FieldOfAction) => FIELDS_OF_ACTION[f].toLowerCase();
const list = (items: string[]) => items.join(', ');

function consortiumBreadth(content: ApplicationContent): QualitySignal {
  const covered = new Set(content.consortium.members.flatMap((m) => m.fieldsOfAction));
  const missing = EXPECTED_FIELDS_OF_ACTION.filter((f) => !covered.has(f));
  const message =
    missing.length === 0
      ? 'Le consortium couvre le logement, la santé et la mobilité.'
      : `Domaines non couverts par le consortium : ${list(missing.map(label))}.`;
  return { key: 'consortiumBreadth', ok: missing.length === 0, message };
}

function wholeDepartement(territory: ApplicationTerritory): QualitySignal {
  const ok = territory.kind === 'departement';
  const message = ok
    ? 'La candidature couvre tout le département.'
    : 'La candidature ne couvre qu’une partie du département (bassins de vie).';
  return { key: 'wholeDepartement', ok, message };
}

/** Present means a positive number of people: 0 tells nothing about the size of the public. */
function publicSize(content: ApplicationContent): QualitySignal {
  const count = content.public.peopleCount;
  if (count === null || count <= 0) {
    return { key: 'publicSize', ok: false, message: 'Le nombre de personnes accompagnées n’est pas estimé.' };
  }
  const people = new Intl.NumberFormat('fr-FR').format(count);
  const s = count > 1 ? 's' : '';
  return { key: 'publicSize', ok: true, message: `Public estimé : ${people} personne${s} accompagnée${s}.` };
}

/** Every indicator has a unit, a baseline and a target; and there is at least one. */
function measurableIndicators(content: ApplicationContent): QualitySignal {
  const { indicators } = content.objectives;
  if (indicators.length === 0) {
    return { key: 'measurableIndicators', ok: false, message: 'Aucun indicateur d’évaluation n’est défini.' };
  }
  const vague = indicators.filter((i) => i.unit.trim() === '' || i.baseline === null || i.target === null);
  const message =
    vague.length === 0
      ? indicators.length === 1
        ? 'L’indicateur a une unité, une valeur de départ et une cible.'
        : `Les ${indicators.length} indicateurs ont une unité, une valeur de départ et une cible.`
      : `Indicateurs sans unité, valeur de départ ou cible : ${list(vague.map((i) => `« ${i.name} »`))}.`;
  return { key: 'measurableIndicators', ok: vague.length === 0, message };
}

/** Accepts an AdmissibilityInput as well. Order: consortium, territory, public, indicators. */
export function qualitySignals(input: { content: ApplicationContent; territory: ApplicationTerritory }): QualitySignal[] {
  const { content, territory } = input;
  return [consortiumBreadth(content), wholeDepartement(territory), publicSize(content), measurableIndicators(content)];
}
