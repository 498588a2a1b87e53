/** Actions on an application: pieces (upload, download, remove), co-editors, submission and its receipt. */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { queueMail } from '../../../app.js';
import { addAttachment, removeAttachment } from '../../../domains/ami/adapters/attachments.js';
import { readFile } from '../../../domains/ami/adapters/files.js';
import { MAX_ATTACHMENT_BYTES } from '../../../adapters/files/detect-file-type.js';
import { isEditable } from '../../../domains/ami/entities/application-status.js';
import { formatParisDateTime } from '../../../domains/ami/entities/deadline.js';
import { applicationOverview } from '../../../domains/ami/use-cases/application-overview.js';
import { submitApplication } from '../../../domains/ami/use-cases/submit-application.js';
import { recordAudit } from '../../../domains/audit/adapters/audit-trail.js';
import { CsrfField, Layout, pageContext } from '../components/layout.js';
import { readUploadForm } from '../upload-form.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { applicationId, applicationObject, idParam } from './application-common.js';

const view = { authz: { action: 'application.view' as const, object: applicationObject } };
const edit = { authz: { action: 'application.edit' as const, object: applicationObject } };
const submit = { authz: { action: 'application.submit' as const, object: applicationObject } };
const invite = { authz: { action: 'application.invite' as const, object: applicationObject } };

