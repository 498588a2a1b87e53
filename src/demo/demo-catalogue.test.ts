import { describe, expect, it } from 'vitest';
import { validateRecord } from '../domains/catalogue/entities/record-validation.js';
import { DEMO_COMMUNE_CENTRES, demoCatalogueRecords } from './demo-catalogue.js';

describe('the demo catalogue', () => {
  const organisations = new Map([['ml-49', 2], ['ft-49', 3], ['ccas-angers', 4], ['asso-49', 5], ['cd-49', 1]]);
  const { structures, services } = demoCatalogueRecords(7, organisations);

  it('is made of valid data·inclusion v1 records', () => {
    for (const s of structures) expect([s.record.id, validateRecord('structure', s.record)]).toEqual([s.record.id, { ok: true }]);
    for (const s of services) expect([s.id, validateRecord('service', s)]).toEqual([s.id, { ok: true }]);
  });

  it('gives the member organisations the structure « Mes services » maintains, and every service a known structure', () => {
    expect(structures.find((s) => s.organisationId === 3)?.record.id).toBe('spie-7--org-3');
    const ids = new Set(structures.map((s) => s.record.id));
    expect(services.every((s) => ids.has(s.structure_id))).toBe(true);
  });

  it('has a centre for the commune of every structure', () => {
    const centres = new Set(DEMO_COMMUNE_CENTRES.map((c) => c.code));
    expect(structures.filter((s) => !centres.has(String((s.record as Record<string, unknown>).code_insee)))).toEqual([]);
  });
});
