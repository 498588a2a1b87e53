/**
 * « Mon parcours » (issue 5 §9, SPIE-6): the person sees their own pathway in plain French, adds
 * their own objectives and comments, and sees who accessed their record. Each view is logged as the
 * person's own read (`person.self`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logPersonAccess, listPersonAccess } from '../../../../domains/pathway/adapters/access-log.js';
import { listEvents, recordEvent } from '../../../../domains/pathway/adapters/events.js';
import { ownPathwayAuthzObject, ownPathwayId } from '../../../../domains/pathway/adapters/person-space.js';
import { addObjective, loadPathway, type PathwayRecord } from '../../../../domains/pathway/adapters/record.js';
import { DIAGNOSIS_AREAS, isDiagnosisArea } from '../../../../domains/pathway/entities/diagnosis-areas.js';
import { asText } from '../../components/checkboxes.js';
import { ErrorSummary, SelectField, TextArea, TextField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { Breadcrumb } from '../../components/ui.js';
import type { AppDeps } from '../../context.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { AccessSection, AppointmentsSection, PlanSection, ReferentSection, SituationSection, TimelineSection, labelOf, longDay } from './pathway-view.js';

export const MAX_COMMENT = 2000;

const NOTICES: Record<string, string> = {
  objectif: 'Votre objectif a été ajouté à votre parcours. Votre référent le verra.',
  commentaire: 'Votre commentaire a été ajouté à votre parcours. Votre référent le verra.',
};

const FIELDS = {
  area: { id: 'objectif-domaine', label: 'Domaine de l’objectif' },
  label: { id: 'objectif-texte', label: 'Votre objectif' },
  comment: { id: 'commentaire-texte', label: 'Votre commentaire' },
};

type Field = keyof typeof FIELDS;
interface FormState {
  values: Partial<Record<Field, string>>;
  errors: Partial<Record<Field, string>>;
}

export const ownPathwayObject = (request: FastifyRequest, deps: AppDeps) => ownPathwayAuthzObject(deps.db, request.actor, deps.clock());

async function pathwayOf(app: FastifyInstance, request: FastifyRequest): Promise<number> {
  const id = await ownPathwayId(app.deps.db, request.actor!.userId);
  if (id === null) throw new HttpError(404);
  return id;
}

async function render(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: FormState | null) {
  const { db } = app.deps;
  const now = app.deps.clock();
  const pathwayId = await pathwayOf(app, request);
  const record = (await loadPathway(db, pathwayId)) as PathwayRecord;
  await logPersonAccess(db, { personIds: [record.person_id], pathwayId, actor: request.actor!, action: 'person.self', now });
  const [events, access, referent] = await Promise.all([
    listEvents(db, pathwayId),
    listPersonAccess(db, record.person_id),
    record.referent_user_id ? db.selectFrom('app_user').select('email').where('id', '=', record.referent_user_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  const ctx = pageContext(request);
  const notice = NOTICES[asText((request.query as Record<string, unknown>).ok)];
  const open = record.status === 'open';
  const values = state?.values ?? {};
  const errors = state?.errors ?? {};
  const closed: string = record.closed_at ? `Votre parcours est terminé depuis le ${longDay(record.closed_at)}.` : '';
  return sendPage(
    reply,
    <Layout ctx={ctx} title={state ? 'Erreur – Mon parcours' : 'Mon parcours'}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Mon espace', href: '/mon-espace' }, { label: 'Mon parcours' }]} />
      <h1>Mon parcours</h1>
      {notice ? (
        <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p safe>{notice}</p>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary errors={errors} labels={FIELDS} />
      {open ? '' : (
        <div class="fr-alert fr-alert--info fr-mb-3w">
          <p safe>{closed}</p>
        </div>
      )}
      <p class="fr-text--lead">Voici ce que les professionnels qui vous accompagnent ont noté dans votre dossier. Vous pouvez y ajouter vos objectifs et vos commentaires.</p>
      <ReferentSection record={record} referentEmail={referent?.email ?? null} />
      <SituationSection record={record} />
      <section class="fr-mb-6w" aria-labelledby="objectifs-titre">
        <h2 id="objectifs-titre">Vos objectifs</h2>
        {record.objectives.length ? (
          <ul>
            {record.objectives.map((o) => (
              <li id={`objectif-${o.id}`}>
                <span safe>{`${labelOf(DIAGNOSIS_AREAS, o.area)} : ${o.label}`}</span>
                {o.by_person ? (
                  <>
                    {' '}
                    <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">ajouté par vous</span>
                  </>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucun objectif n’est encore noté.</p>
        )}
        {open ? (
          <form method="post" action="/mon-parcours/objectifs" novalidate class="fr-mt-3w fr-col-md-8">
            <fieldset class="fr-fieldset" aria-labelledby="objectif-legende">
              <legend class="fr-fieldset__legend" id="objectif-legende">
                Ajouter un objectif
              </legend>
              <div class="fr-fieldset__element">
                <CsrfField ctx={ctx} />
                <SelectField
                  {...FIELDS.area}
                  name="area"
                  placeholder="Choisir un domaine"
                  value={values.area ?? ''}
                  error={errors.area}
                  options={Object.entries(DIAGNOSIS_AREAS).map(([value, label]) => ({ value, label }))}
                />
                <TextField {...FIELDS.label} name="label" hint="Par exemple : passer le permis de conduire" value={values.label ?? ''} error={errors.label} />
                <button class="fr-btn" type="submit">
                  Ajouter un objectif
                </button>
              </div>
            </fieldset>
          </form>
        ) : (
          ''
        )}
        <PlanSection record={record} />
      </section>
      <AppointmentsSection record={record} now={now} />
      {open ? (
        <section class="fr-mb-6w" aria-labelledby="commentaire-titre">
          <h2 id="commentaire-titre">Ajouter un commentaire</h2>
          <form method="post" action="/mon-parcours/commentaires" novalidate class="fr-col-md-8">
            <CsrfField ctx={ctx} />
            <TextArea {...FIELDS.comment} name="comment" hint="Ce que vous voulez dire à votre référent sur votre parcours. Il sera ajouté à l’historique." value={values.comment ?? ''} error={errors.comment} />
            <button class="fr-btn" type="submit">
              Ajouter un commentaire
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <TimelineSection events={events} />
      <AccessSection rows={access.filter((a) => a.user_id !== request.actor!.userId)} />
      <section class="fr-mb-6w" aria-labelledby="donnees-titre">
        <h2 id="donnees-titre">Vos données</h2>
        <p>Vous pouvez télécharger toutes les données que le service public de l’insertion et de l’emploi a sur vous (droit d’accès, article 15 du RGPD).</p>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <a class="fr-btn fr-btn--secondary fr-icon-download-line" href="/mon-parcours/export.pdf">
              Télécharger mes données (PDF)
            </a>
          </li>
          <li>
            <a class="fr-btn fr-btn--tertiary fr-icon-download-line" href="/mon-parcours/export.json">
              Télécharger mes données (JSON)
            </a>
          </li>
        </ul>
      </section>
    </Layout>,
    state ? 422 : 200,
  );
}

export function registerMyPathwayRoutes(app: FastifyInstance): void {
  const own = { authz: { action: 'pathway.own' as const, object: ownPathwayObject } };

  app.get('/mon-parcours', { config: own }, async (request, reply) => render(app, request, reply, null));

  app.post('/mon-parcours/objectifs', { config: own }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { area: asText(body.area), label: asText(body.label) };
    const errors: FormState['errors'] = {};
    if (!isDiagnosisArea(values.area)) errors.area = 'Choisissez le domaine de votre objectif.';
    if (!values.label.trim()) errors.label = 'Écrivez votre objectif.';
    else if (values.label.trim().length > 500) errors.label = 'Votre objectif dépasse 500 caractères : raccourcissez-le.';
    if (Object.keys(errors).length) return render(app, request, reply, { values, errors });
    const pathwayId = await pathwayOf(app, request);
    const result = await addObjective(app.deps.db, { pathwayId, area: values.area, label: values.label, byPerson: true, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return render(app, request, reply, { values, errors: { label: result.message } });
    return reply.redirect(`/mon-parcours?ok=objectif#objectif-${result.id}`, 303);
  });

  app.post('/mon-parcours/commentaires', { config: own }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const comment = asText(body.comment);
    const text = comment.trim();
    const error = !text ? 'Écrivez votre commentaire.' : text.length > MAX_COMMENT ? `Votre commentaire dépasse ${MAX_COMMENT} caractères : raccourcissez-le.` : null;
    if (error) return render(app, request, reply, { values: { comment }, errors: { comment: error } });
    const pathwayId = await pathwayOf(app, request);
    const now = app.deps.clock();
    const recorded = await app.deps.db.transaction().execute(async (trx) => {
      const pathway = await trx.selectFrom('pathway').select('status').where('id', '=', pathwayId).forUpdate().executeTakeFirstOrThrow();
      if (pathway.status !== 'open') return false;
      await recordEvent(trx, { pathwayId, kind: 'person.comment', summary: { text }, actorUserId: request.actor!.userId, actorLabel: request.actor!.displayName, now });
      return true;
    });
    if (!recorded) return render(app, request, reply, { values: { comment }, errors: { comment: 'Votre parcours est terminé : vous ne pouvez plus y ajouter de commentaire.' } });
    return reply.redirect('/mon-parcours?ok=commentaire#historique-titre', 303);
  });
}
