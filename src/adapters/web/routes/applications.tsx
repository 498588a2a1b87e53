/** Applications: the list an actor may see, and starting a new one for an open call (AMI-3, AMI-4). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createApplication, listVisibleApplications } from '../../../domains/ami/adapters/applications.js';
import type { ApplicationTerritory } from '../../../domains/ami/entities/application-content.js';
import { isBeforeDeadline } from '../../../domains/ami/entities/deadline.js';
import { authorize } from '../../../domains/authorization/authorize.js';
import { asText } from '../components/checkboxes.js';
import { ErrorSummary, SelectField, TextArea, TextField } from '../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../components/layout.js';
import { Breadcrumb, EmptyState, Table, formatParis } from '../components/ui.js';
import { sendPage } from '../render.js';
import { ApplicationStatusBadge } from './application-common.js';

type Field = 'callId' | 'departementCode' | 'territory';
interface NewValues {
  callId: string;
  departementCode: string;
  kind: string;
  epciCodes: string;
  communeCodes: string;
  justification: string;
}
const LABELS: Record<Field, { id: string; label: string }> = {
  callId: { id: 'cand-appel', label: 'Appel' },
  departementCode: { id: 'cand-departement', label: 'Département' },
  territory: { id: 'cand-bassins', label: 'Bassins de vie' },
};

async function renderNew(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, values: NewValues, errors: Partial<Record<Field, string>>) {
  const ctx = pageContext(request);
  const now = app.deps.clock();
  const calls = (await app.deps.db.selectFrom('ami_call').select(['id', 'title', 'deadline_at']).where('status', '=', 'published').orderBy('deadline_at').execute()).filter((c) =>
    isBeforeDeadline(now, c.deadline_at),
  );
  const deps = await app.deps.db.selectFrom('departement').select(['code', 'name']).orderBy('code').execute();
  const hasErrors = Object.keys(errors).length > 0;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={hasErrors ? 'Erreur – Préparer une candidature' : 'Préparer une candidature'}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Candidatures', href: '/candidatures' }, { label: 'Nouvelle candidature' }]} />
      <h1>Préparer une candidature</h1>
      <p>Choisissez l’appel et le territoire. Vous compléterez ensuite le dossier section par section, avec votre consortium.</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      {calls.length === 0 ? (
        <EmptyState title="Aucun appel ouvert">
          <p>Aucun appel n’est ouvert au dépôt en ce moment.</p>
        </EmptyState>
      ) : (
        <form method="post" action="/candidatures" novalidate class="fr-col-12 fr-col-md-8">
          <CsrfField ctx={ctx} />
          <SelectField {...LABELS.callId} name="callId" placeholder="Choisir un appel" value={values.callId} error={errors.callId} options={calls.map((c) => ({ value: String(c.id), label: `${c.title} (jusqu’au ${formatParis(c.deadline_at)})` }))} />
          <SelectField
            {...LABELS.departementCode}
            name="departementCode"
            placeholder="Choisir un département"
            value={values.departementCode}
            error={errors.departementCode}
            options={deps.map((d) => ({ value: d.code, label: `${d.code} – ${d.name}` }))}
          />
          <fieldset class="fr-fieldset" id="cand-etendue" aria-labelledby="cand-etendue-legend">
            <legend class="fr-fieldset__legend" id="cand-etendue-legend">
              Territoire couvert (AMI-4)
            </legend>
            <div class="fr-fieldset__element">
              <div class="fr-radio-group">
                <input type="radio" id="cand-etendue-dep" name="kind" value="departement" checked={values.kind !== 'bassins'} />
                <label class="fr-label" for="cand-etendue-dep">
                  Tout le département
                </label>
              </div>
            </div>
            <div class="fr-fieldset__element">
              <div class="fr-radio-group">
                <input type="radio" id="cand-etendue-bassins" name="kind" value="bassins" checked={values.kind === 'bassins'} />
                <label class="fr-label" for="cand-etendue-bassins">
                  Des bassins de vie du département
                </label>
              </div>
            </div>
          </fieldset>
          <TextField {...LABELS.territory} name="epciCodes" hint="Si bassins de vie : numéros SIREN des EPCI, séparés par des virgules" value={values.epciCodes} error={errors.territory} />
          <TextField id="cand-communes" label="Communes" name="communeCodes" hint="Si bassins de vie : codes INSEE des communes, séparés par des virgules" value={values.communeCodes} error={undefined} />
          <TextArea id="cand-justification" label="Justification des bassins de vie" name="justification" value={values.justification} error={undefined} />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button class="fr-btn" type="submit">
                Créer le brouillon
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href="/candidatures">
                Annuler
              </a>
            </li>
          </ul>
        </form>
      )}
    </Layout>,
    hasErrors ? 422 : 200,
  );
}

const codes = (text: string) => [...new Set(text.split(/[\s,;]+/).filter(Boolean))];

export function registerApplicationRoutes(app: FastifyInstance): void {
  app.get('/candidatures', { config: { authz: { action: 'application.list' } } }, async (request, reply) => {
    const ctx = pageContext(request);
    const rows = await listVisibleApplications(app.deps.db, request.actor!);
    const canCreate = authorize(request.actor, 'application.create').allowed;
    return sendPage(
      reply,
      <Layout ctx={ctx} title="Candidatures">
        <h1>Candidatures</h1>
        {canCreate ? (
          <p>
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/candidatures/nouvelle">
              Préparer une candidature
            </a>
          </p>
        ) : (
          ''
        )}
        {rows.length === 0 ? (
          <EmptyState title="Aucune candidature">
            <p>{canCreate ? 'Vous n’avez pas encore de candidature. Commencez par choisir un appel ouvert.' : 'Aucune candidature n’est visible dans votre périmètre.'}</p>
          </EmptyState>
        ) : (
          <Table caption="Candidatures de votre périmètre" headers={['N°', 'Appel', 'Territoire', 'Porteur', 'État', 'Déposée le']}>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/candidatures/${r.id}`} safe>
                    {`n° ${r.id}`}
                  </a>
                </td>
                <td safe>{r.call_title}</td>
                <td safe>{`${r.departement_name} (${r.departement_code})`}</td>
                <td safe>{r.lead_name}</td>
                <td>
                  <ApplicationStatusBadge status={r.status} />
                </td>
                <td>{r.submitted_at ? formatParis(r.submitted_at) : '—'}</td>
              </tr>
            ))}
          </Table>
        )}
      </Layout>,
    );
  });

  const create = { authz: { action: 'application.create' as const } };

  app.get('/candidatures/nouvelle', { config: create }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const org = request.actor!.organisationId
      ? await app.deps.db.selectFrom('organisation').select('departement_code').where('id', '=', request.actor!.organisationId).executeTakeFirst()
      : undefined;
    return renderNew(app, request, reply, { callId: asText(q.appel), departementCode: org?.departement_code ?? '', kind: 'departement', epciCodes: '', communeCodes: '', justification: '' }, {});
  });

  app.post('/candidatures', { config: create }, async (request, reply) => {
    const b = (request.body ?? {}) as Record<string, unknown>;
    const values: NewValues = {
      callId: asText(b.callId),
      departementCode: asText(b.departementCode),
      kind: asText(b.kind) === 'bassins' ? 'bassins' : 'departement',
      epciCodes: asText(b.epciCodes),
      communeCodes: asText(b.communeCodes),
      justification: asText(b.justification),
    };
    const actor = request.actor!;
    const leadOrganisationId = actor.assignments.find((a) => a.role === 'lead_applicant' && a.perimeter.kind === 'organisation');
    if (!leadOrganisationId || leadOrganisationId.perimeter.kind !== 'organisation') {
      return renderNew(app, request, reply, values, { callId: 'Votre compte n’est rattaché à aucune organisation porteuse.' });
    }
    const territory: ApplicationTerritory =
      values.kind === 'bassins'
        ? { kind: 'bassins', departementCode: values.departementCode, epciCodes: codes(values.epciCodes), communeCodes: codes(values.communeCodes), justification: values.justification }
        : { kind: 'departement', departementCode: values.departementCode };
    const result = await createApplication(app.deps.db, {
      callId: Number(values.callId) || 0,
      leadOrganisationId: leadOrganisationId.perimeter.organisationId,
      territory,
      actor,
      now: app.deps.clock(),
    });
    if (!result.ok) return renderNew(app, request, reply, values, { [result.field]: result.message });
    return reply.redirect(`/candidatures/${result.id}?ok=cree`, 303);
  });
}
