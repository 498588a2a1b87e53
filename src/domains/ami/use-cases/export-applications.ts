/**
 * Export of a call's applications as CSV or XLSX (issue 4 §6), limited to the viewer's perimeter:
 * the applications `listVisibleApplications` would show, of that call. Drafts appear only in the export
 * of their lead organisation. Opinions are the prefects' and the collegial one, for the State's
 * reviewers only (`application.readOpinions`): expert contributions, confidential or not, are never
 * exported (AMI-21), and the applicant's export has no opinion at all.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../adapters/db/schema.js';
import { toXlsx } from '../../../adapters/spreadsheet/xlsx.js';
import { authorize, type AuthzObject } from '../../authorization/authorize.js';
import type { Actor } from '../../identity/entities/role.js';
import { parisParts, toCsv, type Table, type TableCell } from '../../shared/tabular-export.js';
import { visibleApplicationsQuery } from '../adapters/applications.js';
import { applicationStatusLabel } from '../entities/application-status.js';
import { OPINION_VERDICTS, type OpinionKind } from '../entities/opinion.js';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const EXPORT_HEADER = [
  'N°',
  'Territoire',
  'Code',
  'Région',
  'Porteur',
  'SIRET',
  'État',
  'Déposée le',
  'Subvention demandée (€)',
  'Autofinancement (€)',
  'Total des dépenses (€)',
  'Avis préfet de département',
  'Avis préfet de région',
  'Avis collégial',
  'Décision',
  'Motif de la décision',
];

const EXPORTED_OPINIONS = ['departement_prefect', 'regional_prefect', 'collegial'] as const satisfies readonly OpinionKind[];

export interface ExportedFile {
  filename: string;
  mediaType: string;
  bytes: Buffer;
  rowCount: number;
}

export interface ExportOptions {
  callId: number;
  actor: Actor;
  format: ExportFormat;
  /** For the file name (default: now). */
  now?: Date;
  /** Called as rows are built (rows done, total), for the background job's progress. */
  onProgress?: (done: number, total: number) => Promise<void>;
}

interface Budget {
  stateGrantCents?: number;
  selfFundingCents?: number;
  expenses?: { amountCents?: number }[];
}

async function loadRows(db: Kysely<Database>, callId: number, actor: Actor) {
  const ownOrganisations = actor.assignments.flatMap((a) => (a.perimeter.kind === 'organisation' ? [a.perimeter.organisationId] : []));
  let q = (await visibleApplicationsQuery(db, actor))
    .innerJoin('region as r', 'r.code', 'd.region_code')
    .leftJoin('application_section as b', (j) => j.onRef('b.application_id', '=', 'a.id').on('b.section', '=', 'budget'))
    .leftJoin('application_decision as dec', 'dec.application_id', 'a.id')
    .select(['a.id', 'a.status', 'a.departement_code', 'a.territory_kind', 'a.submitted_at', 'd.name as departement_name', 'r.name as region_name'])
    .select(['o.name as lead_name', 'o.siret as lead_siret', 'b.content as budget', 'dec.decision', 'dec.reasons as decision_reasons'])
    .select(['a.lead_organisation_id', 'r.code as region_code'])
    .where('a.call_id', '=', callId);
  q = ownOrganisations.length
    ? q.where((eb) => eb.or([eb('a.status', '!=', 'draft'), eb('a.lead_organisation_id', 'in', ownOrganisations)]))
    : q.where('a.status', '!=', 'draft');
  return q.orderBy('a.departement_code').orderBy('a.id').execute();
}

/** The latest verdict of each exported kind, per application; expert contributions are not even read. */
async function loadVerdicts(db: Kysely<Database>, ids: number[]): Promise<Map<number, Partial<Record<OpinionKind, string>>>> {
  const out = new Map<number, Partial<Record<OpinionKind, string>>>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('application_opinion')
    .select(['application_id', 'kind', 'verdict'])
    .where('application_id', 'in', ids)
    .where('kind', 'in', [...EXPORTED_OPINIONS])
    .where('confidential', '=', false)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const verdicts = out.get(r.application_id) ?? {};
    if (r.verdict) verdicts[r.kind as OpinionKind] = (OPINION_VERDICTS as Record<string, string>)[r.verdict] ?? r.verdict;
    out.set(r.application_id, verdicts);
  }
  return out;
}

function parisDay(now: Date): string {
  const p = parisParts(now);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export async function exportApplications(db: Kysely<Database>, options: ExportOptions): Promise<ExportedFile> {
  const { callId, actor, format } = options;
  const rows = await loadRows(db, callId, actor);
  const verdicts = await loadVerdicts(db, rows.map((r) => r.id));
  const table: Table = { header: EXPORT_HEADER, rows: [] };
  for (const [index, r] of rows.entries()) {
    const budget = (r.budget ?? {}) as Budget;
    const expenses = (budget.expenses ?? []).reduce((sum, e) => sum + Number(e.amountCents ?? 0), 0);
    // The opinions are the State's reviewers': the applicant's own rows carry none (as on its pages).
    const object: AuthzObject = {
      type: 'application',
      id: r.id,
      leadOrganisationId: r.lead_organisation_id,
      departementCode: r.departement_code,
      regionCode: r.region_code,
      status: r.status,
      collaboratorUserIds: [],
      expertUserIds: [],
      sharedWithPrefecture: false,
    };
    const v = authorize(actor, 'application.readOpinions', object).allowed ? (verdicts.get(r.id) ?? {}) : {};
    const cells: TableCell[] = [
      r.id,
      r.territory_kind === 'bassins' ? `${r.departement_name} (bassins de vie)` : r.departement_name,
      r.departement_code,
      r.region_name,
      r.lead_name,
      r.lead_siret,
      applicationStatusLabel(r.status),
      r.submitted_at ? { instant: r.submitted_at } : null,
      { cents: Number(budget.stateGrantCents ?? 0) },
      { cents: Number(budget.selfFundingCents ?? 0) },
      { cents: expenses },
      v.departement_prefect ?? null,
      v.regional_prefect ?? null,
      v.collegial ?? null,
      r.decision ? applicationStatusLabel(r.decision) : null,
      r.decision_reasons ?? null,
    ];
    table.rows.push(cells);
    if (options.onProgress && ((index + 1) % 200 === 0 || index + 1 === rows.length)) await options.onProgress(index + 1, rows.length);
  }
  const bytes = format === 'csv' ? toCsv(table) : await toXlsx(table, 'Candidatures');
  return {
    filename: `candidatures-appel-${callId}-${parisDay(options.now ?? new Date())}.${format}`,
    mediaType: EXPORT_MEDIA_TYPES[format],
    bytes,
    rowCount: rows.length,
  };
}
