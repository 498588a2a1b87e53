/** One application's page: status, live admissibility checklist (AMI-10…15), quality signals, sections, pieces, co-editors, history. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ATTACHMENT_KINDS } from '../../../domains/ami/adapters/attachments.js';
import { COMMITMENT_LETTER_SIGNERS, SECTION_KEYS, SECTION_TITLES } from '../../../domains/ami/entities/application-content.js';
import { applicationStatusLabel, isEditable } from '../../../domains/ami/entities/application-status.js';
import { formatParisDateTime } from '../../../domains/ami/entities/deadline.js';
import { applicationReference } from '../../../domains/ami/use-cases/submit-application.js';
import { applicationOverview, type ApplicationOverview } from '../../../domains/ami/use-cases/application-overview.js';
import { authorize } from '../../../domains/authorization/authorize.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../components/layout.js';
import { Breadcrumb, Table, formatParis } from '../components/ui.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { ApplicationStatusBadge, applicationId, applicationObject } from './application-common.js';
import { ExchangesPanel, loadExchangesPanel } from './application-exchanges.js';
import { scoringSummary } from './application-scoring.js';
import { ReviewErrorAlert, ReviewSection, loadReview, type ReviewFormState } from './application-review-section.js';

const NOTICES: Record<string, string> = {
  cree: 'Le brouillon de candidature a été créé. Complétez chaque section, puis déposez-la.',
  section: 'La section a été enregistrée.',
  piece: 'La pièce a été ajoutée.',
  retiree: 'La pièce a été retirée.',
  invite: 'L’invitation a été envoyée.',
  deposee: 'Votre candidature a été déposée. Téléchargez l’accusé de réception ci-dessous ; un courriel de confirmation vous a été envoyé.',
  avis: 'Votre avis a été enregistré.',
  'avis-collegial': 'L’avis collégial a été enregistré : l’instruction est close.',
  expert: 'L’expert a été invité ; un courriel lui a été envoyé.',
  contribution: 'Votre contribution a été enregistrée.',
  renvoi: 'La candidature a été renvoyée au porteur pour complément ; il en a été informé par courriel.',
  partage: 'Le brouillon est partagé avec la préfecture ; ses agents en ont été avertis par courriel.',
  'partage-retire': 'Le brouillon n’est plus partagé avec la préfecture.',
  grille: 'Votre grille d’évaluation a été enregistrée.',
};

function signerLabel(signer: string | null): string {
  return signer ? ((COMMITMENT_LETTER_SIGNERS as Record<string, string>)[signer] ?? signer) : '—';
}

function lastUpdate(s: { version: number; updatedAt: Date; updatedByName: string | null }): string {
  return s.version > 1 ? `${formatParis(s.updatedAt)}${s.updatedByName ? ` par ${s.updatedByName}` : ''}` : 'Pas encore remplie';
}

/** The section a failing rule points to, so the checklist can link to it. */
function sectionOfField(field: string): string | null {
  const head = field.split('.')[0]!;
  if ((SECTION_KEYS as readonly string[]).includes(head)) return head;
  return head === 'attachments' ? 'pieces' : null;
}

