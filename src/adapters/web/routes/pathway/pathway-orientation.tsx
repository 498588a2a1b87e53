/**
 * Orientation (issue 5 §5, SPIE-4): a member asks the département to orient the person — professional,
 * socio-professional or social — towards a receiving organisation and, if known, a referent there.
 * The requests are listed with their answer and, for a refusal, its reason.
 */
import { Table } from '../../components/ui.js';
import type { FastifyInstance } from 'fastify';
import { requestOrientation } from '../../../../domains/pathway/adapters/record.js';
import { ORIENTATION_KINDS, ORIENTATION_STATUSES, isOrientationKind, type OrientationKind, type OrientationStatus } from '../../../../domains/pathway/entities/orientation.js';
import { RadioGroup } from '../../components/checkboxes.js';
import { SelectField } from '../../components/form-fields.js';
import { CsrfField } from '../../components/layout.js';
import {
  Accordion,
  EDIT,
  FormError,
  GroupedSelect,
  errorOf,
  formFields,
  hasErrors,
  pathwayId,
  professionalGroups,
  shortParis,
  valueOf,
  type PathwayView,
  type RenderPathway,
} from './pathway-common.js';

const LABELS = {
  form: { id: 'form-orientation', label: 'Orientation' },
  kind: { id: 'orientation-type', label: 'Type d’orientation' },
  organisationId: { id: 'orientation-organisation', label: 'Organisation d’accueil' },
  referentUserId: { id: 'orientation-referent', label: 'Référent proposé' },
};

const STATUS_BADGE: Record<string, string> = { pending: 'fr-badge--info', accepted: 'fr-badge--success', refused: 'fr-badge--error' };

function OrientationForm({ view }: { view: PathwayView }) {
  const organisations = new Set(view.organisations.map((o) => o.id));
  return (
    <form method="post" action={`/parcours/${view.record.id}/orientations`} id="form-orientation" novalidate>
      <CsrfField ctx={view.ctx} />
      <FormError view={view} form="orientation" />
      <RadioGroup
        id="orientation-type"
        name="kind"
        legend="Type d’orientation"
        options={Object.entries(ORIENTATION_KINDS).map(([value, label]) => ({ value, label }))}
        value={valueOf(view, 'orientation', 'kind')}
        error={errorOf(view, 'orientation', 'kind')}
        inline
      />
      <SelectField
        id="orientation-organisation"
        name="organisationId"
        label="Organisation d’accueil"
        hint="Une organisation membre du SPIE du territoire."
        value={valueOf(view, 'orientation', 'organisationId')}
        placeholder="Choisir l’organisation"
        options={view.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
        error={errorOf(view, 'orientation', 'organisationId')}
      />
      <GroupedSelect
        id="orientation-referent"
        name="referentUserId"
        label="Référent proposé (facultatif)"
        hint="Un professionnel de l’organisation d’accueil. Sans proposition, le référent sera désigné ensuite."
        value={valueOf(view, 'orientation', 'referentUserId')}
        placeholder="Pas de proposition"
        placeholderSelectable
        groups={professionalGroups(view.professionals, (p) => organisations.has(p.organisation_id))}
        error={errorOf(view, 'orientation', 'referentUserId')}
      />
      <button class="fr-btn" type="submit">
        Demander l’orientation
      </button>
    </form>
  );
}

export function OrientationSection({ view }: { view: PathwayView }) {
  const requests = view.record.orientations;
  const pending = requests.some((r) => r.status === 'pending');
  return (
    <section id="orientation" class="fr-mb-6w">
      <h2>Orientation</h2>
      {pending ? (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
          <p>Une demande d’orientation attend la réponse du département.</p>
        </div>
      ) : view.canEdit ? (
        <Accordion id="orientation-nouvelle" title="Demander une orientation" open={hasErrors(view, 'orientation')}>
          <OrientationForm view={view} />
        </Accordion>
      ) : (
        ''
      )}
      {requests.length === 0 ? (
        <p>Aucune demande d’orientation pour l’instant.</p>
      ) : (
        <Table hiddenCaption caption="Demandes d’orientation, de la plus récente à la plus ancienne" headers={['Demandée le', 'Orientation', 'Organisation d’accueil', 'Référent proposé', 'Réponse', 'Motif']}>
          {requests.map((r) => {
            const status: string = ORIENTATION_STATUSES[r.status as OrientationStatus] ?? r.status;
            const proposed: string = r.given_name ? `${r.given_name} ${r.family_name}` : '—';
            const answer: string = r.decided_at ? ` le ${shortParis(r.decided_at)}` : '';
            return (
              <tr id={`orientation-${r.id}`}>
                <td safe>{shortParis(r.requested_at)}</td>
                <td safe>{ORIENTATION_KINDS[r.kind as OrientationKind] ?? r.kind}</td>
                <td safe>{r.organisation_name}</td>
                <td safe>{proposed}</td>
                <td>
                  <p class={`fr-badge fr-badge--sm ${STATUS_BADGE[r.status] ?? ''}`} safe>
                    {status}
                  </p>
                  <span safe>{answer}</span>
                </td>
                <td class="spie-pre" safe>
                  {r.reason || '—'}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}

const id = (text: string | undefined) => (/^[1-9]\d{0,15}$/.test(text ?? '') ? Number(text) : 0);

export function registerOrientationRoutes(app: FastifyInstance, render: RenderPathway): void {
  app.post('/parcours/:id/orientations', { config: EDIT }, async (request, reply) => {
    const pathway = pathwayId(request);
    const fields = formFields(request);
    const errors: Record<string, string> = {};
    const kind = fields.kind ?? '';
    if (!isOrientationKind(kind)) errors.kind = 'Choisissez le type d’orientation.';
    const organisationId = id(fields.organisationId);
    if (!organisationId) errors.organisationId = 'Choisissez l’organisation d’accueil.';
    const referent = fields.referentUserId ? id(fields.referentUserId) : null;
    if (referent === 0) errors.referentUserId = 'Choisissez un professionnel de la liste.';
    if (Object.keys(errors).length || !isOrientationKind(kind)) return render(request, reply, { form: 'orientation', values: fields, errors, labels: LABELS });
    const result = await requestOrientation(app.deps.db, { pathwayId: pathway, kind, receivingOrganisationId: organisationId, proposedReferentUserId: referent, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return render(request, reply, { form: 'orientation', values: fields, errors: { [result.field ?? 'form']: result.message }, labels: LABELS });
    return reply.redirect(`/parcours/${pathway}?ok=orientation#orientation`, 303);
  });
}