function inline(reply: FastifyReply, bytes: Buffer, mediaType: string, filename: string) {
  return reply
    .header('content-type', mediaType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export async function registerApplicationActions(app: FastifyInstance): Promise<void> {
  app.get('/candidatures/:id/accuse-de-reception.pdf', { config: view }, async (request, reply) => {
    const id = applicationId(request);
    const submission = await app.deps.db.selectFrom('application_submission').select(['receipt_file_id']).where('application_id', '=', id).orderBy('id', 'desc').executeTakeFirst();
    if (!submission) throw new HttpError(404, 'Cette candidature n’a pas encore été déposée.');
    const file = (await readFile(app.deps.db, submission.receipt_file_id))!;
    return inline(reply, file.bytes, 'application/pdf', `accuse-de-reception-candidature-${id}.pdf`);
  });

  app.get('/candidatures/:id/lettre-de-decision.pdf', { config: view }, async (request, reply) => {
    const id = applicationId(request);
    const decision = await app.deps.db.selectFrom('application_decision').select('letter_file_id').where('application_id', '=', id).executeTakeFirst();
    if (!decision?.letter_file_id) throw new HttpError(404, 'Aucune décision n’a encore été prise sur cette candidature.');
    const file = (await readFile(app.deps.db, decision.letter_file_id))!;
    return inline(reply, file.bytes, 'application/pdf', `lettre-de-decision-candidature-${id}.pdf`);
  });

  app.get('/candidatures/:id/pieces/:attachmentId', { config: view }, async (request, reply) => {
    const attachmentId = idParam(request, 'attachmentId');
    const row = attachmentId
      ? await app.deps.db
          .selectFrom('application_attachment')
          .select(['file_id', 'filename'])
          .where('id', '=', attachmentId)
          .where('application_id', '=', applicationId(request))
          .where('removed_at', 'is', null)
          .executeTakeFirst()
      : undefined;
    if (!row) throw new HttpError(404);
    const file = (await readFile(app.deps.db, row.file_id))!;
    return inline(reply, file.bytes, file.mediaType, row.filename);
  });

  app.post('/candidatures/:id/pieces/:attachmentId/retirer', { config: edit }, async (request, reply) => {
    const id = applicationId(request);
    const ok = await removeAttachment(app.deps.db, { applicationId: id, attachmentId: idParam(request, 'attachmentId'), actor: request.actor!, now: app.deps.clock() });
    if (!ok) throw new HttpError(409, 'Cette pièce ne peut pas être retirée (déjà retirée, ou candidature déposée).');
    return reply.redirect(`/candidatures/${id}?ok=retiree#pieces`, 303);
  });

  // Uploads: multipart only in this scope. The CSRF token travels as a form field, read here.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES + 1, files: 1, fields: 10 } });
    scope.post('/candidatures/:id/pieces', { config: { ...edit, csrfCheckedInHandler: true } }, async (request, reply) => {
      const id = applicationId(request);
      const { fields, file, tooBig } = await readUploadForm(request);
      const bytes = file?.bytes ?? null;
      const filename = file?.filename ?? '';
      const message = tooBig
        ? 'Le fichier dépasse 20 Mo.'
        : !bytes || bytes.length === 0
          ? 'Choisissez un fichier à ajouter.'
          : null;
      if (message) throw new HttpError(422, message);
      const result = await addAttachment(app.deps.db, {
        applicationId: id,
        bytes: bytes!,
        filename,
        kind: fields.kind ?? '',
        signer: fields.signer || null,
        actor: request.actor!,
        now: app.deps.clock(),
      });
      if (!result.ok) throw new HttpError(422, result.message);
      return reply.redirect(`/candidatures/${id}?ok=piece#pieces`, 303);
    });
  });

  app.post('/candidatures/:id/co-redacteurs', { config: invite }, async (request, reply) => {
    const id = applicationId(request);
    const parsed = z.object({ email: z.string().trim().toLowerCase().email().max(254) }).safeParse(request.body);
    if (!parsed.success) throw new HttpError(422, 'Indiquez une adresse électronique valide.');
    const email = parsed.data.email;
    const now = app.deps.clock();
    const actor = request.actor!;
    await app.deps.db.transaction().execute(async (trx) => {
      await trx.insertInto('application_collaborator').values({ application_id: id, email, invited_by: actor.userId, invited_at: now }).onConflict((oc) => oc.doNothing()).execute();
      await recordAudit(trx, { actorUserId: actor.userId, actorLabel: actor.displayName, action: 'application.invite', objectType: 'application', objectId: id, summary: { email } }, now);
    });
    await queueMail(app.deps, {
      to: email,
      subject: 'Invitation à co-rédiger une candidature SPIE',
      text: `Bonjour,\n\n${actor.displayName} vous invite à co-rédiger la candidature n° ${id}.\nConnectez-vous avec ProConnect : ${app.deps.config.publicUrl}/candidatures/${id}\n\nService public de l’insertion et de l’emploi`,
    });
    return reply.redirect(`/candidatures/${id}?ok=invite#co-redacteurs`, 303);
  });

  app.get('/candidatures/:id/deposer', { config: submit }, async (request, reply) => {
    const ctx = pageContext(request);
    const o = await applicationOverview(app.deps.db, applicationId(request), app.deps.clock());
    if (!o) throw new HttpError(404);
    if (!isEditable(o.app.status)) return reply.redirect(`/candidatures/${o.app.id}`, 303);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={`Déposer la candidature n° ${o.app.id}`}>
        <h1 safe>{`Déposer la candidature n° ${o.app.id} ?`}</h1>
        {o.failures.length ? (
          <div class="fr-alert fr-alert--error fr-mb-3w">
            <h2 class="fr-alert__title">La candidature n’est pas recevable</h2>
            <ul>
              {o.failures.map((f) => (
                <li safe>{`${f.rule} — ${f.message}`}</li>
              ))}
            </ul>
            <p>
              <a href={`/candidatures/${o.app.id}`}>Revenir au dossier pour le compléter</a>
            </p>
          </div>
        ) : (
          <>
            <p safe>{`Vous allez déposer la candidature de ${o.app.departement_name} pour « ${o.app.call_title} ». Date limite : ${formatParisDateTime(o.app.deadline_at)} (heure de Paris).`}</p>
            <div class="fr-alert fr-alert--warning fr-mb-3w">
              <p>Après le dépôt, le dossier ne peut plus être modifié, sauf si l’État vous le renvoie pour complément. Un accusé de réception vous sera remis.</p>
            </div>
            <form method="post" action={`/candidatures/${o.app.id}/deposer`}>
              <CsrfField ctx={ctx} />
              <ul class="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <button class="fr-btn" type="submit">
                    Confirmer le dépôt
                  </button>
                </li>
                <li>
                  <a class="fr-btn fr-btn--secondary" href={`/candidatures/${o.app.id}`}>
                    Annuler
                  </a>
                </li>
              </ul>
            </form>
          </>
        )}
      </Layout>,
      o.failures.length ? 422 : 200,
    );
  });

  app.post('/candidatures/:id/deposer', { config: submit }, async (request, reply) => {
    const id = applicationId(request);
    const result = await submitApplication(app.deps.db, { applicationId: id, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok && result.reason === 'not_editable') throw new HttpError(409, 'Cette candidature a déjà été déposée.');
    if (!result.ok) throw new HttpError(422, `Dépôt refusé : ${result.failures.map((f) => `${f.rule} — ${f.message}`).join(' ; ')}`);
    for (const to of result.mail.to) await queueMail(app.deps, { to, subject: result.mail.subject, text: result.mail.text });
    return reply.redirect(`/candidatures/${id}?ok=deposee`, 303);
  });
}
