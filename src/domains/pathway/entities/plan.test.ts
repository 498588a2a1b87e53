import { describe, expect, it } from 'vitest';
import { checkAction, checkServiceQuery, serviceActionLabel } from './plan.js';

describe('a catalogue service action of the plan (SPIE-5, issue 6 §5)', () => {
  it('needs the service chosen; its description may be left empty', () => {
    expect(checkAction({ kind: 'service', label: '', serviceId: '' })).toEqual({ ok: false, errors: { serviceId: 'Choisissez le service du catalogue.' } });
    expect(checkAction({ kind: 'service', label: '  ', serviceId: null })).toEqual({ ok: false, errors: { serviceId: 'Choisissez le service du catalogue.' } });
    expect(checkAction({ kind: 'service', label: '', serviceId: ' ml-angers--atelier-cv ' })).toEqual({
      ok: true,
      action: { kind: 'service', label: '', companySiret: null, companyName: null, startsOn: null, endsOn: null, serviceId: 'ml-angers--atelier-cv' },
    });
    expect(checkAction({ kind: 'service', label: 'x', serviceId: 'a'.repeat(301) })).toMatchObject({ ok: false, errors: { serviceId: expect.any(String) } });
  });

  it('keeps the other rules: a long description, dates in order', () => {
    expect(checkAction({ kind: 'service', label: 'x'.repeat(501), serviceId: 'svc', startsOn: '2026-12-10', endsOn: '2026-12-01' })).toEqual({
      ok: false,
      errors: { label: 'La description dépasse 500 caractères.', endsOn: 'La date de fin précède la date de début.' },
    });
  });

  it('only a service action names a service, and only an immersion a company', () => {
    const free = checkAction({ kind: 'free', label: 'Atelier CV', serviceId: 'svc', companyName: 'Boulangerie' });
    expect(free).toMatchObject({ ok: true, action: { kind: 'free', serviceId: null, companyName: null } });
    expect(checkAction({ kind: 'free', label: '', serviceId: 'svc' })).toEqual({ ok: false, errors: { label: 'Décrivez l’action.' } });
  });

  it('an empty description becomes the service’s name; a typed one is kept', () => {
    expect(serviceActionLabel('', 'Atelier CV')).toBe('Atelier CV');
    expect(serviceActionLabel('  ', ' Atelier CV ')).toBe('Atelier CV');
    expect(serviceActionLabel(' Session de mars ', 'Atelier CV')).toBe('Session de mars');
    expect(serviceActionLabel('', 'n'.repeat(600))).toHaveLength(500);
  });

  it('a service is searched by 2 characters of its name at least', () => {
    expect(checkServiceQuery(' c ')).toEqual({ ok: false, message: 'Indiquez au moins 2 caractères du nom du service.' });
    expect(checkServiceQuery('  atelier   cv ')).toEqual({ ok: true, text: 'atelier cv' });
    expect(checkServiceQuery('cv')).toEqual({ ok: true, text: 'cv' });
    expect(checkServiceQuery('x'.repeat(101))).toMatchObject({ ok: false });
  });
});
