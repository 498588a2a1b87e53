/**
 * A catalogue record as data·inclusion v1 has it (issue 6 §1, §3): exactly the properties of the
 * official schema, in its order, `null` where the producer gave nothing (the schemas' default). The
 * database columns bear the same names, so a row and a record map field by field.
 */
import { SERVICE_FIELDS, STRUCTURE_FIELDS, type RecordKind } from './record-validation.js';

export type CatalogueRecord = Record<string, unknown> & { id: string };

export const FIELDS: Record<RecordKind, readonly string[]> = { structure: STRUCTURE_FIELDS, service: SERVICE_FIELDS };

/** The record of a row: the schema's properties only, empty lists and absent values as `null`. */
export function recordOf(kind: RecordKind, row: Record<string, unknown>): CatalogueRecord {
  const record: Record<string, unknown> = {};
  for (const name of FIELDS[kind]) {
    const value = row[name];
    record[name] = value === undefined || (Array.isArray(value) && value.length === 0) ? null : value instanceof Date ? value.toISOString().slice(0, 10) : value;
  }
  return record as CatalogueRecord;
}

/** The columns of a (validated) record: the schema's properties, absent ones as `null`. */
export function columnsOf(kind: RecordKind, record: Record<string, unknown>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const name of FIELDS[kind]) {
    const value = record[name];
    columns[name] = value === undefined || (Array.isArray(value) && value.length === 0) ? null : value;
  }
  return columns;
}

/** Whether a stored row already says what a record says (then an import leaves it alone). */
export function sameContent(kind: RecordKind, row: Record<string, unknown>, record: Record<string, unknown>): boolean {
  const stored = recordOf(kind, row);
  const incoming = recordOf(kind, record);
  return FIELDS[kind].every((name) => JSON.stringify(stored[name]) === JSON.stringify(incoming[name]));
}
