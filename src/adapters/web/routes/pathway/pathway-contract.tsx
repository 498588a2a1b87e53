/**
 * The contract of the plan (issue 5 §6, SPIE-5): a CER, a PPAE or the contrat d'engagement of the 2023
 * full-employment law, with its dates. A new contract is added beside the earlier ones.
 */
import { Table } from '../../components/ui.js';
import type { FastifyInstance } from 'fastify';
import { addContract } from '../../../../domains/pathway/adapters/record.js';
import { CONTRACT_KINDS, checkContract, type ContractKind } from '../../../../domains/pathway/entities/plan.js';
import { SelectField, TextField } from '../../components/form-fields.js';
import { CsrfField } from '../../components/layout.js';
import { Accordion, EDIT, FormError, dayLabel, errorOf, formFields, hasErrors, pathwayId, shortParis, valueOf, type PathwayView, type RenderPathway } from './pathway-common.js';

const LABELS = {
  form: { id: 'form-contrat', label: 'Contrat' },
  kind: { id: 'contrat-type', label: 'Type de contrat' },
  startsOn: { id: 'contrat-debut', label: 'Début du contrat' },
  endsOn: { id: 'contrat-fin', label: 'Fin du contrat' },
};

export function ContractPart({ view }: { view: PathwayView }) {
  const contracts = view.record.contracts;
  return (
    <>
      <h3 id="contrat">Contrat</h3>
      {contracts.length === 0 ? (
        <p>Aucun contrat enregistré.</p>
      ) : (
        <Table hiddenCaption caption="Contrats, du plus récent au plus ancien" headers={['Contrat', 'Du', 'Au', 'Enregistré le']}>
          {contracts.map((c) => (
            <tr id={`contrat-${c.id}`}>
              <td safe>{CONTRACT_KINDS[c.kind as ContractKind] ?? c.kind}</td>
              <td safe>{dayLabel(c.starts_on)}</td>
              <td safe>{dayLabel(c.ends_on)}</td>
              <td safe>{shortParis(c.created_at)}</td>
            </tr>
          ))}
        </Table>
      )}
      {view.canEdit ? (
        <Accordion id="contrat-nouveau" title="Enregistrer un contrat" open={hasErrors(view, 'contract')}>
          <form method="post" action={`/parcours/${view.record.id}/contrats`} id="form-contrat" novalidate>
            <CsrfField ctx={view.ctx} />
            <FormError view={view} form="contract" />
            <SelectField
              id="contrat-type"
              name="kind"
              label="Type de contrat"
              value={valueOf(view, 'contract', 'kind')}
              placeholder="Choisir le type de contrat"
              options={Object.entries(CONTRACT_KINDS).map(([value, label]) => ({ value, label }))}
              error={errorOf(view, 'contract', 'kind')}
            />
            <div class="fr-grid-row fr-grid-row--gutters">
              <div class="fr-col-12 fr-col-md-6">
                <TextField id="contrat-debut" name="startsOn" label="Début du contrat" type="date" value={valueOf(view, 'contract', 'startsOn')} error={errorOf(view, 'contract', 'startsOn')} />
              </div>
              <div class="fr-col-12 fr-col-md-6">
                <TextField id="contrat-fin" name="endsOn" label="Fin du contrat" type="date" value={valueOf(view, 'contract', 'endsOn')} error={errorOf(view, 'contract', 'endsOn')} />
              </div>
            </div>
            <button class="fr-btn" type="submit">
              Enregistrer le contrat
            </button>
          </form>
        </Accordion>
      ) : (
        ''
      )}
    </>
  );
}

export function registerContractRoutes(app: FastifyInstance, render: RenderPathway): void {
  app.post('/parcours/:id/contrats', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const fields = formFields(request);
    const checked = checkContract({ kind: fields.kind ?? '', startsOn: fields.startsOn ?? '', endsOn: fields.endsOn ?? '' });
    if (!checked.ok) return render(request, reply, { form: 'contract', values: fields, errors: checked.errors, labels: LABELS });
    const result = await addContract(app.deps.db, { pathwayId: id, kind: checked.kind, startsOn: checked.startsOn, endsOn: checked.endsOn, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return render(request, reply, { form: 'contract', values: fields, errors: { form: result.message }, labels: LABELS });
    return reply.redirect(`/parcours/${id}?ok=contrat#contrat-${result.id}`, 303);
  });
}
