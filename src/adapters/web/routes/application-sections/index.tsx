/**
 * One section of an application, to read or to edit. Saving is based on the version the author read:
 * a stale save is refused and shows what the other person changed, keeping the author's input (issue 3 §5).
 * The admissibility rules that concern the section are shown next to its fields.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { saveSection, type SaveSectionResult } from '../../../../domains/ami/adapters/sections.js';
import { SECTION_KEYS, SECTION_TITLES, type SectionKey } from '../../../../domains/ami/entities/application-content.js';
import { isEditable } from '../../../../domains/ami/entities/application-status.js';
import { formatEuros } from '../../../../domains/ami/entities/money.js';
import { applicationOverview, type ApplicationOverview } from '../../../../domains/ami/use-cases/application-overview.js';
import { authorize } from '../../../../domains/authorization/authorize.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { Breadcrumb, formatParis } from '../../components/ui.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { applicationId, applicationObject } from '../application-common.js';
import { budgetForm } from './budget.js';
import { consortiumForm } from './consortium.js';
import { implementationForm } from './implementation.js';
import { leadApplicantForm } from './lead-applicant.js';
import { objectivesForm } from './objectives.js';
import { publicForm } from './public.js';
import type { FieldErrors, RawForm, SectionForm } from './types.js';

const FORMS: Record<SectionKey, SectionForm<never>> = {
  leadApplicant: leadApplicantForm as SectionForm<never>,
  consortium: consortiumForm as SectionForm<never>,
  public: publicForm as SectionForm<never>,
  objectives: objectivesForm as SectionForm<never>,
  implementation: implementationForm as SectionForm<never>,
  budget: budgetForm as SectionForm<never>,
};

type Stale = Extract<SaveSectionResult, { reason: 'stale' }>;

function readablePath(form: SectionForm<never>, path: string): string {
  return path
    .split(' › ')
    .map((part) => (/^\d+$/.test(part) ? `n° ${part}` : (form.labels[part] ?? part)))
    .join(' › ');
}

function readableValue(path: string, value: string): string {
  if (value === '') return '(vide)';
  return /Cents$/.test(path) && /^\d+$/.test(value) ? formatEuros(Number(value)) : value;
}

function sectionKey(request: FastifyRequest): SectionKey {
  const key = (request.params as { section: string }).section;
  if (!(SECTION_KEYS as readonly string[]).includes(key)) throw new HttpError(404);
  return key as SectionKey;
}

async function render(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  o: ApplicationOverview,
  key: SectionKey,
  state: { raw: RawForm; errors: FieldErrors; version: number; extraRows: number; stale?: Stale },
) {
  const ctx = pageContext(request);
  const form = FORMS[key];
  const object = await applicationObject(request, app.deps);
  const editable = isEditable(o.app.status) && authorize(request.actor, 'application.edit', object!).allowed;
  // The admissibility rules about this section, next to their fields (typing errors take precedence).
  const ruleErrors: FieldErrors = {};
  for (const f of o.failures) if (f.field.split('.')[0] === key) ruleErrors[f.field.replaceAll('.', '-')] ??= `${f.rule} — ${f.message}`;
  const errors = { ...ruleErrors, ...state.errors };
  const sectionRules = o.failures.filter((f) => f.field.split('.')[0] === key);
  const inputErrors = Object.keys(state.errors).length > 0;
  const title = `${SECTION_TITLES[key]} — candidature n° ${o.app.id}`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={inputErrors || state.stale ? `Erreur – ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Candidatures', href: '/candidatures' }, { label: `n° ${o.app.id}`, href: `/candidatures/${o.app.id}` }, { label: SECTION_TITLES[key] }]} />
      <h1 safe>{SECTION_TITLES[key]}</h1>
      {state.stale ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title" safe>
            {`${state.stale.current.updatedByName} a modifié cette section le ${formatParis(state.stale.current.updatedAt)}, pendant que vous la complétiez`}
          </h2>
          <p>Votre enregistrement n’a pas été fait, pour ne pas effacer ses changements :</p>
          <ul>
            {state.stale.changes.slice(0, 30).map((c) => (
              <li safe>{`${readablePath(form, c.path)} : « ${readableValue(c.path, c.before)} » → « ${readableValue(c.path, c.after)} »`}</li>
            ))}
          </ul>
          <p>Vos saisies sont conservées ci-dessous. Vérifiez-les, puis enregistrez à nouveau pour les appliquer à la version actuelle.</p>
        </div>
      ) : (
        ''
      )}
      {inputErrors ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>Certains champs sont à corriger ; rien n’a été enregistré. Les messages figurent sous chaque champ.</p>
        </div>
      ) : (
        ''
      )}
      {sectionRules.length ? (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
          <p>Recevabilité, points à corriger dans cette section :</p>
          <ul>
            {sectionRules.map((f) => (
              <li safe>{`${f.rule} — ${f.message}`}</li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      {editable ? (
        <form method="post" action={`/candidatures/${o.app.id}/sections/${key}`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="version" value={String(state.version)} />
          <form.Fields raw={state.raw} errors={errors} extraRows={state.extraRows} readOnly={false} />
          <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
            <li>
              <button class="fr-btn" type="submit" name="action" value="save">
                Enregistrer
              </button>
            </li>
            {key === 'leadApplicant' || key === 'public' ? (
              ''
            ) : (
              <li>
                <button class="fr-btn fr-btn--secondary" type="submit" name="action" value="add-row">
                  Enregistrer et ajouter une ligne
                </button>
              </li>
            )}
            <li>
              <a class="fr-btn fr-btn--tertiary" href={`/candidatures/${o.app.id}`}>
                Revenir au dossier sans enregistrer
              </a>
            </li>
          </ul>
        </form>
      ) : (
        <fieldset disabled class="fr-fieldset">
          <form.Fields raw={state.raw} errors={{}} extraRows={0} readOnly />
        </fieldset>
      )}
    </Layout>,
    inputErrors ? 422 : state.stale ? 409 : 200,
  );
}

export function registerSectionRoutes(app: FastifyInstance): void {
  app.get('/candidatures/:id/sections/:section', { config: { authz: { action: 'application.view', object: applicationObject } } }, async (request, reply) => {
    const key = sectionKey(request);
    const o = (await applicationOverview(app.deps.db, applicationId(request), app.deps.clock()))!;
    const extra = Number((request.query as Record<string, unknown>).lignes) || 0;
    const section = o.sections[key];
    const hasRows = FORMS[key].toRaw(section.content as never);
    const empty = !Object.keys(hasRows).some((k) => /-\d+-/.test(k));
    return render(app, request, reply, o, key, { raw: hasRows, errors: {}, version: section.version, extraRows: Math.min(Math.max(extra, empty ? 2 : 1), 20) });
  });

  app.post('/candidatures/:id/sections/:section', { config: { authz: { action: 'application.edit', object: applicationObject } } }, async (request, reply) => {
    const key = sectionKey(request);
    const id = applicationId(request);
    const { _csrf, version, action, ...raw } = (request.body ?? {}) as Record<string, string | string[]>;
    void _csrf;
    const baseVersion = Number(Array.isArray(version) ? version[0] : version) || 0;
    const form = FORMS[key];
    const parsed = form.parse(raw);
    const now = app.deps.clock();
    if (!parsed.ok) {
      const o = (await applicationOverview(app.deps.db, id, now))!;
      return render(app, request, reply, o, key, { raw, errors: parsed.errors, version: baseVersion, extraRows: 0 });
    }
    const result = await saveSection(app.deps.db, { applicationId: id, section: key, content: parsed.content, baseVersion, actor: request.actor!, now });
    if (!result.ok && result.reason === 'locked') throw new HttpError(409, 'La candidature a été déposée : elle n’est plus modifiable.');
    if (!result.ok) {
      const o = (await applicationOverview(app.deps.db, id, now))!;
      return render(app, request, reply, o, key, { raw, errors: {}, version: result.current.version, extraRows: 0, stale: result });
    }
    if (action === 'add-row') return reply.redirect(`/candidatures/${id}/sections/${key}?lignes=1`, 303);
    return reply.redirect(`/candidatures/${id}?ok=section`, 303);
  });
}
