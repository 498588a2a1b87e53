import { describe, expect, it } from 'vitest';
import { checkMapping, effectiveMapping, suggestMapping } from './import-mapping.js';

describe('mapping the columns of an RSA list (issue 5 §11)', () => {
  it('guesses every field from usual French headers, whatever their accents and case', () => {
    const headers = ['NOM', 'Prénom', 'Date de naissance', 'N° CAF/MSA', 'Identifiant France Travail', 'Courriel', 'Téléphone', 'Date d’ouverture des droits RSA'];
    expect(suggestMapping(headers)).toEqual({
      familyName: 'NOM',
      givenName: 'Prénom',
      birthDate: 'Date de naissance',
      cafNumber: 'N° CAF/MSA',
      franceTravailId: 'Identifiant France Travail',
      email: 'Courriel',
      phone: 'Téléphone',
      rsaRightsOpenedOn: 'Date d’ouverture des droits RSA',
    });
  });

  it('guesses from longer or other names, never uses a column twice, and leaves unknown columns out', () => {
    const headers = ['Numéro allocataire', 'Nom de l’allocataire', 'Prénom(s)', 'Né(e) le', 'Adresse e-mail', 'Commune', 'Date ouverture droits'];
    expect(suggestMapping(headers)).toEqual({
      cafNumber: 'Numéro allocataire',
      familyName: 'Nom de l’allocataire',
      givenName: 'Prénom(s)',
      birthDate: 'Né(e) le',
      email: 'Adresse e-mail',
      rsaRightsOpenedOn: 'Date ouverture droits',
    });
    // « Date de naissance » does not take the RSA date, nor « Nom » the « Prénom ».
    expect(suggestMapping(['Prénom', 'Date de naissance'])).toEqual({ givenName: 'Prénom', birthDate: 'Date de naissance' });
  });

  it('uses the fields given, the guess for fields not given, and nothing for fields given empty', () => {
    const headers = ['Nom', 'Prénom', 'Naissance', 'CAF', 'Mail'];
    expect(effectiveMapping(headers, {})).toEqual({ familyName: 'Nom', givenName: 'Prénom', birthDate: 'Naissance', cafNumber: 'CAF', email: 'Mail' });
    expect(effectiveMapping(headers, { familyName: 'Prénom', givenName: 'Nom', email: '', autre: 'x' })).toEqual({ familyName: 'Prénom', givenName: 'Nom', birthDate: 'Naissance', cafNumber: 'CAF' });
  });

  it('requires the name, first name, birth date and CAF columns, existing and each chosen once', () => {
    const headers = ['Nom', 'Prénom', 'Naissance', 'CAF'];
    expect(checkMapping(headers, { familyName: 'Nom', givenName: 'Prénom', birthDate: 'Naissance', cafNumber: 'CAF' })).toEqual({});
    expect(checkMapping(headers, { familyName: 'Nom', givenName: 'Nom', birthDate: 'Inconnue' })).toEqual({
      givenName: 'La colonne « Nom » est déjà choisie pour « Nom ».',
      birthDate: 'La colonne « Inconnue » n’existe pas dans le fichier.',
      cafNumber: 'Choisissez la colonne qui contient le numéro d’allocataire CAF/MSA.',
    });
  });
});
