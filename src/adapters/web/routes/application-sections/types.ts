/** A section form: how to show it from stored content or typed input, and how to read it back. */
import type { SectionKey } from '../../../../domains/ami/entities/application-content.js';

/** The raw form as typed: flat field names → text (lists are numbered: `expense-0-label`). */
export type RawForm = Record<string, string | string[]>;
export type FieldErrors = Record<string, string>;

export interface SectionForm<T> {
  key: SectionKey;
  /** The stored content as the form's raw values. */
  toRaw(content: T): RawForm;
  /** Reads the typed form: the content when valid, else the errors by field name. */
  parse(raw: RawForm): { ok: true; content: T } | { ok: false; errors: FieldErrors };
  /** The fields, showing `raw` values and `errors` next to each field. `extraRows` adds empty lines to lists. */
  Fields(props: { raw: RawForm; errors: FieldErrors; extraRows: number; readOnly: boolean }): JSX.Element;
  /** Readable names of the stored content's paths, for the "what the other person changed" box. */
  labels: Record<string, string>;
}

export const text = (raw: RawForm, name: string): string => {
  const v = raw[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

export const list = (raw: RawForm, name: string): string[] => {
  const v = raw[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

/**
 * The row indexes present in a raw form for a list prefix (`expense-3-…` → 3). Stored rows are 0…199,
 * the empty rows offered for new lines are 1000…1019: four digits must be read.
 */
export function rowIndexes(raw: RawForm, prefix: string): number[] {
  const found = new Set<number>();
  for (const name of Object.keys(raw)) {
    const m = new RegExp(`^${prefix}-(\\d{1,4})-`).exec(name);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

export function rowIsEmpty(raw: RawForm, prefix: string, index: number): boolean {
  return Object.entries(raw).every(([name, value]) => !name.startsWith(`${prefix}-${index}-`) || (Array.isArray(value) ? value.length === 0 : value.trim() === ''));
}
