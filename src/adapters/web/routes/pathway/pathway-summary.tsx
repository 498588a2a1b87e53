/**
 * The person and the people of a pathway (issue 5 §3, SPIE-2): who the person is and how long they
 * have waited, one referent at a time with every change kept, the members, who may join or leave.
 */
import type { FastifyInstance } from 'fastify';
import { addMember, assignReferent, leavePathway } from '../../../../domains/pathway/adapters/pathways.js';
import { ORIENTATION_KINDS, daysWaiting, type OrientationKind } from '../../../../domains/pathway/entities/orientation.js';
import { SelectField } from '../../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { Breadcrumb, Table } from '../../components/ui.js';
import { sendPage } from '../../render.js';
import { EDIT, Facts, FormError, errorOf, formFields, dayLabel, pathwayId, personName, shortParis, valueOf, type PathwayView, type RenderPathway } from './pathway-common.js';

export function PersonSummary({ view }: { view: PathwayView }) {
  const r = view.record;
  const waiting = r.oriented_at ? null : daysWaiting(r.rsa_rights_opened_on, view.today);
  const orientation: string = r.oriented_at
    ? `${ORIENTATION_KINDS[r.orientation_kind as OrientationKind] ?? ''}, depuis le ${shortParis(r.oriented_at)}`
    : waiting === null
      ? 'Pas encore orientée'
      : `Pas encore orientée : ${waiting} jour${waiting > 1 ? 's' : ''} d’attente depuis l’ouverture des droits RSA`;
  const contact: string = [r.email, r.phone].filter(Boolean).join(' — ') || 'Aucun moyen de contact connu';
  return (
    <section id="personne" class="fr-mb-6w">
      <h2>La personne et son parcours</h2>
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-lg-6">
          <Facts
            caption="Identité et contact"
            rows={[
              ['Nom', personName(r)],
              ['Date de naissance', dayLabel(r.birth_date)],
              ['N° allocataire CAF ou MSA', r.caf_number ?? '—'],
              ['Identifiant France Travail', r.france_travail_id ?? '—'],
              ['Contact', contact],
              ['Adresse', r.address ?? '—'],
              ['Droits RSA ouverts le', dayLabel(r.rsa_rights_opened_on)],
            ]}
          />
        </div>
        <div class="fr-col-12 fr-col-lg-6">
          <Facts
            caption="Parcours"
            rows={[
              ['État', r.status === 'open' ? 'Ouvert' : `Clos le ${shortParis(r.closed_at!)} — ${r.closed_reason ?? ''}`],
              ['Organisation qui tient le parcours', r.holding_organisation_name],
              ['Ouvert le', `${shortParis(r.opened_at)} par ${r.opened_by_organisation_name}`],
              ['Orientation', orientation],
              ['Référent', r.referent_user_id ? `${r.referent_given_name} ${r.referent_family_name}` : 'Pas encore désigné'],
            ]}
          />
        </div>
      </div>
    </section>
  );
}

