import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, normaliseSummary, hashAuditEntry, verifyAuditChain, type ChainedAuditEntry } from './audit-chain.js';

function chain(n: number): ChainedAuditEntry[] {
  const out: ChainedAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = {
      occurredAt: new Date(Date.UTC(2026, 10, 27, 10, 0, i)),
      actorUserId: i,
      actorLabel: `Agent ${i}`,
      action: 'organisation.view',
      objectType: 'organisation',
      objectId: String(i),
      summary: { b: 2, a: [1, { z: 1, y: 2 }] },
    };
    const hash = hashAuditEntry(prev, content);
    out.push({ ...content, id: i, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit chain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyAuditChain(chain(5))).toEqual({ intact: true, count: 5 });
  });

  it('finds the row whose content was altered', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, actorLabel: 'Quelqu’un d’autre' };
    expect(verifyAuditChain(rows)).toMatchObject({ intact: false, brokenAtId: 3 });
  });

  it('finds a removed row', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyAuditChain(rows)).toMatchObject({ intact: false, brokenAtId: 3 });
  });

  it('normalises a summary to what the database gives back: dates as text, no NUL, no lone surrogate', () => {
    expect(normaliseSummary({ at: new Date('2026-11-27T10:00:00Z'), gone: undefined, text: 'a\u0000b\uD800c', ok: 'é😀' })).toEqual({
      at: '2026-11-27T10:00:00.000Z',
      text: 'ab\uFFFDc',
      ok: 'é😀',
    });
  });

  it('does not depend on key order in the summary', () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe(canonicalJson({ a: { c: 2, d: 1 }, b: 1 }));
  });
});
