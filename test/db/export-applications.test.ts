/** Exports of a call's applications (issue 4 §6): exactly the viewer's perimeter, CSV and XLSX, never expert contributions. */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EURO_FORMAT } from '../../src/adapters/spreadsheet/xlsx.js';
import { createApplication, loadSections } from '../../src/domains/ami/adapters/applications.js';
import { exportJobStatus, startExportJob, type ExportJobStatus } from '../../src/domains/ami/adapters/exports.js';
import { readFile } from '../../src/domains/ami/adapters/files.js';
import { decide, inviteExpert, recordOpinion } from '../../src/domains/ami/adapters/review.js';
import { saveSection } from '../../src/domains/ami/adapters/sections.js';
import { EXPORT_HEADER, exportApplications } from '../../src/domains/ami/use-cases/export-applications.js';
import { submitApplication } from '../../src/domains/ami/use-cases/submit-application.js';
import { loadActor } from '../../src/domains/identity/adapters/users.js';
import type { Actor } from '../../src/domains/identity/entities/role.js';
import { formatParisShort, parisParts } from '../../src/domains/shared/tabular-export.js';
import { DATABASE_TARGETS } from '../support/databases.js';
import { startTestApp, userIdByEmail, type TestApp } from '../support/test-app.js';

const CONFIDENTIAL = 'NOTE-CONFIDENTIELLE-EXPORT';
const EXPERT_NOTE = 'CONTRIBUTION-EXPERT-NON-CONFIDENTIELLE';
const INJECTION = '=HYPERLINK("https://evil.example","Conseil départemental")';

/** RFC 4180 with `;`: quoted fields may hold `;`, `""` and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ';') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

async function readXlsx(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

function rowsOf(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const out: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => out.push(EXPORT_HEADER.map((_, i) => row.getCell(i + 1).value)));
  return out;
}

/** Every text inside the XLSX package (shared strings, sheets…), to look for what must not be there. */
function xlsxText(bytes: Buffer): string {
  return Object.values(unzipSync(new Uint8Array(bytes))).map((entry) => strFromU8(entry)).join('\n');
}