export function ReferentSection({ view }: { view: PathwayView }) {
  const r = view.record;
  const current = r.referents.find((x) => x.ended_at === null);
  const members = r.members.filter((m) => m.user_id !== r.referent_user_id || m.left_at !== null);
  const activeIds = new Set([...r.members.filter((m) => m.left_at === null).map((m) => m.user_id), ...(r.referent_user_id ? [r.referent_user_id] : [])]);
  const mayLeave = view.canEdit && r.members.some((m) => m.user_id === view.actor.userId && m.left_at === null) && r.referent_user_id !== view.actor.userId;
  const currentText: string = current
    ? `${current.given_name} ${current.family_name} (${current.organisation_name}), référent depuis le ${shortParis(current.started_at)}.`
    : `Aucun référent n’est désigné : ${r.holding_organisation_name} tient le parcours jusqu’à la désignation.`;
  const referentHint: string = `Une seule personne à la fois. L’ancien référent garde un accès en lecture pendant ${r.former_referent_days} jours.`;
  return (
    <section id="referent" class="fr-mb-6w">
      <h2>Référent et professionnels</h2>
      <p class="fr-text--lead" safe>
        {currentText}
      </p>
      {view.canEdit ? (
        <form method="post" action={`/parcours/${r.id}/referent`} id="form-referent" class="fr-mb-4w" novalidate>
          <CsrfField ctx={view.ctx} />
          <FormError view={view} form="referent" />
          <div class="fr-col-12 fr-col-md-8">
            <SelectField
              id="referent-choix"
              name="userId"
              label="Désigner le référent"
              hint={referentHint}
              value={valueOf(view, 'referent', 'userId')}
              placeholder="Choisir un professionnel du SPIE"
              options={view.professionals.filter((p) => p.user_id !== r.referent_user_id).map((p) => ({ value: String(p.user_id), label: `${p.given_name} ${p.family_name} — ${p.organisation_name}` }))}
              error={errorOf(view, 'referent', 'userId')}
            />
          </div>
          <button class="fr-btn fr-mt-1w" type="submit">
            Désigner le référent
          </button>
        </form>
      ) : (
        ''
      )}
      {r.referents.length ? (
        <Table caption="Historique des référents" headers={['Référent', 'Organisation', 'Du', 'Au']}>
          {[...r.referents].reverse().map((x) => {
            const until: string = x.ended_at ? shortParis(x.ended_at) : 'en cours';
            return (
              <tr>
                <td safe>{`${x.given_name} ${x.family_name}`}</td>
                <td safe>{x.organisation_name}</td>
                <td safe>{shortParis(x.started_at)}</td>
                <td safe>{until}</td>
              </tr>
            );
          })}
        </Table>
      ) : (
        ''
      )}
      {members.length ? (
        <Table caption="Professionnels du parcours" headers={['Professionnel', 'Organisation', 'Depuis le', 'Sorti le']}>
          {members.map((m) => {
            const left: string = m.left_at ? shortParis(m.left_at) : '—';
            return (
              <tr>
                <td safe>{`${m.given_name} ${m.family_name}`}</td>
                <td safe>{m.organisation_name}</td>
                <td safe>{shortParis(m.joined_at)}</td>
                <td safe>{left}</td>
              </tr>
            );
          })}
        </Table>
      ) : (
        <p>Aucun autre professionnel ne participe au parcours.</p>
      )}
      {view.canEdit ? (
        <form method="post" action={`/parcours/${r.id}/membres`} id="form-membre" class="fr-mb-3w" novalidate>
          <CsrfField ctx={view.ctx} />
          <FormError view={view} form="member" />
          <div class="fr-col-12 fr-col-md-8">
            <SelectField
              id="membre-choix"
              name="userId"
              label="Ajouter un professionnel"
              hint="Il verra le parcours et pourra y contribuer."
              value={valueOf(view, 'member', 'userId')}
              placeholder="Choisir un professionnel du SPIE"
              options={view.professionals.filter((p) => !activeIds.has(p.user_id)).map((p) => ({ value: String(p.user_id), label: `${p.given_name} ${p.family_name} — ${p.organisation_name}` }))}
              error={errorOf(view, 'member', 'userId')}
            />
          </div>
          <button class="fr-btn fr-btn--secondary fr-mt-1w" type="submit">
            Ajouter au parcours
          </button>
        </form>
      ) : (
        ''
      )}
      {mayLeave ? (
        <p>
          <a class="fr-btn fr-btn--tertiary fr-icon-logout-box-r-line fr-btn--icon-left" href={`/parcours/${r.id}/quitter`}>
            Quitter ce parcours
          </a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}

function chosenUser(fields: Record<string, string>): number {
  return /^[1-9]\d{0,15}$/.test(fields.userId ?? '') ? Number(fields.userId) : 0;
}

export function registerReferentRoutes(app: FastifyInstance, render: RenderPathway): void {
  const labels = (form: 'referent' | 'member') => ({
    userId: { id: form === 'referent' ? 'referent-choix' : 'membre-choix', label: form === 'referent' ? 'Référent' : 'Professionnel' },
    form: { id: form === 'referent' ? 'form-referent' : 'form-membre', label: form === 'referent' ? 'Référent' : 'Professionnels du parcours' },
  });

  app.post('/parcours/:id/referent', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const fields = formFields(request);
    const userId = chosenUser(fields);
    if (!userId) return render(request, reply, { form: 'referent', values: fields, errors: { userId: 'Choisissez le professionnel qui sera le référent.' }, labels: labels('referent') });
    const result = await assignReferent(app.deps.db, { pathwayId: id, userId, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return render(request, reply, { form: 'referent', values: fields, errors: { userId: result.message }, labels: labels('referent') });
    return reply.redirect(`/parcours/${id}?ok=referent#referent`, 303);
  });

  app.post('/parcours/:id/membres', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const fields = formFields(request);
    const userId = chosenUser(fields);
    if (!userId) return render(request, reply, { form: 'member', values: fields, errors: { userId: 'Choisissez le professionnel à ajouter.' }, labels: labels('member') });
    const result = await addMember(app.deps.db, { pathwayId: id, userId, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return render(request, reply, { form: 'member', values: fields, errors: { userId: result.message }, labels: labels('member') });
    return reply.redirect(`/parcours/${id}?ok=membre#referent`, 303);
  });

  /** Leaving is confirmed on a page of its own (no person's data on it: nothing to log). */
  async function leavePage(request: Parameters<RenderPathway>[0], reply: Parameters<RenderPathway>[1], error?: string) {
    const ctx = pageContext(request);
    const id = pathwayId(request);
    const title = `Quitter le parcours n° ${id}`;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={error ? `Erreur : ${title}` : title}>
        <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: `Parcours n° ${id}`, href: `/parcours/${id}` }, { label: 'Quitter le parcours' }]} />
        <h1>Quitter ce parcours ?</h1>
        {error ? (
          <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <h2 class="fr-alert__title">Vous n’avez pas quitté le parcours</h2>
            <p safe>{error}</p>
          </div>
        ) : (
          ''
        )}
        <div class="fr-alert fr-alert--warning fr-mb-3w">
          <p>Vous ne verrez plus ce parcours et ne recevrez plus rien à son sujet. Ce que vous y avez écrit reste, signé de votre nom. Un membre du parcours pourra vous y ajouter de nouveau.</p>
        </div>
        <form method="post" action={`/parcours/${id}/quitter`}>
          <CsrfField ctx={ctx} />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button class="fr-btn" type="submit">
                Confirmer : quitter le parcours
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href={`/parcours/${id}#referent`}>
                Annuler
              </a>
            </li>
          </ul>
        </form>
      </Layout>,
      error ? 422 : 200,
    );
  }

  app.get('/parcours/:id/quitter', { config: EDIT }, (request, reply) => leavePage(request, reply));

  app.post('/parcours/:id/quitter', { config: EDIT }, async (request, reply) => {
    const id = pathwayId(request);
    const result = await leavePathway(app.deps.db, { pathwayId: id, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) return leavePage(request, reply, result.message);
    const { space_id: spaceId } = await app.deps.db.selectFrom('pathway').select('space_id').where('id', '=', id).executeTakeFirstOrThrow();
    return reply.redirect(`/spie/${spaceId}?ok=quitte`, 303);
  });
}
