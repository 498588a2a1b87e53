import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VALUE_LISTS, isListValue, labelOf, thematiqueFamily } from './value-lists.js';

const official = (file: string) => JSON.parse(readFileSync(new URL(`../reference/data-inclusion-schema-v1/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('data·inclusion v1 value lists (issue 6 §1)', () => {
  it('are the published files, whole, and agree with the enums of the JSON Schemas', () => {
    const service = official('service.json') as { $defs: Record<string, { enum: string[] }> };
    const values = (list: { value: string }[]) => list.map((v) => v.value).sort();
    expect(values(VALUE_LISTS.thematiques)).toEqual([...service.$defs.Thematique!.enum].sort());
    expect(values(VALUE_LISTS.publics)).toEqual([...service.$defs.Public!.enum].sort());
    expect(values(VALUE_LISTS.types)).toEqual([...service.$defs.TypeService!.enum].sort());
    expect(values(VALUE_LISTS.frais)).toEqual([...service.$defs.Frais!.enum].sort());
    expect(values(VALUE_LISTS.modesAccueil)).toEqual([...service.$defs.ModeAccueil!.enum].sort());
    expect(values(VALUE_LISTS.modesMobilisation)).toEqual([...service.$defs.ModeMobilisation!.enum].sort());
    expect(values(VALUE_LISTS.personnesMobilisatrices)).toEqual([...service.$defs.PersonneMobilisatrice!.enum].sort());
    const structure = official('structure.json') as { $defs: Record<string, { enum: string[] }> };
    expect(values(VALUE_LISTS.reseauxPorteurs)).toEqual([...structure.$defs.ReseauPorteur!.enum].sort());
    expect(VALUE_LISTS.thematiques).toHaveLength(69);
    expect(VALUE_LISTS.reseauxPorteurs).toHaveLength(108);
  });

  it('give French labels and check values', () => {
    expect(labelOf('types', 'accompagnement')).toBe('Accompagnement');
    expect(labelOf('frais', 'inconnu')).toBe('inconnu');
    expect(isListValue('publics', 'jeunes')).toBe(true);
    expect(isListValue('publics', 'adolescents')).toBe(false);
    expect(thematiqueFamily('choisir-un-metier--confirmer-son-choix-de-metier')).toBe('choisir-un-metier');
  });
});