function Checklist({ o }: { o: ApplicationOverview }) {
  if (o.failures.length === 0) {
    return (
      <div class="fr-alert fr-alert--success fr-mb-3w">
        <h2 class="fr-alert__title">La candidature est recevable</h2>
        <p>Toutes les règles de recevabilité (AMI-10 à AMI-15) sont respectées.</p>
      </div>
    );
  }
  return (
    <div class="fr-alert fr-alert--warning fr-mb-3w" id="recevabilite">
      <h2 class="fr-alert__title" safe>
        {`Recevabilité : ${o.failures.length} point${o.failures.length > 1 ? 's' : ''} à corriger avant le dépôt`}
      </h2>
      <ul>
        {o.failures.map((f) => {
          const target = sectionOfField(f.field);
          return (
            <li data-rule={f.rule} data-field={f.field}>
              <strong>{f.rule}</strong>
              {' — '}
              {target ? (
                <a href={target === 'pieces' ? '#pieces' : `/candidatures/${o.app.id}/sections/${target}#${f.field.replaceAll('.', '-')}`} safe>
                  {f.message}
                </a>
              ) : (
                <span safe>{f.message}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Signals({ o }: { o: ApplicationOverview }) {
  return (
    <section class="fr-mb-4w">
      <h2 class="fr-h5">Signaux de qualité (non bloquants)</h2>
      <ul class="fr-raw-list">
        {o.signals.map((s) => (
          <li class="fr-mb-1w" data-signal={s.ok ? 'ok' : 'warning'}>
            <span class={`fr-icon--sm ${s.ok ? 'fr-icon-success-fill spie-ok' : 'fr-icon-warning-fill spie-warn'}`} aria-hidden="true" />
            <span class="fr-sr-only">{s.ok ? 'Satisfait : ' : 'À améliorer : '}</span>
            <span safe>{` ${s.message}`}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Pieces({ o, ctx, editable }: { o: ApplicationOverview; ctx: PageContext; editable: boolean }) {
  return (
    <section class="fr-mb-4w" id="pieces">
      <h2 class="fr-h4">Pièces jointes</h2>
      {o.attachments.length === 0 ? (
        <p>Aucune pièce jointe.</p>
      ) : (
        <Table caption="Pièces jointes" headers={['Pièce', 'Type', 'Signataire', 'Ajoutée', ...(editable ? ['Action'] : [])]}>
          {o.attachments.map((a) => (
            <tr>
              <td>
                <a href={`/candidatures/${o.app.id}/pieces/${a.id}`} safe>
                  {a.filename}
                </a>
              </td>
              <td safe>{(ATTACHMENT_KINDS as Record<string, string>)[a.kind] ?? a.kind}</td>
              <td safe>{signerLabel(a.signer)}</td>
              <td safe>{`${formatParis(a.uploaded_at)}${a.given_name ? ` par ${a.given_name} ${a.family_name}` : ''}`}</td>
              {editable ? (
                <td>
                  <form method="post" action={`/candidatures/${o.app.id}/pieces/${a.id}/retirer`}>
                    <CsrfField ctx={ctx} />
                    <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" safe>
                      {`Retirer ${a.filename}`}
                    </button>
                  </form>
                </td>
              ) : (
                ''
              )}
            </tr>
          ))}
        </Table>
      )}
      {editable ? (
        <form method="post" action={`/candidatures/${o.app.id}/pieces`} enctype="multipart/form-data" class="fr-mt-2w">
          <CsrfField ctx={ctx} />
          <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">Ajouter une pièce</legend>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-6">
              <div class="fr-select-group">
                <label class="fr-label" for="piece-type">
                  Type de pièce
                </label>
                <select class="fr-select" id="piece-type" name="kind">
                  {Object.entries(ATTACHMENT_KINDS).map(([value, label]) => (
                    <option value={value}>{label}</option>
                  ))}
                </select>
              </div>
            </div>
            <div class="fr-fieldset__element fr-col-12 fr-col-md-6">
              <div class="fr-select-group">
                <label class="fr-label" for="piece-signataire">
                  Signataire (lettres d’engagement)
                </label>
                <select class="fr-select" id="piece-signataire" name="signer">
                  <option value="">Sans objet</option>
                  {Object.entries(COMMITMENT_LETTER_SIGNERS).map(([value, label]) => (
                    <option value={value}>{label}</option>
                  ))}
                </select>
              </div>
            </div>
            <div class="fr-fieldset__element">
              <div class="fr-upload-group">
                <label class="fr-label" for="piece-fichier">
                  Fichier
                  <span class="fr-hint-text">PDF, ODT, DOCX, JPEG ou PNG, 20 Mo au plus. Le type est vérifié d’après le contenu du fichier.</span>
                </label>
                <input class="fr-upload" type="file" id="piece-fichier" name="file" accept=".pdf,.odt,.docx,.jpg,.jpeg,.png" />
              </div>
            </div>
            <div class="fr-fieldset__element">
              <button class="fr-btn fr-btn--secondary" type="submit">
                Ajouter la pièce
              </button>
            </div>
          </fieldset>
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

/**
 * The application's page; the review routes send it back with a form's errors and input (422).
 * The authorization hook has already allowed 'application.view' or a review action on it.
 */
export async function sendApplicationPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state?: ReviewFormState, status = 200): Promise<FastifyReply> {
  const ctx = pageContext(request);
  const o = await applicationOverview(app.deps.db, applicationId(request), app.deps.clock());
  if (!o) throw new HttpError(404);
  const object = await applicationObject(request, app.deps);
  const actor = request.actor!;
  const editable = isEditable(o.app.status) && authorize(actor, 'application.edit', object!).allowed;
  const canSubmit = isEditable(o.app.status) && authorize(actor, 'application.submit', object!).allowed;
  const canInvite = isEditable(o.app.status) && authorize(actor, 'application.invite', object!).allowed;
  const review = await loadReview(app.deps.db, actor, object!, o.app.status);
  const exchanges = authorize(actor, 'application.message', object!).allowed ? await loadExchangesPanel(app, request, o.app.id) : null;
  const canShare = o.app.status === 'draft' && authorize(actor, 'application.share', object!).allowed;
  const scoring = o.app.status !== 'draft' && authorize(actor, 'application.readScores', object!).allowed ? await scoringSummary(app, o.app.id) : null;
  const canScore = authorize(actor, 'application.score', object!).allowed && review?.open === true;
  const sharing = exchanges && o.app.status === 'draft' && (canShare || exchanges.sharedAt) ? { canShare, sharedAt: exchanges.sharedAt } : null;
  const notice = NOTICES[String((request.query as Record<string, unknown>).ok ?? '')];
  const title = `Candidature n° ${o.app.id} — ${o.app.departement_name}`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={state ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Candidatures', href: '/candidatures' }, { label: `n° ${o.app.id}` }]} />
      {state ? <ReviewErrorAlert state={state} /> : ''}
      {notice ? (
        <div class="fr-alert fr-alert--success fr-mb-3w">
          <p safe>{notice}</p>
        </div>
      ) : (
        ''
      )}
      <h1 safe>{title}</h1>
      <p>
        <ApplicationStatusBadge status={o.app.status} />
      </p>
      <dl class="fr-mb-3w">
        <dt>Appel</dt>
        <dd>
          <a href={`/appels/${o.app.call_id}`} safe>
            {o.app.call_title}
          </a>
          <span safe>{` — dépôt jusqu’au ${formatParisDateTime(o.app.deadline_at)} (heure de Paris)`}</span>
        </dd>
        <dt>Porteur</dt>
        <dd safe>{o.app.lead_name}</dd>
        <dt>Territoire</dt>
        <dd safe>
          {o.territory.kind === 'departement'
            ? `Tout le département : ${o.app.departement_name} (${o.app.departement_code})`
            : `Bassins de vie de ${o.app.departement_name} : ${[...o.territory.epciCodes, ...o.territory.communeCodes].join(', ')}`}
        </dd>
      </dl>
      {o.submission ? (
        <div class="fr-callout fr-mb-3w">
          <p class="fr-callout__title" safe>
            {`Candidature ${applicationReference(o.app.id, o.submission.submitted_at)}, déposée le ${formatParisDateTime(o.submission.submitted_at)} (heure de Paris)`}
          </p>
          <p class="fr-callout__text spie-hash" safe>
            {`Empreinte SHA-256 : ${o.submission.digest}`}
          </p>
          <a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href={`/candidatures/${o.app.id}/accuse-de-reception.pdf`}>
            Télécharger l’accusé de réception (PDF)
          </a>
        </div>
      ) : (
        ''
      )}
      {o.app.status === 'selected' || o.app.status === 'not_selected' ? (
          <div class={`fr-alert ${o.app.status === 'selected' ? 'fr-alert--success' : 'fr-alert--info'} fr-mb-3w`}>
            <h2 class="fr-alert__title">{o.app.status === 'selected' ? 'Candidature retenue' : 'Candidature non retenue'}</h2>
            <p>
              <a href={`/candidatures/${o.app.id}/lettre-de-decision.pdf`}>Télécharger la lettre de décision (PDF)</a>
              {o.app.status === 'selected' ? (
                <>
                  {' — '}
                  <a href={`/candidatures/${o.app.id}/convention`}>Convention financière et versements</a>
                </>
              ) : (
                ''
              )}
            </p>
          </div>
        ) : (
          ''
        )}
        {isEditable(o.app.status) ? <Checklist o={o} /> : ''}
      <Signals o={o} />
      <section class="fr-mb-4w">
        <Table caption="Sections du dossier" headers={['Section', 'Dernière modification', 'Points à corriger', '']}>
          {SECTION_KEYS.map((key) => {
            const s = o.sections[key];
            const count = o.failures.filter((f) => f.field.split('.')[0] === key).length;
            return (
              <tr>
                <td safe>{SECTION_TITLES[key]}</td>
                <td safe>{lastUpdate(s)}</td>
                <td>{count ? String(count) : '—'}</td>
                <td>
                  <a class="fr-link" href={`/candidatures/${o.app.id}/sections/${key}`} safe>
                    {editable ? `Compléter « ${SECTION_TITLES[key]} »` : `Voir « ${SECTION_TITLES[key]} »`}
                  </a>
                </td>
              </tr>
            );
          })}
        </Table>
      </section>
      <Pieces o={o} ctx={ctx} editable={editable} />
      <section class="fr-mb-4w" id="co-redacteurs">
        <h2 class="fr-h4">Co-rédacteurs</h2>
        {o.collaborators.length === 0 ? <p>Personne n’a encore été invité.</p> : (
          <ul>
            {o.collaborators.map((c) => (
              <li safe>{`${c.email} — invité le ${formatParis(c.invited_at)}`}</li>
            ))}
          </ul>
        )}
        {canInvite ? (
          <form method="post" action={`/candidatures/${o.app.id}/co-redacteurs`} class="fr-col-12 fr-col-md-8">
            <CsrfField ctx={ctx} />
            <div class="fr-input-group">
              <label class="fr-label" for="invite-email">
                Inviter par adresse électronique
                <span class="fr-hint-text">La personne doit avoir un compte SPIE (ProConnect) ; elle pourra modifier le dossier, pas le déposer.</span>
              </label>
              <input class="fr-input" type="email" id="invite-email" name="email" autocomplete="email" />
            </div>
            <button class="fr-btn fr-btn--secondary" type="submit">
              Inviter
            </button>
          </form>
        ) : (
          ''
        )}
      </section>
      {exchanges ? <ExchangesPanel ctx={ctx} appId={o.app.id} total={exchanges.total} unread={exchanges.unread} sharing={sharing} /> : ''}
      {scoring !== null ? (
        <section class="fr-mb-4w" id="grille">
          <h2 class="fr-h4">Grille d’évaluation</h2>
          <p safe>{scoring}</p>
          <a class="fr-link" href={`/candidatures/${o.app.id}/grille`}>
            {canScore ? 'Remplir ou modifier ma grille' : 'Voir les grilles des évaluateurs'}
          </a>
        </section>
      ) : (
        ''
      )}
      {review ? <ReviewSection ctx={ctx} appId={o.app.id} review={review} state={state} /> : ''}
      <section class="fr-mb-4w">
        <h2 class="fr-h4">Historique</h2>
        <ul>
          {o.transitions.map((t) => (
            <li safe>{`${formatParis(t.occurred_at)} — ${t.from_status ? `${applicationStatusLabel(t.from_status)} → ` : ''}${applicationStatusLabel(t.to_status)}, par ${t.given_name} ${t.family_name}${t.reason ? ` : ${t.reason}` : ''}`}</li>
          ))}
        </ul>
      </section>
      {canSubmit ? (
        <a class={`fr-btn fr-btn--lg${o.failures.length ? ' fr-btn--secondary' : ''}`} href={`/candidatures/${o.app.id}/deposer`}>
          Déposer la candidature…
        </a>
      ) : (
        ''
      )}
    </Layout>,
    status,
  );
}

export function registerApplicationPage(app: FastifyInstance): void {
  app.get('/candidatures/:id', { config: { authz: { action: 'application.view', object: applicationObject } } }, (request, reply) => sendApplicationPage(app, request, reply));
}
