/**
 * Exchanges on an application (issue 4 §1, §3): the thread between its authors and the State's
 * reviewers, with files, read marks and e-mail notification; and the « aide à constituer le dossier »
 * switch by which the lead applicant shares its draft with the prefecture, whose agents then comment
 * in the same thread, part by part.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queueMail } from '../../../app.js';
import { MAX_ATTACHMENT_BYTES } from '../../../adapters/files/detect-file-type.js';
import { readFile } from '../../../domains/ami/adapters/files.js';
import {
  MAX_MESSAGE_FILES,
  listMessages,
  markRead,
  messageFile,
  messageRecipients,
  postMessage,
  prefectureRecipients,
  setSharedWithPrefecture,
  unreadCount,
  type UploadedFile,
} from '../../../domains/ami/adapters/messages.js';
import { SECTION_KEYS, SECTION_TITLES, type SectionKey } from '../../../domains/ami/entities/application-content.js';
import { asText } from '../components/checkboxes.js';
import { TextArea } from '../components/form-fields.js';
import { CsrfField, Layout, pageContext, type PageContext } from '../components/layout.js';
import { Breadcrumb, EmptyState, formatParis } from '../components/ui.js';
import { CsrfError, csrfValid } from '../csrf.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { applicationId, applicationObject, idParam } from './application-common.js';

const message = { authz: { action: 'application.message' as const, object: applicationObject } };
const share = { authz: { action: 'application.share' as const, object: applicationObject } };

interface ComposeState {
  values: { body: string; section: string };
  errors: { body?: string; section?: string; files?: string; form?: string };
}

function sectionTitle(section: string | null): string {
  return section && (SECTION_KEYS as readonly string[]).includes(section) ? SECTION_TITLES[section as SectionKey] : '';
}

/** « le 27/11/2026 à 09:05 », Paris time. */
function messageDate(date: Date): string {
  const parts = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `le ${get('day')}/${get('month')}/${get('year')} à ${get('hour')}:${get('minute')}`;
}

