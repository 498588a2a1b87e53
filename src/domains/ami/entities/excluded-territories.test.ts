import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXCLUDED_TERRITORIES,
  EXPERIMENT_TERRITORIES_2020,
  excludedTerritoryMessage,
  isExcludedTerritory,
} from './excluded-territories.js';

describe('experiment territories of 2020 (AMI-3)', () => {
  it('are the 14 territories of domain.md, Bretagne counting its four départements', () => {
    expect(EXPERIMENT_TERRITORIES_2020).toHaveLength(14);
    expect([...DEFAULT_EXCLUDED_TERRITORIES].sort()).toEqual(
      ['22', '29', '35', '44', '54', '56', '59', '67', '69M', '74', '76', '80', '89', '93', '94', '972', '974'].sort(),
    );
  });
});

describe('isExcludedTerritory (AMI-3)', () => {
  it('excludes Loire-Atlantique (44), a Breton département and the Métropole de Lyon by default', () => {
    expect(isExcludedTerritory('44', DEFAULT_EXCLUDED_TERRITORIES)).toBe(true);
    expect(isExcludedTerritory('29', DEFAULT_EXCLUDED_TERRITORIES)).toBe(true);
    expect(isExcludedTerritory('69M', DEFAULT_EXCLUDED_TERRITORIES)).toBe(true);
    expect(isExcludedTerritory(' 69m ', DEFAULT_EXCLUDED_TERRITORIES)).toBe(true);
    expect(isExcludedTerritory('974', DEFAULT_EXCLUDED_TERRITORIES)).toBe(true);
  });
  it('lets the other territories apply, the Rhône (69) included', () => {
    for (const code of ['49', '72', '69', '2A', '971', '75']) {
      expect(isExcludedTerritory(code, DEFAULT_EXCLUDED_TERRITORIES)).toBe(false);
    }
  });
  it('follows the call’s own list', () => {
    expect(isExcludedTerritory('44', [])).toBe(false);
    expect(isExcludedTerritory('2a', ['2A'])).toBe(true);
  });
});

describe('excludedTerritoryMessage (AMI-3)', () => {
  it('names the experiment territory and points to the complementary track', () => {
    expect(excludedTerritoryMessage('44')).toBe(
      'Ce territoire (Loire-Atlantique, 44) est un territoire d’expérimentation 2020 : il n’est pas concerné par l’AMI ' +
        'et bénéficie de crédits complémentaires (parcours d’approfondissement).',
    );
    expect(excludedTerritoryMessage('35')).toContain('(35, Région Bretagne)');
  });
  it('gives a plain reason for a territory the call excludes for another cause', () => {
    expect(excludedTerritoryMessage('2B')).toBe('Ce territoire (2B) est exclu de cet appel à manifestation d’intérêt.');
  });
});
