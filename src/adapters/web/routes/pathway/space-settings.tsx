/**
 * The space's settings (issue 5 §3, §12), for the département's coordinator: how long a former referent
 * keeps reading a pathway (SPIE-2) and how long closed pathways are kept before anonymisation (SPIE-8).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { spaceSettings, updateSpaceSettings } from '../../../../domains/pathway/adapters/spaces.js';
import { checkSpaceSettings } from '../../../../domains/pathway/entities/space-settings.js';
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
    await updateSpaceSettings(app.deps.db, { spaceId: space.id, ...checked.settings, actor: request.actor!, now: app.deps.clock() });
    return reply.redirect(`/spie/${space.id}/reglages?ok=enregistre`, 303);
  });
}