function sizeLabel(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} ko` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

/** The box on the application's page: how many messages, how many unread, and the draft's sharing. */
export function ExchangesPanel(props: {
  ctx: PageContext;
  appId: number;
  total: number;
  unread: number;
  sharing: { canShare: boolean; sharedAt: Date | null } | null;
}) {
  const { appId, total, unread, sharing } = props;
  const summary: string = total === 0 ? 'Aucun message pour l’instant.' : `${total} message${total > 1 ? 's' : ''}${unread ? `, dont ${unread} non lu${unread > 1 ? 's' : ''}` : ', tous lus'}.`;
  return (
    <section class="fr-mb-4w" id="echanges">
      <h2 class="fr-h4">Échanges</h2>
      <p safe>{summary}</p>
      <p>
        <a class="fr-link fr-icon-mail-line fr-link--icon-left" href={`/candidatures/${appId}/echanges`}>
          {unread ? 'Lire les nouveaux messages et répondre' : 'Ouvrir les échanges'}
        </a>
      </p>
      {sharing ? (
        <div class="fr-callout" id="aide-prefecture">
          <h3 class="fr-callout__title">Aide à constituer le dossier</h3>
          {sharing.sharedAt ? (
            <p class="fr-callout__text" safe>
              {`Le brouillon est partagé avec la préfecture du département depuis le ${formatParis(sharing.sharedAt)} : ses agents le lisent et vous répondent dans les échanges. Ils ne peuvent pas le modifier.`}
            </p>
          ) : (
            <p class="fr-callout__text">
              Vous pouvez partager ce brouillon avec la préfecture du département : ses agents pourront le lire et vous faire part de leurs remarques dans les échanges, avant le dépôt. Ils ne pourront pas le modifier.
            </p>
          )}
          {sharing.canShare ? (
            <form method="post" action={`/candidatures/${appId}/partage`}>
              <CsrfField ctx={props.ctx} />
              <input type="hidden" name="shared" value={sharing.sharedAt ? '0' : '1'} />
              <button class={`fr-btn${sharing.sharedAt ? ' fr-btn--secondary' : ''}`} type="submit">
                {sharing.sharedAt ? 'Ne plus partager avec la préfecture' : 'Partager le brouillon avec la préfecture'}
              </button>
            </form>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
    </section>
  );
}

/** What the application page needs to show the panel. */
export async function loadExchangesPanel(app: FastifyInstance, request: FastifyRequest, appId: number) {
  const db = app.deps.db;
  const total = Number((await db.selectFrom('application_message').select((eb) => eb.fn.countAll<string>().as('n')).where('application_id', '=', appId).executeTakeFirstOrThrow()).n);
  const unread = await unreadCount(db, appId, request.actor!.userId);
  const { shared_with_prefecture_at: sharedAt } = await db.selectFrom('application').select('shared_with_prefecture_at').where('id', '=', appId).executeTakeFirstOrThrow();
  return { total, unread, sharedAt };
}

async function sendExchangesPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state?: ComposeState, status = 200): Promise<FastifyReply> {
  const ctx = pageContext(request);
  const id = applicationId(request);
  const db = app.deps.db;
  const head = await db
    .selectFrom('application as a')
    .innerJoin('departement as d', 'd.code', 'a.departement_code')
    .select(['a.id', 'a.status', 'd.name as departement_name'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!head) throw new HttpError(404);
  const viewerId = request.actor!.userId;
  // Opening the thread marks it read up to its last message (not on a form sent back with errors),
  // before the thread is listed, so that the viewer's own read mark shows at once.
  if (!state) {
    const last = await db.selectFrom('application_message').select('id').where('application_id', '=', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (last) await markRead(db, id, viewerId, last.id, app.deps.clock());
  }
  const messages = await listMessages(db, id);
  const sent = asText((request.query as Record<string, unknown>).ok) === 'envoye';
  const values = state?.values ?? { body: '', section: '' };
  const errors = state?.errors ?? {};
  const filesHint: string = `Facultatif. Jusqu’à ${MAX_MESSAGE_FILES} fichiers PDF, ODT, DOCX, JPEG ou PNG de 20 Mo au plus chacun.`;
  const title = `Échanges — candidature n° ${head.id} (${head.departement_name})`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={state ? `Erreur : ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Candidatures', href: '/candidatures' }, { label: `n° ${head.id}`, href: `/candidatures/${head.id}` }, { label: 'Échanges' }]} />
      {sent ? (
        <div class="fr-alert fr-alert--success fr-mb-3w">
          <p>Votre message a été envoyé ; ses destinataires en ont été avertis par courriel.</p>
        </div>
      ) : (
        ''
      )}
      {state ? (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 class="fr-alert__title">Le message n’a pas été envoyé</h2>
          <p>
            <a href={errors.files ? '#message-fichiers' : errors.section ? '#message-partie' : '#message-texte'}>Corrigez le formulaire ci-dessous</a> : votre texte a été conservé ; joignez à nouveau vos fichiers s’il y en avait.
          </p>
        </div>
      ) : (
        ''
      )}
      <h1 safe>{title}</h1>
      <p class="fr-text--sm">
        Le fil réunit le porteur, ses co-rédacteurs et les services de l’État qui instruisent la candidature. Chacun voit qui a lu quoi. Les contributions confidentielles des
        experts n’y figurent jamais.
      </p>
      {messages.length === 0 ? (
        <EmptyState title="Aucun message pour l’instant">
          <p>Posez une question ou faites une remarque sur le dossier avec le formulaire ci-dessous.</p>
        </EmptyState>
      ) : (
        <ol class="spie-thread fr-mb-4w" aria-label="Messages, du plus ancien au plus récent">
          {messages.map((m) => {
            const author: string = m.authorOrganisation ? `${m.authorName} (${m.authorOrganisation})` : m.authorName;
            const about: string = sectionTitle(m.section);
            const readers = m.readBy.map((r) => (r.userId === viewerId ? 'vous' : r.name));
            const read: string = readers.length ? `Lu par ${readers.join(', ')}` : 'Pas encore lu par les autres participants';
            return (
              <li class="fr-card fr-card--no-arrow fr-mb-2w" id={`message-${m.id}`}>
                <div class="fr-card__body">
                  <div class="fr-card__content">
                    <h2 class="fr-card__title fr-h6" safe>
                      {author}
                    </h2>
                    <p class="fr-card__desc spie-message" safe>
                      {m.body}
                    </p>
                    <div class="fr-card__start">
                      <p class="fr-card__detail" safe>
                        {`${messageDate(m.createdAt)}${about ? ` — à propos de « ${about} »` : ''}`}
                      </p>
                    </div>
                    <div class="fr-card__end">
                      {m.files.length ? (
                        <ul class="fr-raw-list fr-mb-1w">
                          {m.files.map((f) => (
                            <li>
                              <a class="fr-link fr-icon-attachment-line fr-link--icon-left" href={`/candidatures/${head.id}/echanges/fichiers/${f.id}`} safe>
                                {`${f.filename} (${sizeLabel(f.sizeBytes)})`}
                              </a>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        ''
                      )}
                      <p class="fr-card__detail fr-mb-0" safe>
                        {read}
                      </p>
                    </div>
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <form method="post" action={`/candidatures/${head.id}/echanges`} enctype="multipart/form-data" id="nouveau-message" novalidate class="fr-col-12 fr-col-md-10">
        <CsrfField ctx={ctx} />
        <h2 class="fr-h4">Écrire un message</h2>
        {errors.form ? (
          <p class="fr-error-text" safe>
            {errors.form}
          </p>
        ) : (
          ''
        )}
        <div class={`fr-select-group${errors.section ? ' fr-select-group--error' : ''}`}>
          <label class="fr-label" for="message-partie">
            Partie concernée
            <span class="fr-hint-text">Facultatif : la partie de la candidature dont parle votre message.</span>
          </label>
          <select class="fr-select" id="message-partie" name="section" aria-describedby={errors.section ? 'message-partie-erreur' : undefined}>
            <option value="" selected={values.section === ''}>
              Toute la candidature
            </option>
            {SECTION_KEYS.map((key) => (
              <option value={key} selected={values.section === key} safe>
                {SECTION_TITLES[key]}
              </option>
            ))}
          </select>
          {errors.section ? (
            <p class="fr-error-text" id="message-partie-erreur" safe>
              {errors.section}
            </p>
          ) : (
            ''
          )}
        </div>
        <TextArea id="message-texte" name="body" label="Message" value={values.body} error={errors.body} rows={6} />
        <div class={`fr-upload-group${errors.files ? ' fr-upload-group--error' : ''} fr-mb-3w`}>
          <label class="fr-label" for="message-fichiers">
            Fichiers joints
            <span class="fr-hint-text" safe>
              {filesHint}
            </span>
          </label>
          <input
            class="fr-upload"
            type="file"
            id="message-fichiers"
            name="files"
            multiple
            accept=".pdf,.odt,.docx,.jpg,.jpeg,.png"
            aria-describedby={errors.files ? 'message-fichiers-erreur' : undefined}
          />
          {errors.files ? (
            <p class="fr-error-text" id="message-fichiers-erreur" safe>
              {errors.files}
            </p>
          ) : (
            ''
          )}
        </div>
        <button class="fr-btn fr-icon-send-plane-line fr-btn--icon-left" type="submit">
          Envoyer le message
        </button>
      </form>
    </Layout>,
    status,
  );
}

export async function registerApplicationExchanges(app: FastifyInstance): Promise<void> {
  app.get('/candidatures/:id/echanges', { config: message }, (request, reply) => sendExchangesPage(app, request, reply));

  app.get('/candidatures/:id/echanges/fichiers/:fileId', { config: message }, async (request, reply) => {
    const found = await messageFile(app.deps.db, applicationId(request), idParam(request, 'fileId'));
    if (!found) throw new HttpError(404);
    const file = (await readFile(app.deps.db, found.fileId))!;
    return reply
      .header('content-type', file.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(found.filename)}`)
      .header('cache-control', 'private, no-store')
      .send(file.bytes);
  });

  app.post('/candidatures/:id/partage', { config: share }, async (request, reply) => {
    const id = applicationId(request);
    const shared = asText((request.body as Record<string, unknown> | undefined)?.shared) === '1';
    const result = await setSharedWithPrefecture(app.deps.db, { applicationId: id, shared, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) throw new HttpError(409, result.message);
    if (result.changed && shared) {
      for (const to of await prefectureRecipients(app.deps.db, id)) {
        await queueMail(app.deps, {
          to,
          subject: `Un brouillon de candidature SPIE vous est partagé (n° ${id})`,
          text:
            `Bonjour,\n\n${request.actor!.displayName} partage avec la préfecture le brouillon de la candidature n° ${id}, pour avoir votre aide à constituer le dossier.\n` +
            `Lisez-le et répondez dans les échanges : ${app.deps.config.publicUrl}/candidatures/${id}/echanges\n\nService public de l’insertion et de l’emploi`,
        });
      }
    }
    return reply.redirect(`/candidatures/${id}?ok=${shared ? 'partage' : 'partage-retire'}#echanges`, 303);
  });

  // Messages may carry files: multipart in this scope only, the CSRF token read from the form's fields.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: MAX_MESSAGE_FILES + 1, fields: 10 } });
    scope.post('/candidatures/:id/echanges', { config: { ...message, csrfCheckedInHandler: true } }, async (request, reply) => {
      const id = applicationId(request);
      const fields: Record<string, string> = {};
      const files: UploadedFile[] = [];
      let tooBig = '';
      let tooMany = false;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer().catch((error: unknown) => {
              if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
                tooBig = part.filename;
                return null;
              }
              throw error;
            });
            // An empty file input still sends a part with no name and no bytes.
            if (bytes && bytes.length > 0) files.push({ filename: part.filename, bytes });
          } else {
            fields[part.fieldname] = String(part.value);
          }
        }
      } catch (error) {
        if ((error as { code?: string }).code !== 'FST_FILES_LIMIT') throw error;
        tooMany = true;
      }
      request.body = fields;
      if (!csrfValid(request)) throw new CsrfError();
      const values = { body: fields.body ?? '', section: fields.section ?? '' };
      if (tooBig || tooMany) {
        const filesError = tooMany ? `Joignez au plus ${MAX_MESSAGE_FILES} fichiers.` : `${tooBig} dépasse 20 Mo.`;
        return sendExchangesPage(app, request, reply, { values, errors: { files: filesError } }, 422);
      }
      const result = await postMessage(app.deps.db, { applicationId: id, actor: request.actor!, body: values.body, section: values.section, files, now: app.deps.clock() });
      if (!result.ok) return sendExchangesPage(app, request, reply, { values, errors: result.errors }, 422);
      for (const to of await messageRecipients(app.deps.db, id, request.actor!.userId)) {
        // The mail says who wrote and where to read it; the message itself stays in SPIE.
        await queueMail(app.deps, {
          to,
          subject: `Nouveau message sur la candidature SPIE n° ${id}`,
          text: `Bonjour,\n\n${request.actor!.displayName} a écrit un message sur la candidature n° ${id}.\nLisez-le et répondez : ${app.deps.config.publicUrl}/candidatures/${id}/echanges#message-${result.id}\n\nService public de l’insertion et de l’emploi`,
        });
      }
      return reply.redirect(`/candidatures/${id}/echanges?ok=envoye#message-${result.id}`, 303);
    });
  });
}
