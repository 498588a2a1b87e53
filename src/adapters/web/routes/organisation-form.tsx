/** The national team adds an organisation: name, checked SIRET, type, département (issue 2 §5). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createOrganisation } from '../../../domains/organisation/adapters/organisations.js';
import { checkNewOrganisation, type NewOrganisationField } from '../../../domains/organisation/entities/new-organisation.js';
import { ORGANISATION_KINDS } from '../../../domains/organisation/entities/organisation-kind.js';
import { CsrfField, Layout, pageContext } from '../components/layout.js';
import { ErrorSummary, SelectField, TextField } from '../components/form-fields.js';
import { Breadcrumb } from '../components/ui.js';
import { sendPage } from '../render.js';

type Values = Record<NewOrganisationField, string>;
type Errors = Partial<Record<NewOrganisationField, string>>;

const FIELDS: Record<NewOrganisationField, { id: string; label: string }> = {
  name: { id: 'org-nom', label: 'Nom' },
  siret: { id: 'org-siret', label: 'SIRET' },
  kind: { id: 'org-type', label: 'Type' },
  departementCode: { id: 'org-departement', label: 'Département' },
};

async function renderForm(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors) {
  const ctx = pageContext(request);
  const departements = await app.deps.db.selectFrom('departement').select(['code', 'name']).orderBy('code').execute();
  const hasErrors = Object.keys(errors).length > 0;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={hasErrors ? 'Erreur – Ajouter une organisation' : 'Ajouter une organisation'}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Organisations', href: '/organisations' }, { label: 'Ajouter' }]} />
      <h1>Ajouter une organisation</h1>
      <p>Tous les champs sont obligatoires.</p>
      <ErrorSummary errors={errors} labels={FIELDS} />
      <div class="fr-grid-row">
      <form method="post" action="/organisations" novalidate class="fr-col-12 fr-col-md-8">
        <CsrfField ctx={ctx} />
        <TextField {...FIELDS.name} name="name" value={values.name} error={errors.name} autocomplete="organization" />
        <TextField
          {...FIELDS.siret}
          name="siret"
          hint="14 chiffres, espaces acceptés ; figure sur l’avis de situation Sirene"
          value={values.siret}
          error={errors.siret}
          inputmode="numeric"
        />
        <SelectField
          {...FIELDS.kind}
          name="kind"
          placeholder="Choisir un type"
          value={values.kind}
          error={errors.kind}
          options={Object.entries(ORGANISATION_KINDS).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          {...FIELDS.departementCode}
          name="departementCode"
          placeholder="Choisir un département"
          value={values.departementCode}
          error={errors.departementCode}
          options={departements.map((d) => ({ value: d.code, label: `${d.code} – ${d.name}` }))}
        />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button class="fr-btn" type="submit">
              Enregistrer l’organisation
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href="/organisations">
              Annuler
            </a>
          </li>
        </ul>
      </form>
      </div>
    </Layout>,
    hasErrors ? 422 : 200,
  );
}

export function registerOrganisationForm(app: FastifyInstance): void {
  const config = { authz: { action: 'organisation.create' as const } };

  app.get('/organisations/nouvelle', { config }, async (request, reply) =>
    renderForm(app, request, reply, { name: '', siret: '', kind: '', departementCode: '' }, {}),
  );

  app.post('/organisations', { config }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: Values = {
      name: typeof body.name === 'string' ? body.name : '',
      siret: typeof body.siret === 'string' ? body.siret : '',
      kind: typeof body.kind === 'string' ? body.kind : '',
      departementCode: typeof body.departementCode === 'string' ? body.departementCode : '',
    };
    const known = new Set((await app.deps.db.selectFrom('departement').select('code').execute()).map((d) => d.code));
    const check = checkNewOrganisation(values, known);
    if (!check.ok) return renderForm(app, request, reply, values, check.errors);
    const actor = request.actor!;
    const result = await createOrganisation(app.deps.db, check.value, actor, app.deps.clock());
    if (!result.created) {
      return renderForm(app, request, reply, values, { siret: `Ce SIRET est déjà celui de l’organisation « ${result.existingName} ».` });
    }
    return reply.redirect(`/organisations/${result.id}?cree=1`, 303);
  });
}
