import { describe, expect, it } from 'vitest';
import { checkNewOrganisation } from './new-organisation.js';

const departements = new Set(['49', '72', '2A', '69M']);

describe('checkNewOrganisation', () => {
  it('accepts a complete form, normalising the SIRET and spaces', () => {
    expect(
      checkNewOrganisation({ name: '  CCAS   de Saumur ', siret: '130 025 265 00013', kind: 'ccas', departementCode: '49' }, departements),
    ).toEqual({ ok: true, value: { name: 'CCAS de Saumur', siret: '13002526500013', kind: 'ccas', departementCode: '49' } });
  });

  it('gives one French message per wrong field', () => {
    const check = checkNewOrganisation({ name: ' ', siret: '13002526500014', kind: 'banque', departementCode: '20' }, departements);
    expect(check).toEqual({
      ok: false,
      errors: {
        name: 'Indiquez le nom de l’organisation.',
        siret: 'Ce SIRET n’est pas valide (clé de contrôle incorrecte).',
        kind: 'Choisissez le type d’organisation.',
        departementCode: 'Choisissez le département de l’organisation.',
      },
    });
  });

  it('asks for a SIRET when none is given, and refuses non-text input', () => {
    const check = checkNewOrganisation({ name: 'X', siret: '', kind: 'ccas', departementCode: ['49'] }, departements);
    expect(check).toMatchObject({ ok: false, errors: { siret: expect.stringContaining('14 chiffres'), departementCode: expect.any(String) } });
  });
});
