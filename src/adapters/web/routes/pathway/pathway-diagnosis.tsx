/**
 * The shared diagnosis (issue 5 §4, SPIE-3): situation and needs in each of the ten areas, dated and
 * signed by its author. A new diagnosis is added beside the earlier ones, which stay as they were.
 */
import type { FastifyInstance } from 'fastify';
import { recordDiagnosis } from '../../../../domains/pathway/adapters/record.js';
import { DIAGNOSIS_AREAS, DIAGNOSIS_AREA_KEYS, checkDiagnosis, isDiagnosisArea } from '../../../../domains/pathway/entities/diagnosis-areas.js';
import { TextArea } from '../../components/form-fields.js';
import { CsrfField } from '../../components/layout.js';
import { EmptyState } from '../../components/ui.js';
import { Accordion, EDIT, FormError, errorOf, formFields, hasErrors, pathwayId, shortParis, valueOf, type PathwayView, type RenderPathway } from './pathway-common.js';

function labels() {
  const all: Record<string, { id: string; label: string }> = { form: { id: 'form-diagnostic', label: 'Diagnostic' } };
  for (const area of DIAGNOSIS_AREA_KEYS) {
    all[`${area}.situation`] = { id: `diag-${area}-situation`, label: `${DIAGNOSIS_AREAS[area]} — situation` };
    all[`${area}.needs`] = { id: `diag-${area}-besoins`, label: `${DIAGNOSIS_AREAS[area]} — besoins` };
  }
  return all;
}

function DiagnosisForm({ view }: { view: PathwayView }) {
  // The form starts from the latest diagnosis: the professional changes what has changed.
  const latest = view.record.diagnoses[0];
  const previous = (area: string, key: 'situation' | 'needs') => latest?.areas.find((a) => a.area === area)?.[key] ?? '';
  return (
    <form method="post" action={`/parcours/${view.record.id}/diagnostics`} id="form-diagnostic" novalidate>
      <CsrfField ctx={view.ctx} />
      <p class="fr-hint-text">
        {latest
          ? 'Le formulaire reprend le dernier diagnostic : modifiez ce qui a changé. Les diagnostics précédents restent consultables tels quels.'
          : 'Renseignez les domaines abordés avec la personne ; laissez vides les autres.'}
      </p>
      <FormError view={view} form="diagnosis" />
      {DIAGNOSIS_AREA_KEYS.map((area) => (
        <fieldset class="fr-fieldset spie-row" id={`diag-${area}`} aria-labelledby={`diag-${area}-legend`}>
          <legend class="fr-fieldset__legend" id={`diag-${area}-legend`}>
            {DIAGNOSIS_AREAS[area]}
          </legend>
          <div class="fr-fieldset__element fr-col-12 fr-col-md-6">
            <TextArea
              id={`diag-${area}-situation`}
              name={`${area}.situation`}
              label="Situation"
              value={valueOf(view, 'diagnosis', `${area}.situation`, previous(area, 'situation'))}
              error={errorOf(view, 'diagnosis', `${area}.situation`)}
              rows={3}
            />
          </div>
          <div class="fr-fieldset__element fr-col-12 fr-col-md-6">
            <TextArea
              id={`diag-${area}-besoins`}
              name={`${area}.needs`}
              label="Besoins"
              value={valueOf(view, 'diagnosis', `${area}.needs`, previous(area, 'needs'))}
              error={errorOf(view, 'diagnosis', `${area}.needs`)}
              rows={3}
            />
          </div>
        </fieldset>
      ))}
      <button class="fr-btn" type="submit">
        Enregistrer le diagnostic
      </button>
    </form>
  );
}

export function DiagnosisSection({ view }: { view: PathwayView }) {
  const diagnoses = view.record.diagnoses;
  return (
    <section id="diagnostic" class="fr-mb-6w">
      <h2>Diagnostic</h2>
      {view.canEdit ? (
        <Accordion id="diagnostic-nouveau" title={diagnoses.length ? 'Mettre à jour le diagnostic' : 'Faire le diagnostic'} open={hasErrors(view, 'diagnosis')}>
          <DiagnosisForm view={view} />
        </Accordion>
      ) : (
        ''
      )}
      {diagnoses.length === 0 ? (
        <EmptyState title="Aucun diagnostic pour l’instant">
          <p>Le diagnostic socio-professionnel se fait avec la personne, domaine par domaine.</p>
        </EmptyState>
      ) : (
        diagnoses.map((d, index) => {
          const title: string = `Diagnostic du ${shortParis(d.created_at)}, par ${d.author_label}${index === 0 ? ' (le plus récent)' : ''}`;
          const areas = DIAGNOSIS_AREA_KEYS.flatMap((key) => d.areas.filter((a) => a.area === key));
          return (
            <div class="fr-table fr-table--no-scroll fr-mb-3w" id={`diagnostic-${d.id}`}>
              <div class="fr-table__wrapper">
                <div class="fr-table__container">
                  <div class="fr-table__content">
                    <table>
                      <caption safe>{title}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Domaine</th>
                          <th scope="col">Situation</th>
                          <th scope="col">Besoins</th>
                        </tr>
                      </thead>
                      <tbody>
                        {areas.map((a) => (
                          <tr>
                            <th scope="row" safe>
                              {isDiagnosisArea(a.area) ? DIAGNOSIS_AREAS[a.area] : a.area}
                            </th>
                            <td class="spie-pre" safe>
                              {a.situation}
                            </td>
                            <td class="spie-pre" safe>
                              {a.needs || '—'}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
          );
        })
      )}
    </section>
  );
}

export function registerDiagnosisRoutes(app: FastifyInstance, render: RenderPathway): void {
  app.post('/parcours/:id/diagnostics', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const fields = formFields(request);
    const input = Object.fromEntries(DIAGNOSIS_AREA_KEYS.map((area) => [area, { situation: fields[`${area}.situation`] ?? '', needs: fields[`${area}.needs`] ?? '' }]));
    const checked = checkDiagnosis(input);
    if (!checked.ok) return render(request, reply, { form: 'diagnosis', values: fields, errors: checked.errors, labels: labels() });
    const result = await recordDiagnosis(app.deps.db, { pathwayId: id, entries: checked.entries, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return render(request, reply, { form: 'diagnosis', values: fields, errors: { form: result.message }, labels: labels() });
    return reply.redirect(`/parcours/${id}?ok=diagnostic#diagnostic-${result.id}`, 303);
  });
}