describe.each(DATABASE_TARGETS)('exports of applications on $name', (target) => {
  let app: TestApp;
  const actors: Record<string, Actor> = {};
  let callId: number;
  const now = new Date();
  const ids: Record<string, number> = {};

  async function application(departementCode: string, lead: Actor, submit = true): Promise<number> {
    const created = await createApplication(app.deps.db, { callId, leadOrganisationId: lead.organisationId!, territory: { kind: 'departement', departementCode }, actor: lead, now });
    if (!created.ok) throw new Error(created.message);
    const version = (await loadSections(app.deps.db, created.id)).budget.version;
    const saved = await saveSection(app.deps.db, {
      applicationId: created.id,
      section: 'budget',
      content: { expenses: [{ category: 'animation_team', label: 'Équipe', year: 2027, amountCents: 50_000_001 }], stateGrantCents: 40_000_000, selfFundingCents: 10_000_001, coFunders: [] },
      baseVersion: version,
      actor: lead,
      now,
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    if (submit) {
      const result = await submitApplication(app.deps.db, { applicationId: created.id, actor: lead, now });
      if (!result.ok) throw new Error(JSON.stringify(result));
    }
    return created.id;
  }

  async function leadIn37(): Promise<Actor> {
    const db = app.deps.db;
    const org = await db
      .insertInto('organisation')
      .values({ name: INJECTION, siret: '77567227224553', kind: 'conseil_departemental', departement_code: '37', region_code: '24', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto('app_user')
      .values({ email: 'lea.martin@touraine.example', given_name: 'Léa', family_name: 'Martin', organisation_id: org.id, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('role_assignment').values({ user_id: user.id, role: 'lead_applicant', perimeter_kind: 'organisation', perimeter_code: String(org.id), created_at: now }).execute();
    return (await loadActor(db, user.id))!;
  }

  beforeAll(async () => {
    app = await startTestApp({ target, jobs: true });
    for (const [key, email] of Object.entries({
      isabelle: 'isabelle.roux@cd49.demo.test',
      antoine: 'antoine.morel@cd72.demo.test',
      sophie: 'sophie.garnier@prefecture49.demo.test',
      claire: 'claire.fontaine@prefecture52.demo.test',
      hugo: 'hugo.marchand@dreets52.demo.test',
      nadia: 'nadia.benali@dgefp.demo.test',
    })) {
      actors[key] = (await loadActor(app.deps.db, await userIdByEmail(app, email)))!;
    }
    actors.lea = await leadIn37();
    callId = (await app.deps.db.selectFrom('ami_call').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id;

    ids['49'] = await application('49', actors.isabelle!);
    ids['72'] = await application('72', actors.antoine!);
    ids['37'] = await application('37', actors.lea!);
    ids['53'] = await application('53', actors.isabelle!, false); // a draft of Isabelle's organisation

    const db = app.deps.db;
    const a49 = ids['49'];
    await recordOpinion(db, { applicationId: a49, actor: actors.sophie!, kind: 'departement_prefect', verdict: 'favourable', reasons: 'Consortium solide.', confidential: false, now });
    await inviteExpert(db, { applicationId: a49, expertEmail: 'hugo.marchand@dreets52.demo.test', dueOn: '2026-12-15', actor: actors.claire!, now });
    await recordOpinion(db, { applicationId: a49, actor: actors.hugo!, kind: 'expert', verdict: null, reasons: CONFIDENTIAL, confidential: true, now });
    await recordOpinion(db, { applicationId: a49, actor: actors.hugo!, kind: 'expert', verdict: null, reasons: EXPERT_NOTE, confidential: false, now });
    await recordOpinion(db, { applicationId: a49, actor: actors.claire!, kind: 'regional_prefect', verdict: 'reserve', reasons: 'À préciser.', confidential: false, now });
    await recordOpinion(db, { applicationId: a49, actor: actors.claire!, kind: 'collegial', verdict: 'favourable', reasons: 'Avis collégial favorable.', confidential: false, now });
    const decided = await decide(db, { applicationId: a49, decision: 'selected', reasons: 'Très bon projet; "exemplaire"\nsur deux lignes.', actor: actors.nadia!, now });
    expect(decided).toMatchObject({ ok: true });
  });
  afterAll(() => app.stop());

  const xlsxCodes = async (actor: Actor) => {
    const file = await exportApplications(app.deps.db, { callId, actor, format: 'xlsx', now });
    const rows = rowsOf(await readXlsx(file.bytes));
    expect(rows[0]).toEqual(EXPORT_HEADER);
    expect(file.rowCount).toBe(rows.length - 1);
    return rows.slice(1).map((r) => r[2]);
  };

  it('holds exactly the rows of the perimeter in the XLSX', async () => {
    expect(await xlsxCodes(actors.sophie!)).toEqual(['49']); // prefect of Maine-et-Loire
    expect(await xlsxCodes(actors.claire!)).toEqual(['49', '72']); // regional prefect of Pays de la Loire
    expect(await xlsxCodes(actors.nadia!)).toEqual(['37', '49', '72']); // national team: no drafts
    expect(await xlsxCodes(actors.isabelle!)).toEqual(['49', '53']); // its own organisation, draft included
    expect(await xlsxCodes(actors.hugo!)).toEqual(['49']); // the expert, on the application he is invited on
  });

  it('writes typed XLSX cells: amounts in euros from the cents, Paris time, opinions and decision', async () => {
    const file = await exportApplications(app.deps.db, { callId, actor: actors.nadia!, format: 'xlsx', now });
    expect(file.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.filename).toMatch(new RegExp(`^candidatures-appel-${callId}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const sheet = await readXlsx(file.bytes);
    const rows = rowsOf(sheet);
    const r49 = rows.find((r) => r[2] === '49')!;
    expect(r49.slice(0, 7)).toEqual([ids['49'], 'Maine-et-Loire', '49', 'Pays de la Loire', 'Conseil départemental de Maine-et-Loire', '22490001000014', 'Lauréate']);
    const p = parisParts(now);
    expect(r49[7]).toEqual(new Date(Date.UTC(p.year, p.month - 1, p.day, p.hours, p.minutes, p.seconds)));
    expect(r49.slice(8, 11)).toEqual([400_000, 100_000.01, 500_000.01]);
    expect(sheet.getRow(rows.indexOf(r49) + 1).getCell(9).numFmt).toBe(EURO_FORMAT);
    expect(r49.slice(11)).toEqual(['Favorable', 'Réservé', 'Favorable', 'Lauréate', 'Très bon projet; "exemplaire"\nsur deux lignes.']);
    // Formula injection: the organisation's name stays text.
    const r37 = rows.find((r) => r[2] === '37')!;
    expect(r37[4]).toBe(`'${INJECTION}`);
    expect(r37[3]).toBe('Centre-Val de Loire');
  });

  it('writes a CSV that French Excel opens: BOM, `;`, RFC 4180 quoting, neutralised formulas', async () => {
    const file = await exportApplications(app.deps.db, { callId, actor: actors.nadia!, format: 'csv', now });
    expect(file.mediaType).toBe('text/csv; charset=utf-8');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.bytes.toString('utf8').slice(1);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(EXPORT_HEADER);
    expect(rows.slice(1).map((r) => r[2])).toEqual(['37', '49', '72']);
    expect(rows.every((r) => r.length === EXPORT_HEADER.length)).toBe(true);
    const r49 = rows.find((r) => r[2] === '49')!;
    expect(r49[7]).toBe(formatParisShort(now));
    expect(r49.slice(8)).toEqual(['400000,00', '100000,01', '500000,01', 'Favorable', 'Réservé', 'Favorable', 'Lauréate', 'Très bon projet; "exemplaire"\nsur deux lignes.']);
    expect(rows.find((r) => r[2] === '37')![4]).toBe(`'${INJECTION}`);
    expect(text).not.toMatch(/(^|;)[=+\-@]/m);
  });

  it('gives the applicant no opinion column filled, but its decision', async () => {
    const file = await exportApplications(app.deps.db, { callId, actor: actors.isabelle!, format: 'csv', now });
    const r49 = parseCsv(file.bytes.toString('utf8').slice(1)).find((r) => r[2] === '49')!;
    expect(r49.slice(11)).toEqual(['', '', '', 'Lauréate', 'Très bon projet; "exemplaire"\nsur deux lignes.']);
  });

  it('never exports an expert contribution, confidential or not (AMI-21)', async () => {
    for (const actor of [actors.isabelle!, actors.claire!, actors.nadia!, actors.hugo!]) {
      const csv = await exportApplications(app.deps.db, { callId, actor, format: 'csv', now });
      const xlsx = await exportApplications(app.deps.db, { callId, actor, format: 'xlsx', now });
      for (const text of [csv.bytes.toString('utf8'), xlsxText(xlsx.bytes)]) {
        expect(text).not.toContain(CONFIDENTIAL);
        expect(text).not.toContain(EXPERT_NOTE);
      }
    }
  });

  it('runs a large export as a background job: state in pg-boss, progress and result in the database', async () => {
    const jobs = app.deps.jobs!;
    const { jobId } = await startExportJob(jobs, app.deps.db, { callId, actorUserId: actors.claire!.userId, format: 'xlsx', now });
    let status: ExportJobStatus | null = null;
    for (let i = 0; i < 300 && status?.state !== 'done' && status?.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = await exportJobStatus(jobs, app.deps.db, jobId, actors.claire!.userId);
    }
    expect(status).toMatchObject({ state: 'done', done: 2, total: 2, result: { rowCount: 2 } });
    const stored = (await readFile(app.deps.db, status!.result!.fileId))!;
    expect(rowsOf(await readXlsx(stored.bytes)).slice(1).map((r) => r[2])).toEqual(['49', '72']);
    // Nobody else follows or downloads it.
    expect(await exportJobStatus(jobs, app.deps.db, jobId, actors.sophie!.userId)).toBeNull();
  });
});
