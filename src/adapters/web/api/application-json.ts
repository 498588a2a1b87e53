/** An application as the API shows it: status, call, territory, sections with versions, pieces, admissibility. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { SECTION_KEYS } from '../../../domains/ami/entities/application-content.js';
import { applicationOverview, type ApplicationOverview } from '../../../domains/ami/use-cases/application-overview.js';

export const receiptUrl = (id: number) => `/candidatures/${id}/accuse-de-reception.pdf`;

/**
 * The blocking failures and the quality signals. Like the submission use case, a call that is no longer
 * published blocks the deposit even before its deadline (AMI-2).
 */
export function admissibilityJson(o: ApplicationOverview) {
  const failures = o.failures.map((f) => ({ rule: f.rule, field: f.field, message: f.message }));
  if (o.app.call_status !== 'published' && !failures.some((f) => f.rule === 'AMI-2')) {
    failures.push({ rule: 'AMI-2', field: 'deadline', message: 'L’appel n’est plus ouvert au dépôt.' });
  }
  return { admissible: failures.length === 0, failures, qualitySignals: o.signals.map((s) => ({ key: s.key, ok: s.ok, message: s.message })) };
}

export function applicationJson(o: ApplicationOverview) {
  const { app } = o;
  const sections = Object.fromEntries(
    SECTION_KEYS.map((key) => {
      const s = o.sections[key];
      return [key, { version: s.version, updatedAt: s.updatedAt.toISOString(), updatedBy: s.updatedByName, content: s.content }];
    }),
  );
  return {
    id: app.id,
    status: app.status,
    createdAt: app.created_at.toISOString(),
    submittedAt: app.submitted_at?.toISOString() ?? null,
    digest: app.submitted_digest,
    receiptUrl: app.submitted_digest ? receiptUrl(app.id) : null,
    call: { id: app.call_id, title: app.call_title, status: app.call_status, deadlineAt: app.deadline_at.toISOString() },
    leadOrganisation: { id: app.lead_organisation_id, name: app.lead_name, siret: app.lead_siret, kind: app.lead_kind },
    territory: {
      kind: app.territory_kind,
      departementCode: app.departement_code,
      departementName: app.departement_name,
      epciCodes: app.epci_codes,
      communeCodes: app.commune_codes,
      justification: app.territory_justification,
    },
    sections,
    attachments: o.attachments.map((a) => ({
      id: a.id,
      kind: a.kind,
      signer: a.signer,
      filename: a.filename,
      mediaType: a.media_type,
      sizeBytes: a.size_bytes,
      uploadedAt: a.uploaded_at.toISOString(),
    })),
    admissibility: admissibilityJson(o),
  };
}

/** The overview of an application that the authorization hook has just found. */
export async function loadOverview(db: Kysely<Database>, id: number, now: Date): Promise<ApplicationOverview> {
  const o = await applicationOverview(db, id, now);
  if (!o) throw new Error(`Candidature ${id} introuvable alors qu’elle vient d’être autorisée.`);
  return o;
}
