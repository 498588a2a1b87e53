/**
 * What changed between two versions of a section, field by field, in words a person can read:
 * shown when a save based on a stale version is refused (co-editing without lost updates).
 */
export interface FieldChange {
  path: string;
  before: string;
  after: string;
}

function leaves(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(prefix, '');
    for (const [k, v] of entries) leaves(v, prefix ? `${prefix} › ${k}` : k, out);
    return;
  }
  out.set(prefix, value === null || value === undefined ? '' : String(value));
}

export function diffSection(before: unknown, after: unknown): FieldChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(before, '', a);
  leaves(after, '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((p) => (a.get(p) ?? '') !== (b.get(p) ?? ''))
    .map((p) => ({ path: p, before: a.get(p) ?? '', after: b.get(p) ?? '' }));
}
