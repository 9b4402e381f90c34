import { describe, expect, it } from 'vitest';
import { canonicalJson, chain, entryHash, verifyChain, type EntryBody, type HashedEntry } from '../../../governance/log-entry.ts';

describe('canonical JSON', () => {
  it.each<[string, unknown, string]>([
    ['sorts keys at every depth', { b: 1, a: { d: [3, 1], c: null } }, '{"a":{"c":null,"d":[3,1]},"b":1}'],
    ['keeps array order', [{ z: 1 }, { y: 2 }], '[{"z":1},{"y":2}]'],
    ['escapes strings as JSON does, non-ASCII kept as UTF-8', { s: 'münchen "quoted"\n' }, '{"s":"münchen \\"quoted\\"\\n"}'],
    ['sorts by UTF-16 code units (upper case first)', { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
    ['writes numbers in their shortest form', { n: 12.5, m: 0, k: -3 }, '{"k":-3,"m":0,"n":12.5}'],
    ['drops undefined members', { a: undefined, b: false }, '{"b":false}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses NaN and Infinity', () => {
    expect(() => canonicalJson({ n: NaN })).toThrow(/NaN/);
  });
});

const body = (n: number): EntryBody => ({ kind: 'applied', number: n, appliedAt: `2026-11-0${n}T10:00:00.000Z`, mastodonBlockId: String(n) });

function logOf(count: number): HashedEntry[] {
  const out: HashedEntry[] = [];
  for (let n = 1; n <= count; n++) out.push(chain(body(n), out.at(-1)));
  return out;
}

describe('hash chain', () => {
  it('numbers entries and links each to the one before', () => {
    const log = logOf(3);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(log[0]!.prevHash).toBeNull();
    expect(log[1]!.prevHash).toBe(log[0]!.hash);
    expect(log[2]!.hash).toBe(entryHash(log[2]!));
    expect(log[2]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('pins the hash of a known entry (the worked example of docs/LOG-FORMAT.md)', () => {
    // Computed independently: printf '%s' '<the canonical JSON below>' | sha256sum
    expect(chain(body(1), undefined).hash).toBe('aaba6185555f92e2ba5dc934cce360961be463643c00db0dfe6cd9c0f57621e9');
    expect(canonicalJson({ ...body(1), seq: 1, prevHash: null })).toBe(
      '{"appliedAt":"2026-11-01T10:00:00.000Z","kind":"applied","mastodonBlockId":"1","number":1,"prevHash":null,"seq":1}',
    );
  });

  it('finds an intact log intact', () => {
    const log = logOf(4);
    expect(verifyChain(log)).toEqual({ intact: true, entries: 4, head: log[3]!.hash });
    expect(verifyChain([])).toEqual({ intact: true, entries: 0, head: null });
  });

  it.each<[string, (log: HashedEntry[]) => HashedEntry[], string, number]>([
    ['a modified entry', (log) => log.map((e, i) => (i === 2 ? { ...e, mastodonBlockId: 'X' } as HashedEntry : e)), 'modified', 3],
    ['a removed entry', (log) => log.filter((_, i) => i !== 2), 'removed', 3],
    ['the first entry removed', (log) => log.slice(1), 'removed', 1],
    ['two entries swapped', (log) => [log[0]!, log[2]!, log[1]!, log[3]!, log[4]!], 'reordered', 2],
    ['an entry inserted', (log) => [log[0]!, log[1]!, chain(body(9), log[1]), ...log.slice(2)], 'inserted', 3],
    ['a modified entry rehashed', (log) => log.map((e, i) => (i === 1 ? chain(body(7), log[0]) : e)), 'removed', 3],
  ])('names %s', (_name, tamper, problem, position) => {
    const verdict = verifyChain(tamper(logOf(5)));
    expect(verdict).toMatchObject({ intact: false, problem, position });
  });
});
