/** Catalogue fixtures shared by the search tests (test/db/catalogue-search.test.ts, test/web/catalogue.test.ts): data·inclusion records. */

const structure = (id: string, commune: string, code_insee: string) => ({ source: 'test', id, nom: `Structure ${id}`, commune, code_insee, date_maj: '2026-10-01' });
const service = (id: string, structureId: string, nom: string, extra: Record<string, unknown> = {}) => ({
  source: 'test',
  id,
  structure_id: structureId,
  nom,
  description: 'Un accompagnement de proximité, sur rendez-vous, pour les habitants du territoire.',
  date_maj: '2026-10-15',
  ...extra,
});

/** 25 digital workshops in Angers (two pages), a solidarity garage in Trélazé, a Cholet service eligible in all Maine-et-Loire, one in Le Mans, a draft. */
export const CATALOGUE = {
  structures: [structure('angers', 'Angers', '49007'), structure('trelaze', 'Trélazé', '49353'), structure('cholet', 'Cholet', '49099'), structure('le-mans', 'Le Mans', '72181')],
  services: [
    ...Array.from({ length: 25 }, (_, i) =>
      service(`atelier-${String(i + 1).padStart(2, '0')}`, 'angers', `Atelier numérique ${String(i + 1).padStart(2, '0')}`, { thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'], publics: ['tous-publics'] }),
    ),
    service('garage', 'trelaze', 'Garage solidaire', { thematiques: ['mobilite--entretenir-reparer-son-vehicule'], publics: ['beneficiaires-des-minimas-sociaux'], description: 'Réparations à petit prix pour aller travailler.' }),
    service('permis', 'cholet', 'Auto-école sociale', { thematiques: ['mobilite--preparer-un-permis'], publics: ['jeunes'], zone_eligibilite: ['49'] }),
    service('sarthe', 'le-mans', 'Point santé', { thematiques: ['sante--acces-aux-soins'], publics: ['tous-publics'] }),
    service('brouillon', 'angers', 'Service en préparation', { thematiques: ['mobilite--preparer-un-permis'] }),
  ],
};
