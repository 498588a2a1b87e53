/** The national team's call form: create and edit (AMI-1), with errors next to fields and no lost input. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createCall, getCall, updateCall } from '../../../domains/ami/adapters/calls.js';
import { EXPENSE_CATEGORIES } from '../../../domains/ami/entities/application-content.js';
import { checkCallForm, type CallFormField, type CallFormInput } from '../../../domains/ami/entities/call-form.js';
import { DEFAULT_EXCLUDED_TERRITORIES } from '../../../domains/ami/entities/excluded-territories.js';
import { asList, asText, CheckboxGroup } from '../components/checkboxes.js';
import { ErrorSummary, TextArea, TextField } from '../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../components/layout.js';
import { Breadcrumb } from '../components/ui.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { idParam } from './application-common.js';

const FIELDS: Record<CallFormField, { id: string; label: string }> = {
  title: { id: 'appel-titre', label: 'Titre' },
  description: { id: 'appel-description', label: 'Description' },
  opensOn: { id: 'appel-ouverture', label: 'Date d’ouverture' },
  deadlineOn: { id: 'appel-date-limite', label: 'Date limite de dépôt' },
  laureateSlots: { id: 'appel-laureats', label: 'Nombre de lauréats' },
  maxGrant: { id: 'appel-subvention', label: 'Subvention maximale par territoire' },
  minSelfFundingRate: { id: 'appel-autofinancement', label: 'Taux minimal d’autofinancement' },
  eligibleExpenseCategories: { id: 'appel-categories', label: 'Dépenses éligibles' },
  excludedTerritories: { id: 'appel-exclus', label: 'Territoires non concernés' },
};

const parisDate = (d: Date) => new Intl.DateTimeFormat('fr-CA', { timeZone: 'Europe/Paris' }).format(d); // YYYY-MM-DD
const centsText = (cents: number) => `${Math.floor(cents / 100)}${cents % 100 ? `,${String(cents % 100).padStart(2, '0')}` : ''}`;

function readForm(body: unknown): CallFormInput & { version: number } {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    title: asText(b.title),
    description: asText(b.description),
    opensOn: asText(b.opensOn),
    deadlineOn: asText(b.deadlineOn),
    laureateSlots: asText(b.laureateSlots),
    maxGrant: asText(b.maxGrant),
    minSelfFundingRate: asText(b.minSelfFundingRate),
    eligibleExpenseCategories: asList(b.eligibleExpenseCategories),
    excludedTerritories: asText(b.excludedTerritories).split(/[\s,;]+/).filter(Boolean),
    version: Number(asText(b.version)) || 0,
  };
}

async function renderForm(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  target: { callId: number | null; version: number },
  values: CallFormInput,
  errors: Partial<Record<CallFormField, string>>,
  conflict = false,
) {
  const ctx = pageContext(request);
  const hasErrors = Object.keys(errors).length > 0 || conflict;
  const title = target.callId ? 'Modifier l’appel' : 'Créer un appel';
  return sendPage(
    reply,
    <Layout ctx={ctx} title={hasErrors ? `Erreur – ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Appels', href: '/appels' }, { label: title }]} />
      <h1>{title}</h1>
      {conflict ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title">L’appel a été modifié par quelqu’un d’autre</h2>
          <p>Vos saisies sont conservées ci-dessous. Rechargez l’appel pour voir la version actuelle avant d’enregistrer à nouveau.</p>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary errors={errors} labels={FIELDS} />
      <form method="post" action={target.callId ? `/appels/${target.callId}/modifier` : '/appels'} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={String(target.version)} />
        <TextField {...FIELDS.title} name="title" value={values.title} error={errors.title} />
        <TextArea {...FIELDS.description} name="description" value={values.description} error={errors.description} rows={6} />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <TextField {...FIELDS.opensOn} name="opensOn" type="date" hint="Ouvert dès 0 h, heure de Paris" value={values.opensOn} error={errors.opensOn} />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <TextField {...FIELDS.deadlineOn} name="deadlineOn" type="date" hint="Dépôt possible jusqu’à 23:59:59, heure de Paris" value={values.deadlineOn} error={errors.deadlineOn} />
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <TextField {...FIELDS.laureateSlots} name="laureateSlots" inputmode="numeric" value={values.laureateSlots} error={errors.laureateSlots} />
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <TextField {...FIELDS.maxGrant} name="maxGrant" hint="En euros, par exemple « 500 000,00 »" inputmode="decimal" value={values.maxGrant} error={errors.maxGrant} />
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <TextField {...FIELDS.minSelfFundingRate} name="minSelfFundingRate" hint="En %, par exemple « 20 »" inputmode="decimal" value={values.minSelfFundingRate} error={errors.minSelfFundingRate} />
          </div>
        </div>
        <CheckboxGroup
          id={FIELDS.eligibleExpenseCategories.id}
          name="eligibleExpenseCategories"
          legend="Dépenses éligibles (les systèmes d’information ne le sont pas, AMI-13)"
          options={Object.entries(EXPENSE_CATEGORIES).map(([value, label]) => ({ value, label }))}
          checked={values.eligibleExpenseCategories}
          error={errors.eligibleExpenseCategories}
        />
        <TextField
          {...FIELDS.excludedTerritories}
          name="excludedTerritories"
          hint="Codes des départements, séparés par des virgules (69M pour la Métropole de Lyon). Par défaut : les 14 territoires d’expérimentation 2020."
          value={values.excludedTerritories.join(', ')}
          error={errors.excludedTerritories}
        />
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
          <li>
            <button class="fr-btn" type="submit">
              Enregistrer
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={target.callId ? `/appels/${target.callId}` : '/appels'}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </Layout>,
    hasErrors ? (conflict ? 409 : 422) : 200,
  );
}

async function knownTerritories(app: FastifyInstance): Promise<Set<string>> {
  return new Set((await app.deps.db.selectFrom('departement').select('code').execute()).map((d) => d.code));
}

export function registerCallForm(app: FastifyInstance): void {
  const config = { authz: { action: 'call.manage' as const } };

  app.get('/appels/nouveau', { config }, async (request, reply) =>
    renderForm(app, request, reply, { callId: null, version: 0 }, {
      title: '',
      description: '',
      opensOn: '',
      deadlineOn: '',
      laureateSlots: '',
      maxGrant: '500 000,00',
      minSelfFundingRate: '20',
      eligibleExpenseCategories: Object.keys(EXPENSE_CATEGORIES).filter((c) => c !== 'information_systems'),
      excludedTerritories: [...DEFAULT_EXCLUDED_TERRITORIES],
    }, {}),
  );

  app.post('/appels', { config }, async (request, reply) => {
    const form = readForm(request.body);
    const check = checkCallForm(form, await knownTerritories(app));
    if (!check.ok) return renderForm(app, request, reply, { callId: null, version: 0 }, form, check.errors);
    const id = await createCall(app.deps.db, check.value, request.actor!, app.deps.clock());
    return reply.redirect(`/appels/${id}?ok=enregistre`, 303);
  });

  app.get('/appels/:id/modifier', { config }, async (request, reply) => {
    const call = await getCall(app.deps.db, idParam(request));
    if (!call) throw new HttpError(404);
    return renderForm(app, request, reply, { callId: call.id, version: call.version }, {
      title: call.title,
      description: call.description,
      opensOn: parisDate(call.opens_at),
      deadlineOn: parisDate(call.deadline_at),
      laureateSlots: String(call.laureate_slots),
      maxGrant: centsText(call.max_grant_cents),
      minSelfFundingRate: centsText(call.min_self_funding_rate_bp),
      eligibleExpenseCategories: call.eligible_expense_categories,
      excludedTerritories: call.excluded_territories,
    }, {});
  });

  app.post('/appels/:id/modifier', { config }, async (request, reply) => {
    const id = idParam(request);
    const form = readForm(request.body);
    const check = checkCallForm(form, await knownTerritories(app));
    if (!check.ok) return renderForm(app, request, reply, { callId: id, version: form.version }, form, check.errors);
    const result = await updateCall(app.deps.db, id, form.version, check.value, request.actor!, app.deps.clock());
    if (!result.ok && result.reason === 'not_found') throw new HttpError(404);
    if (!result.ok) return renderForm(app, request, reply, { callId: id, version: form.version }, form, {}, true);
    return reply.redirect(`/appels/${id}?ok=enregistre`, 303);
  });
}
