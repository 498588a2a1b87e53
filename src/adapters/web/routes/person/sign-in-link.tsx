/**
 * The one-time sign-in link (issue 5 §9, SPIE-6), for people without FranceConnect and in the demo:
 * a professional of the pathway sends it by e-mail or SMS; the person opens it within 30 minutes,
 * once, and confirms — the link is used on that confirmation (a POST), so that a mail scanner that
 * fetches the link does not spend it. The person's account is created on first use.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queueMail } from '../../../../app.js';
import { recordAudit } from '../../../../domains/audit/adapters/audit-trail.js';
import { logPersonAccess } from '../../../../domains/pathway/adapters/access-log.js';
import { pathwayAuthzObject } from '../../../../domains/pathway/adapters/pathways.js';
import { SIGN_IN_LINK_MINUTES, createSignInLink, personAuditLabel, personContact, redeemSignInLink, signInLinkState, type LinkState } from '../../../../domains/pathway/adapters/person-space.js';
import { normaliseFrenchMobile } from '../../../sms/sms-sender.js';
import { RadioGroup, asText } from '../../components/checkboxes.js';
import { CsrfField, Layout, pageContext } from '../../components/layout.js';
import { Breadcrumb, EmptyState } from '../../components/ui.js';
import type { AppDeps } from '../../context.js';
import { HttpError } from '../../errors.js';
import { sendPage } from '../../render.js';
import { ensureSession, startSession } from '../../session.js';
import { idParam } from '../application-common.js';
import { signInRateLimit } from '../sign-in-common.js';

const pathwayObject = (request: FastifyRequest, deps: AppDeps) => pathwayAuthzObject(deps.db, idParam(request), deps.clock());

const STATE_TEXT: Record<Exclude<LinkState, 'valid'>, string> = {
  expired: `Ce lien a expiré : il n’est valable que ${SIGN_IN_LINK_MINUTES} minutes. Demandez un nouveau lien à votre référent.`,
  used: 'Ce lien a déjà servi : il ne fonctionne qu’une fois. Demandez un nouveau lien à votre référent.',
  unknown: 'Ce lien n’est pas valable. Vérifiez que vous l’avez copié en entier, ou demandez un nouveau lien à votre référent.',
};

function maskedEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 2)}…@${domain}`;
}

function maskedPhone(mobile: string): string {
  return `0${mobile.slice(3, 4)} •• •• •• ${mobile.slice(-2)}`;
}

async function renderSendPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, error: string | null) {
  const pathwayId = idParam(request);
  const contact = await personContact(app.deps.db, pathwayId);
  if (!contact) throw new HttpError(404);
  await logPersonAccess(app.deps.db, { personIds: [contact.person_id], pathwayId, actor: request.actor!, action: 'pathway.read', now: app.deps.clock() });
  const mobile = contact.phone ? normaliseFrenchMobile(contact.phone) : null;
  const options = [
    ...(contact.email ? [{ value: 'email', label: `Par courriel, à ${maskedEmail(contact.email)}` }] : []),
    ...(mobile ? [{ value: 'sms', label: `Par SMS, au ${maskedPhone(mobile)}` }] : []),
  ];
  const name: string = `${contact.given_name} ${contact.family_name}`;
  const sent = asText((request.query as Record<string, unknown>).ok) === 'envoye';
  const ctx = pageContext(request);
  return sendPage(
    reply,
    <Layout ctx={ctx} title={error ? 'Erreur – Lien de connexion' : 'Lien de connexion'}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: name, href: `/parcours/${pathwayId}` }, { label: 'Lien de connexion' }]} />
      <h1 safe>{`Envoyer à ${name} un lien de connexion`}</h1>
      {sent ? (
        <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p>{`Le lien a été envoyé. Il est valable ${SIGN_IN_LINK_MINUTES} minutes et ne sert qu’une fois.`}</p>
        </div>
      ) : (
        ''
      )}
      <p>
        Avec ce lien, la personne accède à son parcours sans FranceConnect : elle voit ce qui est noté dans son dossier, y ajoute ses objectifs et ses commentaires, et voit
        qui l’a consulté.
      </p>
      {contact.status !== 'open' ? (
        <EmptyState title="Le parcours est clos">
          <p>La personne peut encore se connecter avec FranceConnect pour consulter ses données.</p>
        </EmptyState>
      ) : options.length === 0 ? (
        <EmptyState title="Aucun moyen d’envoyer le lien">
          <p>La fiche de la personne n’a ni adresse électronique ni numéro de mobile. Ajoutez-en un pour lui envoyer un lien.</p>
        </EmptyState>
      ) : (
        <form method="post" action={`/parcours/${pathwayId}/lien-de-connexion`} novalidate class="fr-col-md-8">
          <CsrfField ctx={ctx} />
          <RadioGroup id="lien-canal" name="channel" legend="Comment envoyer le lien ?" options={options} value={options.length === 1 ? options[0]!.value : ''} error={error ?? undefined} />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button class="fr-btn" type="submit">
                Envoyer le lien
              </button>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href={`/parcours/${pathwayId}`}>
                Retour au parcours
              </a>
            </li>
          </ul>
        </form>
      )}
    </Layout>,
    error ? 422 : 200,
  );
}

async function renderLinkPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: LinkState, status = 200) {
  await ensureSession(request, reply);
  const token = (request.params as { token: string }).token;
  const ctx = pageContext(request);
  return sendPage(
    reply,
    <Layout ctx={ctx} title="Accéder à mon parcours">
      <h1>Accéder à mon parcours</h1>
      {state === 'valid' ? (
        <form method="post" action={`/mon-parcours/lien/${encodeURIComponent(token)}`}>
          <CsrfField ctx={ctx} />
          <p>Votre référent vous a envoyé ce lien pour que vous puissiez voir votre parcours. Il ne fonctionne qu’une fois.</p>
          <button class="fr-btn" type="submit">
            Accéder à mon parcours
          </button>
        </form>
      ) : (
        <div class="fr-alert fr-alert--warning">
          <p safe>{STATE_TEXT[state]}</p>
        </div>
      )}
    </Layout>,
    status,
  );
}

export function registerSignInLinkRoutes(app: FastifyInstance): void {
  const edit = { authz: { action: 'pathway.edit' as const, object: pathwayObject } };

  app.get('/parcours/:id/lien-de-connexion', { config: edit }, async (request, reply) => renderSendPage(app, request, reply, null));

  app.post('/parcours/:id/lien-de-connexion', { config: edit }, async (request, reply) => {
    const pathwayId = idParam(request);
    const channel = asText((request.body as Record<string, unknown> | undefined)?.channel);
    const contact = await personContact(app.deps.db, pathwayId);
    if (!contact) throw new HttpError(404);
    if (contact.status !== 'open') throw new HttpError(409, 'Le parcours est clos.');
    const mobile = contact.phone ? normaliseFrenchMobile(contact.phone) : null;
    const to = channel === 'email' ? contact.email : channel === 'sms' ? mobile : null;
    if (!to) return renderSendPage(app, request, reply, 'Choisissez comment envoyer le lien.');
    const now = app.deps.clock();
    const { token } = await createSignInLink(app.deps.db, { personId: contact.person_id, now });
    const url = `${app.deps.config.publicUrl}/mon-parcours/lien/${token}`;
    const actor = request.actor!;
    if (channel === 'email') {
      await queueMail(app.deps, {
        to,
        subject: 'Votre lien pour accéder à votre parcours',
        text: `Bonjour ${contact.given_name},\n\n${actor.displayName} vous envoie un lien pour voir votre parcours d’insertion, y ajouter vos objectifs et vos commentaires, et voir qui a consulté votre dossier :\n${url}\n\nCe lien est valable ${SIGN_IN_LINK_MINUTES} minutes et ne fonctionne qu’une fois. Si vous n’avez rien demandé, ignorez ce message.\n\nService public de l’insertion et de l’emploi`,
      });
    } else {
      await app.deps.sms.send({ to, body: `SPIE : votre lien pour voir votre parcours (valable ${SIGN_IN_LINK_MINUTES} min, une seule fois) : ${url}` });
    }
    await recordAudit(app.deps.db, { actorUserId: actor.userId, actorLabel: actor.displayName, action: 'person.signInLinkSent', objectType: 'person', objectId: contact.person_id, summary: { pathwayId, channel } }, now);
    return reply.redirect(`/parcours/${pathwayId}/lien-de-connexion?ok=envoye`, 303);
  });

  app.get('/mon-parcours/lien/:token', { config: { authz: { action: 'public.view' }, rateLimit: signInRateLimit(app.deps.config) } }, async (request, reply) => {
    const state = await signInLinkState(app.deps.db, (request.params as { token: string }).token, app.deps.clock());
    return renderLinkPage(app, request, reply, state, state === 'valid' ? 200 : 410);
  });

  app.post('/mon-parcours/lien/:token', { config: { authz: { action: 'public.view' }, rateLimit: signInRateLimit(app.deps.config) } }, async (request, reply) => {
    const now = app.deps.clock();
    const redeemed = await redeemSignInLink(app.deps.db, (request.params as { token: string }).token, now);
    if (!redeemed.ok) return renderLinkPage(app, request, reply, redeemed.state, 410);
    await startSession(request, reply, redeemed.userId, { method: 'link' });
    await recordAudit(app.deps.db, { actorUserId: redeemed.userId, actorLabel: personAuditLabel(redeemed.personId), action: 'session.signIn', objectType: 'user', objectId: redeemed.userId, summary: { method: 'link' } }, now);
    return reply.redirect('/mon-parcours', 303);
  });
}
