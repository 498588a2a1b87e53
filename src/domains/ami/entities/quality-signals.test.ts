import { describe, expect, it } from 'vitest';
import { EMPTY_CONTENT, type ApplicationContent, type ApplicationTerritory, type FieldOfAction } from './application-content.js';
import { qualitySignals } from './quality-signals.js';

const whole: ApplicationTerritory = { kind: 'departement', departementCode: '49' };
const member = (organisationName: string, fieldsOfAction: FieldOfAction[]) => ({
  organisationName,
  siret: '',
  kind: 'association',
  fieldsOfAction,
  commitments: '',
});
const indicator = (name: string, unit: string, baseline: number | null, target: number | null) => ({
  name,
  unit,
  baseline,
  target,
  frequency: 'yearly' as const,
});

const good: ApplicationContent = {
  ...EMPTY_CONTENT,
  consortium: {
    members: [
      member('France Travail', ['employment', 'training']),
      member('Bailleur', ['housing']),
      member('CPAM', ['health', 'social_rights']),
      member('Wimoov', ['mobility']),
    ],
  },
  public: { targetPublic: 'Allocataires du RSA', peopleCount: 1200, coConstruction: '' },
  objectives: { ...EMPTY_CONTENT.objectives, indicators: [indicator('Délai d’orientation', 'jours', 94, 30), indicator('Taux de contrats', '%', 0, 80)] },
};

const byKey = (content: ApplicationContent, territory: ApplicationTerritory = whole) =>
  Object.fromEntries(qualitySignals({ content, territory }).map((s) => [s.key, s]));

describe('qualitySignals (not blocking)', () => {
  it('all good: four signals, in a stable order, all ok', () => {
    const signals = qualitySignals({ content: good, territory: whole });
    expect(signals.map((s) => [s.key, s.ok])).toEqual([
      ['consortiumBreadth', true],
      ['wholeDepartement', true],
      ['publicSize', true],
      ['measurableIndicators', true],
    ]);
    expect(signals[2]?.message.replace(/[\u00a0\u202f]/g, ' ')).toBe('Public estimé : 1 200 personnes accompagnées.');
  });

  it('lists the missing fields of action of the consortium', () => {
    const content = { ...good, consortium: { members: [member('France Travail', ['employment']), member('Bailleur', ['housing'])] } };
    expect(byKey(content).consortiumBreadth).toEqual({
      key: 'consortiumBreadth',
      ok: false,
      message: 'Domaines non couverts par le consortium : santé, mobilité.',
    });
    expect(byKey(EMPTY_CONTENT).consortiumBreadth?.message).toBe('Domaines non couverts par le consortium : logement, santé, mobilité.');
  });

  it('bassins de vie do not cover the whole département', () => {
    const bassins: ApplicationTerritory = { kind: 'bassins', departementCode: '49', epciCodes: ['244900015'], communeCodes: [], justification: 'x' };
    expect(byKey(good, bassins).wholeDepartement?.ok).toBe(false);
  });

  it('the size of the public must be estimated', () => {
    expect(byKey({ ...good, public: { ...good.public, peopleCount: null } }).publicSize?.ok).toBe(false);
    expect(byKey({ ...good, public: { ...good.public, peopleCount: 0 } }).publicSize?.ok).toBe(false);
    expect(byKey({ ...good, public: { ...good.public, peopleCount: 1 } }).publicSize?.message).toBe('Public estimé : 1 personne accompagnée.');
  });

  it('indicators are measurable only if there is one and each has a unit, a baseline and a target', () => {
    const withIndicators = (indicators: ApplicationContent['objectives']['indicators']) => ({ ...good, objectives: { ...good.objectives, indicators } });
    expect(byKey(withIndicators([])).measurableIndicators).toMatchObject({ ok: false, message: 'Aucun indicateur d’évaluation n’est défini.' });
    const vague = withIndicators([
      indicator('Délai', 'jours', 94, 30),
      indicator('Satisfaction', '', 3, 4),
      indicator('Contrats', '%', null, 80),
      indicator('Sorties', 'nombre', 10, null),
    ]);
    expect(byKey(vague).measurableIndicators).toEqual({
      key: 'measurableIndicators',
      ok: false,
      message: 'Indicateurs sans unité, valeur de départ ou cible : « Satisfaction », « Contrats », « Sorties ».',
    });
    expect(byKey(withIndicators([indicator('Délai', 'jours', 0, 30)])).measurableIndicators?.ok).toBe(true);
  });
});
