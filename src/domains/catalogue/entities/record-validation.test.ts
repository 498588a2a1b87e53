import { describe, expect, it } from 'vitest';
import { SERVICE_FIELDS, STRUCTURE_FIELDS, validateRecord } from './record-validation.js';

const structure = { source: 'spie-49', id: 'spie-49--ml-angers', nom: 'Mission locale angevine', date_maj: '2026-11-27', siret: '77500490000145' };
const service = {
  source: 'spie-49',
  structure_id: 'spie-49--ml-angers',
  id: 'spie-49--ml-angers--garantie-jeunes',
  nom: 'Contrat d’engagement jeune',
  description: 'Un accompagnement intensif vers l’emploi pour les jeunes de 16 à 25 ans, avec une allocation.',
  date_maj: '2026-11-27',
  publics: ['jeunes'],
  thematiques: ['trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs'],
};

describe('validation against the official data·inclusion v1 schemas', () => {
  it('accepts minimal valid records', () => {
    expect(validateRecord('structure', structure)).toEqual({ ok: true });
    expect(validateRecord('service', service)).toEqual({ ok: true });
  });

  it('names each faulty field in French, once', () => {
    const result = validateRecord('structure', { ...structure, nom: 'ML', siret: '1234', date_maj: '27/11/2026', courriel: 'pas-un-courriel' });
    expect(result).toEqual({
      ok: false,
      errors: expect.arrayContaining(['nom : doit compter au moins 3 caractères', 'siret : doit compter au moins 14 caractères', 'date_maj : doit être une date AAAA-MM-JJ', 'courriel : doit être une adresse électronique']),
    });
    expect(validateRecord('service', { ...service, publics: ['adolescents'], id: undefined })).toEqual({
      ok: false,
      errors: ['id : champ obligatoire manquant', 'publics.0 : n’est pas une valeur de la liste officielle'],
    });
  });

  it('knows every property of the schemas', () => {
    expect(STRUCTURE_FIELDS).toHaveLength(20);
    expect(SERVICE_FIELDS).toHaveLength(33);
  });
});
