/**
 * The space's settings (issue 5 §3, §12), for the département's coordinator: how long a former referent
 * keeps reading a pathway (SPIE-2) and how long closed pathways are kept before anonymisation (SPIE-8).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { spaceSettings, updateSpaceSettings } from '../../../../domains/pathway/adapters/spaces.js';
import { checkSpaceSettings, type SpaceSettings } from '../../../../domains/pathway/entities/space-settings.js';
import { asText } from '../../components/checkboxes.js';
import { ErrorSummary, TextField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { sendPage } from '../../render.js';
import { Notice, SpaceBreadcrumb, SpaceMenu, loadSpace, noticeOf, spaceObject, type LoadedSpace } from './space-common.js';

type Field = 'retentionMonths' | 'formerReferentDays';
const FIELDS: Record<Field, { id: string; label: string }> = {
  retentionMonths: { id: 'reglage-conservation', label: 'Conservation des parcours clos (mois)' },
  formerReferentDays: { id: 'reglage-ancien-referent', label: 'Lecture par un ancien référent (jours)' },
};

async function renderPage(request: FastifyRequest, reply: FastifyReply, space: LoadedSpace, values: Record<Field, string>, errors: Partial<Record<Field, string>>, status = 200) {
  const ctx = pageContext(request);
  const title = `Réglages — ${space.name}`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={status === 422 ? `Erreur : ${title}` : title}>
      <SpaceBreadcrumb space={space} here="Réglages" />
      <Notice text={noticeOf(request, { enregistre: 'Les réglages sont enregistrés ; ils s’appliquent dès maintenant.' })} />
      <ErrorSummary errors={errors} labels={FIELDS} />
      <h1 safe>{title}</h1>
      <SpaceMenu space={space} current="settings" />
      <form method="post" action={`/spie/${space.id}/reglages`} novalidate class="fr-col-12 fr-col-md-8">
        <CsrfField ctx={ctx} />
        <TextField
          id={FIELDS.retentionMonths.id}
          name="retentionMonths"
          inputmode="numeric"
          label={FIELDS.retentionMonths.label}
          hint="Un parcours clos depuis plus longtemps est anonymisé chaque nuit ; il n’en reste qu’une trace sans donnée personnelle. 24 mois par défaut, de 1 à 120."
          value={values.retentionMonths}
          error={errors.retentionMonths}
        />
        <TextField
          id={FIELDS.formerReferentDays.id}
          name="formerReferentDays"
          inputmode="numeric"
          label={FIELDS.formerReferentDays.label}
          hint="Après un changement de référent, l’ancien référent consulte encore le parcours, sans pouvoir le modifier, pendant ce nombre de jours. 90 par défaut, de 0 à 3 650."
          value={values.formerReferentDays}
          error={errors.formerReferentDays}
        />
        <button class="fr-btn" type="submit">
          Enregistrer les réglages
        </button>
      </form>
    </Layout>,
    status,
  );
}

function renderConfirmation(request: FastifyRequest, reply: FastifyReply, space: LoadedSpace, settings: SpaceSettings, dueCount: number, currentMonths: number) {
  const ctx = pageContext(request);
  const consequence: string =
    dueCount === 0
      ? `Aucun parcours clos n’a dépassé ${settings.retentionMonths} mois : rien ne sera anonymisé cette nuit.`
      : `${dueCount} parcours clos depuis plus de ${settings.retentionMonths} mois seront anonymisés la nuit prochaine. Cette opération est irréversible.`;
  const title = `Réduire la conservation de ${currentMonths} à ${settings.retentionMonths} mois ?`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={title}>
      <SpaceBreadcrumb space={space} here="Réglages" />
      <h1 safe>{title}</h1>
      <div class="fr-alert fr-alert--warning fr-mb-3w">
        <p safe>{consequence}</p>
      </div>
      <form method="post" action={`/spie/${space.id}/reglages`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="retentionMonths" value={String(settings.retentionMonths)} />
        <input type="hidden" name="formerReferentDays" value={String(settings.formerReferentDays)} />
        <input type="hidden" name="confirm" value="1" />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button class="fr-btn" type="submit">
              Confirmer la nouvelle durée
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={`/spie/${space.id}/reglages`}>
              Annuler
            </a>
          </li>
        </ul>
      </form>
    </Layout>,
  );
}

export async function registerSpaceSettingsRoutes(app: FastifyInstance): Promise<void> {
  const config = { authz: { action: 'space.manage' as const, object: spaceObject } };

  app.get('/spie/:spaceId/reglages', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const current = await spaceSettings(app.deps.db, space.id);
    return renderPage(request, reply, space, { retentionMonths: String(current.retention_months), formerReferentDays: String(current.former_referent_days) }, {});
  });

  app.post('/spie/:spaceId/reglages', { config }, async (request, reply) => {
    const space = await loadSpace(request, app.deps);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { retentionMonths: asText(body.retentionMonths), formerReferentDays: asText(body.formerReferentDays) };
    const checked = checkSpaceSettings(values);
    if (!checked.ok) return renderPage(request, reply, space, values, checked.errors, 422);
    // A shorter retention anonymises, the next night, pathways kept until now: that is asked twice.
    const current = await spaceSettings(app.deps.db, space.id);
    if (checked.settings.retentionMonths < current.retention_months && asText(body.confirm) !== '1') {
      const now = app.deps.clock();
      const cutoff = new Date(now.getTime());
      cutoff.setUTCMonth(cutoff.getUTCMonth() - checked.settings.retentionMonths);
      const due = await app.deps.db
        .selectFrom('pathway')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('space_id', '=', space.id)
        .where('status', '=', 'closed')
        .where('anonymised_at', 'is', null)
        .where('closed_at', '<=', cutoff)
        .executeTakeFirstOrThrow();
      return renderConfirmation(request, reply, space, checked.settings, Number(due.n), current.retention_months);
    }
    await updateSpaceSettings(app.deps.db, { spaceId: space.id, ...checked.settings, actor: request.actor!, now: app.deps.clock() });
    return reply.redirect(`/spie/${space.id}/reglages?ok=enregistre`, 303);
  });
}
