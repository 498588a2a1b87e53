/** The grant agreement of a selected application and its payments (AMI-23). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readFile } from '../../../domains/ami/adapters/files.js';
import { agreementOf, generateAgreement, recordPayment, recordSignature } from '../../../domains/ami/adapters/grant-agreements.js';
import { getApplication } from '../../../domains/ami/adapters/applications.js';
import { formatEuros, parseEuroAmount } from '../../../domains/ami/entities/money.js';
import { authorize } from '../../../domains/authorization/authorize.js';
import { ErrorSummary, TextField } from '../components/form-fields.js';
import { CsrfField, Layout, pageContext } from '../components/layout.js';
import { Breadcrumb, EmptyState, Table, formatParis } from '../components/ui.js';
import { HttpError } from '../errors.js';
import { sendPage } from '../render.js';
import { applicationId, applicationObject } from './application-common.js';

const view = { authz: { action: 'agreement.view' as const, object: applicationObject } };
const manage = { authz: { action: 'agreement.manage' as const, object: applicationObject } };
const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

const NOTICES: Record<string, string> = {
  convention: 'La convention a été établie ; son PDF est prêt.',
  signature: 'La date de signature a été enregistrée.',
  versement: 'Le versement a été enregistré.',
};

const FIELD_LABELS = {
  signedOn: { id: 'date-signature', label: 'Date de signature' },
  paidOn: { id: 'versement-date', label: 'Date du versement' },
  amount: { id: 'versement-montant', label: 'Montant' },
  reference: { id: 'versement-reference', label: 'Référence' },
};

interface FormState {
  errors: Record<string, string>;
  values: Record<string, string>;
}

async function render(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: FormState = { errors: {}, values: {} }) {
  const ctx = pageContext(request);
  const id = applicationId(request);
  const application = (await getApplication(app.deps.db, id))!;
  const current = await agreementOf(app.deps.db, id);
  const canManage = authorize(request.actor, 'agreement.manage').allowed;
  const noticeText: string = NOTICES[String((request.query as Record<string, unknown>).ok ?? '')] ?? '';
  const hasErrors = Object.keys(state.errors).length > 0;
  const title = `Convention — candidature n° ${id}`;
  return sendPage(
    reply,
    <Layout ctx={ctx} title={hasErrors ? `Erreur – ${title}` : title}>
      <Breadcrumb items={[{ label: 'Accueil', href: '/' }, { label: 'Candidatures', href: '/candidatures' }, { label: `n° ${id}`, href: `/candidatures/${id}` }, { label: 'Convention' }]} />
      {noticeText ? (
        <div class="fr-alert fr-alert--success fr-mb-3w">
          <p safe>{noticeText}</p>
        </div>
      ) : (
        ''
      )}
      <ErrorSummary errors={state.errors} labels={FIELD_LABELS} />
      <h1 safe>{`Convention financière — ${application.departement_name}`}</h1>
      {!current ? (
        <EmptyState title="Pas encore de convention">
          <p>{application.status === 'selected' ? 'La candidature est lauréate : la convention peut être établie.' : 'Seule une candidature lauréate reçoit une convention.'}</p>
          {canManage && application.status === 'selected' ? (
            <form method="post" action={`/candidatures/${id}/convention`}>
              <CsrfField ctx={ctx} />
              <button class="fr-btn" type="submit">
                Établir la convention
              </button>
            </form>
          ) : (
            ''
          )}
        </EmptyState>
      ) : (
        <>
          <dl>
            <dt>Montant</dt>
            <dd safe>{formatEuros(current.agreement.amount_cents)}</dd>
            <dt>Durée</dt>
            <dd safe>{`${current.agreement.duration_months} mois`}</dd>
            <dt>Calendrier de versement</dt>
            <dd safe>{`Avance à la signature : ${formatEuros(current.agreement.advance_cents)} ; solde à la remise du rapport final : ${formatEuros(current.agreement.balance_cents)}`}</dd>
            <dt>Signature</dt>
            <dd>{current.agreement.signed_on ? `Signée le ${frenchDate(current.agreement.signed_on)}` : 'Non signée'}</dd>
            <dt>Reste à verser</dt>
            <dd class="fr-text--bold" id="reste-a-verser" safe>
              {formatEuros(current.remainingCents)}
            </dd>
          </dl>
          <p>
            <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/candidatures/${id}/convention.pdf`}>
              Télécharger la convention (PDF)
            </a>
          </p>
          {canManage && !current.agreement.signed_on ? (
            <form method="post" action={`/candidatures/${id}/convention/signature`} class="fr-col-12 fr-col-md-6 fr-mb-4w">
              <CsrfField ctx={ctx} />
              <TextField id="date-signature" name="signedOn" type="date" label="Date de signature" value={state.values.signedOn ?? ''} error={state.errors.signedOn} />
              <button class="fr-btn fr-btn--secondary" type="submit">
                Enregistrer la signature
              </button>
            </form>
          ) : (
            ''
          )}
          <h2 class="fr-h4">Versements</h2>
          {current.payments.length === 0 ? (
            <p>Aucun versement enregistré.</p>
          ) : (
            <Table caption="Versements enregistrés" headers={['Date', 'Montant', 'Référence', 'Enregistré le']}>
              {current.payments.map((p) => (
                <tr>
                  <td safe>{frenchDate(p.paid_on)}</td>
                  <td safe>{formatEuros(p.amount_cents)}</td>
                  <td safe>{p.reference}</td>
                  <td safe>{formatParis(p.recorded_at)}</td>
                </tr>
              ))}
            </Table>
          )}
          {canManage && current.agreement.signed_on && current.remainingCents > 0 ? (
            <form method="post" action={`/candidatures/${id}/convention/versements`} class="fr-col-12 fr-col-md-8" novalidate>
              <CsrfField ctx={ctx} />
              <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">Enregistrer un versement</legend>
                <div class="fr-fieldset__element">
                  <TextField id="versement-date" name="paidOn" type="date" label="Date du versement" value={state.values.paidOn ?? ''} error={state.errors.paidOn} />
                </div>
                <div class="fr-fieldset__element">
                  <TextField id="versement-montant" name="amount" label="Montant (€)" hint="Par exemple « 200 000,00 »" inputmode="decimal" value={state.values.amount ?? ''} error={state.errors.amount} />
                </div>
                <div class="fr-fieldset__element">
                  <TextField id="versement-reference" name="reference" label="Référence (mandat, engagement…)" value={state.values.reference ?? ''} error={state.errors.reference} />
                </div>
                <div class="fr-fieldset__element">
                  <button class="fr-btn" type="submit">
                    Enregistrer le versement
                  </button>
                </div>
              </fieldset>
            </form>
          ) : (
            ''
          )}
        </>
      )}
    </Layout>,
    hasErrors ? 422 : 200,
  );
}

const text = (body: unknown, key: string) => {
  const v = (body as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : '';
};

export function registerAgreementRoutes(app: FastifyInstance): void {
  app.get('/candidatures/:id/convention', { config: view }, async (request, reply) => render(app, request, reply));

  app.get('/candidatures/:id/convention.pdf', { config: view }, async (request, reply) => {
    const current = await agreementOf(app.deps.db, applicationId(request));
    if (!current) throw new HttpError(404);
    const file = (await readFile(app.deps.db, current.agreement.pdf_file_id))!;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="convention-candidature-${applicationId(request)}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(file.bytes);
  });

  app.post('/candidatures/:id/convention', { config: manage }, async (request, reply) => {
    const result = await generateAgreement(app.deps.db, { applicationId: applicationId(request), actor: request.actor!, now: app.deps.clock() });
    if (!result.ok) throw new HttpError(result.status, result.message);
    return reply.redirect(`/candidatures/${applicationId(request)}/convention?ok=convention`, 303);
  });

  app.post('/candidatures/:id/convention/signature', { config: manage }, async (request, reply) => {
    const current = await agreementOf(app.deps.db, applicationId(request));
    if (!current) throw new HttpError(404);
    const signedOn = text(request.body, 'signedOn');
    const result = await recordSignature(app.deps.db, { agreementId: current.agreement.id, signedOn, actor: request.actor!, now: app.deps.clock() });
    if (!result.ok && result.status === 422) return render(app, request, reply, { errors: { signedOn: result.message }, values: { signedOn } });
    if (!result.ok) throw new HttpError(result.status, result.message);
    return reply.redirect(`/candidatures/${applicationId(request)}/convention?ok=signature`, 303);
  });

  app.post('/candidatures/:id/convention/versements', { config: manage }, async (request, reply) => {
    const current = await agreementOf(app.deps.db, applicationId(request));
    if (!current) throw new HttpError(404);
    const values = { paidOn: text(request.body, 'paidOn'), amount: text(request.body, 'amount'), reference: text(request.body, 'reference') };
    const errors: Record<string, string> = {};
    if (!z.string().regex(/^\d{4}-\d{2}-\d{2}$/).safeParse(values.paidOn).success) errors.paidOn = 'Indiquez la date du versement.';
    const amount = parseEuroAmount(values.amount);
    if (!amount.ok) errors.amount = amount.message;
    if (!values.reference.trim()) errors.reference = 'Indiquez la référence du versement.';
    if (Object.keys(errors).length) return render(app, request, reply, { errors, values });
    const result = await recordPayment(app.deps.db, {
      agreementId: current.agreement.id,
      paidOn: values.paidOn,
      amountCents: (amount as { cents: number }).cents,
      reference: values.reference,
      actor: request.actor!,
      now: app.deps.clock(),
    });
    if (!result.ok && result.status === 422) return render(app, request, reply, { errors: { amount: result.message }, values });
    if (!result.ok) throw new HttpError(result.status, result.message);
    return reply.redirect(`/candidatures/${applicationId(request)}/convention?ok=versement`, 303);
  });
}
