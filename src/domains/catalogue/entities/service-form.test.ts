import { describe, expect, it } from 'vitest';
import { validateRecord } from './record-validation.js';
import { canChangeStatus, emptyServiceForm, formOfBody, formOfService, isReviewDue, parisDay, serviceRecordOf, thematiqueFamilies } from './service-form.js';
import { VALUE_LISTS } from './value-lists.js';

const identity = { id: 'spie-1--abc', structure_id: 'spie-1--org-2', source: 'spie', date_maj: '2026-11-27' };

describe('service form', () => {
  it('turns a full form into a record valid against the official service schema', () => {
    const values = {
      ...emptyServiceForm(),
      nom: ' Atelier CV ',
      description: 'Un atelier pour rédiger son CV.',
      type: 'atelier',
      thematiques: [VALUE_LISTS.thematiques[0]!.value],
      publics: ['jeunes', 'jeunes'],
      frais: 'gratuit',
      latitude: '47,4739',
      nombre_semaines: '4',
      zone_eligibilite: '49, 49007 ;france',
      courriel: 'contact@ml.test',
    };
    const check = serviceRecordOf(values, identity);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.record).toMatchObject({ nom: 'Atelier CV', latitude: 47.4739, nombre_semaines: 4, publics: ['jeunes'], thematiques: [VALUE_LISTS.thematiques[0]!.value], zone_eligibilite: ['49', '49007', 'france'], frais_precisions: null, modes_accueil: null });
    expect(validateRecord('service', check.record)).toEqual({ ok: true });
  });

  it('gives one French message per faulty field, values outside the official lists included', () => {
    const check = serviceRecordOf({ ...emptyServiceForm(), nom: 'AB', description: '', code_postal: '4910', latitude: 'nord', nombre_semaines: '2,5', publics: ['adolescents'], courriel: 'pas-un-courriel', zone_eligibilite: '4' }, identity);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toEqual({
      nom: 'Indiquez le nom du service, de 3 à 150 caractères.',
      description: 'Décrivez le service en quelques phrases (au moins 5 caractères).',
      code_postal: 'Indiquez un code postal de 5 chiffres.',
      latitude: 'Indiquez une latitude en degrés décimaux, par exemple 47,4739.',
      nombre_semaines: 'Indiquez un nombre entier de semaines, au moins 1.',
      publics: 'N’est pas une valeur de la liste officielle.',
      courriel: 'Indiquez une adresse électronique valide, par exemple contact@exemple.fr.',
      zone_eligibilite: expect.stringContaining('Indiquez des codes Insee') as unknown as string,
    });
  });

  it('reads bodies (one box or several) and stored rows back into the form', () => {
    expect(formOfBody({ publics: 'jeunes', thematiques: ['a', 'b'], nom: 'X', other: 'y' })).toMatchObject({ publics: ['jeunes'], thematiques: ['a', 'b'], nom: 'X', frais: '' });
    expect(formOfService({ nom: 'S', zone_eligibilite: ['49', '72'], latitude: 47.5, publics: null })).toMatchObject({ nom: 'S', zone_eligibilite: '49, 72', latitude: '47.5', publics: [] });
  });

  it('allows draft → published → archived → draft, and published → draft, nothing else', () => {
    expect(canChangeStatus('draft', 'published')).toBe(true);
    expect(canChangeStatus('published', 'archived')).toBe(true);
    expect(canChangeStatus('archived', 'draft')).toBe(true);
    expect(canChangeStatus('published', 'draft')).toBe(true);
    expect(canChangeStatus('draft', 'archived')).toBe(false);
    expect(canChangeStatus('archived', 'published')).toBe(false);
    expect(canChangeStatus('draft', 'draft')).toBe(false);
  });

  it('is « à revoir » from 6 calendar months after the last review; date_maj is the Paris day', () => {
    const reviewed = new Date('2026-01-15T10:00:00Z');
    expect(isReviewDue(reviewed, new Date('2026-07-15T09:59:59Z'))).toBe(false);
    expect(isReviewDue(reviewed, new Date('2026-07-15T10:00:00Z'))).toBe(true);
    expect(parisDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(parisDay(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('groups every official thématique under its family, once', () => {
    const families = thematiqueFamilies();
    expect(families.flatMap((f) => f.options.map((o) => o.value))).toEqual(VALUE_LISTS.thematiques.map((t) => t.value));
    expect(families.find((f) => f.family === 'sante')?.label).toBe('Santé');
    expect(families.every((f) => f.label !== f.family || !f.family.includes('-'))).toBe(true);
  });
});
