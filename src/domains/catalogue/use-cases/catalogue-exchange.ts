/**
 * Import and export of a territory's catalogue in the data·inclusion v1 format (issue 6 §3):
 * - import: each record is checked against the official schema; an invalid one is reported with its
 *   reasons and skipped, a valid one created, or updated when its content changed, or left alone when
 *   it says nothing new — so importing an export again changes nothing;
 * - export: the space's structures and published services, each an exact data·inclusion record.
 */
import type { Insertable, Kysely } from 'kysely';
import type { CatalogueServiceTable, CatalogueStructureTable, Database } from '../../../adapters/db/schema.js';
import { recordAudit } from '../../audit/adapters/audit-trail.js';
import type { Actor } from '../../identity/entities/role.js';
import { columnsOf, recordOf, sameContent, type CatalogueRecord } from '../entities/catalogue-record.js';
import { validateRecord, type RecordKind } from '../entities/record-validation.js';

export interface CatalogueExport {
  structures: CatalogueRecord[];
  services: CatalogueRecord[];
}

export interface ImportCount {
  created: number;
  updated: number;
  unchanged: number;
}

export interface CatalogueImportReport {
  structures: ImportCount;
  services: ImportCount;
  /** Each skipped record: its kind, its place in the file (from 1), its id if any, and why. */
  rejected: { kind: RecordKind; position: number; id: string | null; reasons: string[] }[];
}

export type CatalogueImportResult = { ok: true; report: CatalogueImportReport } | { ok: false; message: string };

function asList(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : value === undefined ? [] : null;
}

export async function importCatalogue(db: Kysely<Database>, input: { spaceId: number; data: unknown; actor: Actor; now: Date }): Promise<CatalogueImportResult> {
  const data = input.data as { structures?: unknown; services?: unknown } | null;
  const structures = data && typeof data === 'object' ? asList(data.structures) : null;
  const services = data && typeof data === 'object' ? asList(data.services) : null;
  if (!structures || !services || structures.length + services.length === 0) {
    return { ok: false, message: 'Le fichier doit être un export data·inclusion : un objet JSON avec les listes « structures » et « services ».' };
  }
  const report: CatalogueImportReport = { structures: { created: 0, updated: 0, unchanged: 0 }, services: { created: 0, updated: 0, unchanged: 0 }, rejected: [] };
  const reject = (kind: RecordKind, position: number, record: unknown, reasons: string[]) => {
    const id = record && typeof record === 'object' && typeof (record as { id?: unknown }).id === 'string' ? (record as { id: string }).id : null;
    report.rejected.push({ kind, position, id, reasons });
  };
  await db.transaction().execute(async (trx) => {
    const known = new Set<string>();
    for (const [index, record] of structures.entries()) {
      const check = validateRecord('structure', record);
      if (!check.ok) {
        reject('structure', index + 1, record, check.errors);
        continue;
      }
      const r = record as CatalogueRecord;
      const existing = await trx.selectFrom('catalogue_structure').selectAll().where('id', '=', r.id).executeTakeFirst();
      if (existing && existing.space_id !== input.spaceId) {
        reject('structure', index + 1, record, [`id : la structure « ${r.id} » appartient au catalogue d’un autre territoire`]);
        continue;
      }
      known.add(r.id);
      const columns = columnsOf('structure', r) as Omit<Insertable<CatalogueStructureTable>, 'space_id' | 'created_at' | 'updated_at'>;
      if (!existing) {
        await trx.insertInto('catalogue_structure').values({ ...columns, space_id: input.spaceId, created_at: input.now, updated_at: input.now }).execute();
        report.structures.created++;
      } else if (sameContent('structure', existing, r)) {
        report.structures.unchanged++;
      } else {
        await trx.updateTable('catalogue_structure').set({ ...columns, updated_at: input.now }).where('id', '=', r.id).execute();
        report.structures.updated++;
      }
    }
    for (const [index, record] of services.entries()) {
      const check = validateRecord('service', record);
      if (!check.ok) {
        reject('service', index + 1, record, check.errors);
        continue;
      }
      const r = record as CatalogueRecord & { structure_id: string };
      if (!known.has(r.structure_id)) {
        const structure = await trx.selectFrom('catalogue_structure').select('space_id').where('id', '=', r.structure_id).executeTakeFirst();
        if (!structure || structure.space_id !== input.spaceId) {
          reject('service', index + 1, record, [`structure_id : la structure « ${r.structure_id} » n’est ni dans le fichier ni dans le catalogue du territoire`]);
          continue;
        }
        known.add(r.structure_id);
      }
      const existing = await trx.selectFrom('catalogue_service').selectAll().where('id', '=', r.id).executeTakeFirst();
      if (existing && existing.space_id !== input.spaceId) {
        reject('service', index + 1, record, [`id : le service « ${r.id} » appartient au catalogue d’un autre territoire`]);
        continue;
      }
      const columns = columnsOf('service', r) as Omit<Insertable<CatalogueServiceTable>, 'space_id' | 'reviewed_at' | 'created_at' | 'updated_at'>;
      if (!existing) {
        await trx
          .insertInto('catalogue_service')
          .values({ ...columns, space_id: input.spaceId, reviewed_at: input.now, created_at: input.now, updated_at: input.now, updated_by: input.actor.userId })
          .execute();
        report.services.created++;
      } else if (sameContent('service', existing, r)) {
        report.services.unchanged++;
      } else {
        await trx.updateTable('catalogue_service').set({ ...columns, reviewed_at: input.now, updated_at: input.now, updated_by: input.actor.userId }).where('id', '=', r.id).execute();
        report.services.updated++;
      }
    }
    await recordAudit(trx, {
      actorUserId: input.actor.userId,
      actorLabel: input.actor.displayName,
      action: 'catalogue.import',
      objectType: 'space',
      objectId: input.spaceId,
      summary: { structures: report.structures, services: report.services, rejected: report.rejected.length },
    }, input.now);
  });
  return { ok: true, report };
}

/** The space's catalogue as data·inclusion v1: its structures, and its published services. */
export async function exportCatalogue(db: Kysely<Database>, spaceId: number): Promise<CatalogueExport> {
  const [structures, services] = await Promise.all([
    db.selectFrom('catalogue_structure').selectAll().where('space_id', '=', spaceId).orderBy('id').execute(),
    db.selectFrom('catalogue_service').selectAll().where('space_id', '=', spaceId).where('status', '=', 'published').orderBy('id').execute(),
  ]);
  return { structures: structures.map((s) => recordOf('structure', s)), services: services.map((s) => recordOf('service', s)) };
}
