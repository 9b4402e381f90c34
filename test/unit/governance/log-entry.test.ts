import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  appliedEntry,
  canonicalJson,
  chain,
  checkHead,
  decisionEntry,
  entryHash,
  verifyChain,
  type DecisionFacts,
  type EntryBody,
  type HashedEntry,
} from '../../../governance/log-entry.ts';

const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

describe('canonical JSON', () => {
  it.each<[string, unknown, string]>([
    ['sorts keys at every depth', { b: 1, a: { d: [3, 1], c: null } }, '{"a":{"c":null,"d":[3,1]},"b":1}'],
    ['keeps array order', [{ z: 1 }, { y: 2 }], '[{"z":1},{"y":2}]'],
    ['sorts by UTF-16 code units (upper case first)', { b: 1, B: 2, a: 3, _: 4 }, '{"B":2,"_":4,"a":3,"b":1}'],
    ['sorts a key before its extensions', { ab: 1, a: 2 }, '{"a":2,"ab":1}'],
    ['writes no whitespace', { a: [1, { b: 'x y' }] }, '{"a":[1,{"b":"x y"}]}'],
    ['keeps non-ASCII as itself', { s: 'münchen — 日本 🐘' }, '{"s":"münchen — 日本 🐘"}'],
    ['escapes quote and backslash', { s: 'a "b" \\c' }, '{"s":"a \\"b\\" \\\\c"}'],
    ['uses the short escapes', { s: '\b\t\n\f\r' }, '{"s":"\\b\\t\\n\\f\\r"}'],
    ['writes other control characters as lowercase \\u00XX', { s: '\u0000\u001f\u007f' }, '{"s":"\\u0000\\u001f\u007f"}'],
    ['keeps / and U+2028 as themselves', { s: 'a/b\u2028' }, '{"s":"a/b\u2028"}'],
    ['escapes a lone surrogate', { s: '\ud800' }, '{"s":"\\ud800"}'],
    ['writes integers plainly', { n: 0, m: -3, k: 9007199254740991 }, '{"k":9007199254740991,"m":-3,"n":0}'],
    ['writes decimals in their shortest form', { n: 12.5, m: 0.1, k: 33.333333333333336 }, '{"k":33.333333333333336,"m":0.1,"n":12.5}'],
    ['writes -0 as 0 and 2.0 as 2', { a: -0, b: 2.0 }, '{"a":0,"b":2}'],
    ['writes booleans and null', { t: true, f: false, n: null }, '{"f":false,"n":null,"t":true}'],
    ['drops undefined members', { a: undefined, b: false }, '{"b":false}'],
    ['writes empty containers', { a: [], o: {} }, '{"a":[],"o":{}}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([NaN, Infinity, -Infinity])('refuses %s', (n) => {
    expect(() => canonicalJson({ n })).toThrow(/NaN or Infinity/);
  });
});

const body = (n: number): EntryBody => appliedEntry(n, Date.UTC(2026, 10, n, 10), String(n));

function logOf(count: number): HashedEntry[] {
  const out: HashedEntry[] = [];
  for (let n = 1; n <= count; n++) out.push(chain(body(n), out.at(-1)));
  return out;
}

describe('the hash of an entry', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'an applied entry',
      { kind: 'applied', number: 1, appliedAt: '2026-11-01T10:00:00.000Z', mastodonBlockId: '1', seq: 1, prevHash: null },
      '{"appliedAt":"2026-11-01T10:00:00.000Z","kind":"applied","mastodonBlockId":"1","number":1,"prevHash":null,"seq":1}',
    ],
    [
      'an entry with non-ASCII text (hashed as UTF-8)',
      { kind: 'applied', number: 2, appliedAt: 'ä', mastodonBlockId: null, seq: 2, prevHash: 'f'.repeat(64) },
      `{"appliedAt":"ä","kind":"applied","mastodonBlockId":null,"number":2,"prevHash":"${'f'.repeat(64)}","seq":2}`,
    ],
  ])('of %s is SHA-256 over its canonical JSON without "hash"', (_name, entry, canonical) => {
    expect(canonicalJson(entry)).toBe(canonical);
    expect(entryHash(entry)).toBe(sha256(canonical));
    expect(entryHash({ ...entry, hash: 'ignored' })).toBe(sha256(canonical));
  });

  it('pins a known hash (computed independently with sha256sum)', () => {
    expect(chain(body(1), undefined).hash).toBe('aaba6185555f92e2ba5dc934cce360961be463643c00db0dfe6cd9c0f57621e9');
  });

  it('matches the worked example of docs/LOG-FORMAT.md', () => {
    const doc = readFileSync(new URL('../../../docs/LOG-FORMAT.md', import.meta.url), 'utf8');
    const example = doc.slice(doc.indexOf('### Worked example'));
    const entries = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(example)![1]!) as HashedEntry[];
    const canonical = /```text\n([\s\S]*?)\n```/.exec(example)![1]!.split('\n');
    expect(entries).toHaveLength(2);
    entries.forEach((entry, i) => {
      const { hash, ...rest } = entry;
      expect(canonicalJson(rest)).toBe(canonical[i]);
      expect(sha256(canonical[i]!)).toBe(hash);
      expect(example).toContain(hash);
    });
    expect(verifyChain(entries)).toMatchObject({ intact: true, entries: 2 });
  });
});

describe('a decision entry', () => {
  const facts: DecisionFacts = {
    number: 7,
    domain: 'threads.net',
    action: 'limit',
    rejectMedia: true,
    rejectReports: false,
    obfuscate: false,
    publicReason: 'ads',
    publicEvidence: ['https://a.example/1'],
    proposer: '@a:example.social',
    openedAt: Date.UTC(2026, 0, 1),
    closedAt: Date.UTC(2026, 0, 8),
    rules: { quorum: { minVoters: 3, minTurnoutPercent: 12.5 }, thresholds: { suspend: { numerator: 2, denominator: 3 }, limit: { numerator: 3, denominator: 5 }, lift: { numerator: 1, denominator: 2 } } },
    tally: { yes: 3, no: 1, abstain: 0, spoiled: 0, eligible: 9, cast: 4 },
    outcome: 'approved',
    resultLine: 'Proposal 7 (limit threads.net): approved — yes 3',
    imported: false,
  };
  const earlier = (n: number, outcome: 'approved' | 'rejected', domain = 'threads.net'): EntryBody => decisionEntry({ ...facts, number: n, outcome, domain }, []);

  it('carries the public facts and the rules of its action', () => {
    expect(decisionEntry(facts, [])).toEqual({
      kind: 'decision', number: 7, domain: 'threads.net', domainDigest: sha256('threads.net'), obfuscated: false, action: 'limit',
      rejectMedia: true, rejectReports: false, reason: 'ads', evidence: ['https://a.example/1'], proposer: '@a:example.social',
      openedAt: '2026-01-01T00:00:00.000Z', closedAt: '2026-01-08T00:00:00.000Z', quorum: { minVoters: 3, minTurnoutPercent: 12.5 },
      threshold: '3/5', tally: { yes: 3, no: 1, abstain: 0, spoiled: 0, eligible: 9, cast: 4 }, outcome: 'approved',
      resultLine: 'Proposal 7 (limit threads.net): approved — yes 3', supersedes: null, imported: false,
    });
  });

  it('obfuscates the domain everywhere, keeping the digest of the real one', () => {
    const entry = decisionEntry({ ...facts, obfuscate: true, publicReason: 'Threads.net ads', publicEvidence: ['https://a.example/1', 'https://www.threads.net/@x/1'] }, []);
    expect(entry.domain).toMatch(/\*/);
    expect(entry.reason).toBe(`${entry.domain} ads`);
    expect(entry.evidence).toEqual(['https://a.example/1']);
    expect(entry.resultLine).toBe(`Proposal 7 (limit ${entry.domain}): approved — yes 3`);
    expect(entry.domainDigest).toBe(sha256('threads.net'));
    expect(canonicalJson(entry)).not.toContain('threads.net');
  });

  it.each<[string, EntryBody[], DecisionFacts['outcome'], number | null]>([
    ['nothing earlier', [], 'approved', null],
    ['the latest earlier approved decision on the domain', [earlier(1, 'approved'), earlier(2, 'rejected'), earlier(3, 'approved'), earlier(4, 'rejected')], 'approved', 3],
    ['not a decision on another domain', [earlier(1, 'approved', 'other.example')], 'approved', null],
    ['nothing when this one was rejected', [earlier(1, 'approved')], 'rejected', null],
  ])('supersedes %s', (_name, log, outcome, expected) => {
    expect(decisionEntry({ ...facts, outcome }, log).supersedes).toBe(expected);
  });

  it('has nulls where there was no vote (an import, or a proposal withdrawn before opening)', () => {
    const entry = decisionEntry({ ...facts, openedAt: undefined, rules: undefined, tally: undefined, resultLine: undefined, outcome: 'withdrawn' }, []);
    expect(entry).toMatchObject({ openedAt: null, quorum: null, threshold: null, tally: null, resultLine: null, outcome: 'withdrawn' });
  });
});

describe('verifying the chain', () => {
  it('finds an intact log intact', () => {
    const log = logOf(4);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(log[1]!.prevHash).toBe(log[0]!.hash);
    expect(verifyChain(log)).toEqual({ intact: true, entries: 4, head: log[3]!.hash });
    expect(verifyChain([])).toEqual({ intact: true, entries: 0, head: null });
  });

  type Tamper = (log: HashedEntry[]) => unknown[];
  const forged = (n: number, after: { seq: number; hash: string } | undefined, seq?: number): HashedEntry => {
    const entry = chain(body(n), after);
    if (seq === undefined) return entry;
    const { hash: _h, ...rest } = { ...entry, seq };
    return { ...rest, hash: entryHash(rest) } as HashedEntry;
  };
  it.each<[string, Tamper, string, number, RegExp]>([
    ['a changed field', (l) => l.map((e, i) => (i === 2 ? { ...e, mastodonBlockId: 'X' } : e)), 'modified', 3, /entry 3 \(seq 3\) was changed after it was hashed/],
    ['a changed hash', (l) => l.map((e, i) => (i === 0 ? { ...e, hash: 'a'.repeat(64) } : e)), 'modified', 1, /changed/],
    ['something that is not an entry', (l) => [l[0], 'junk', ...l.slice(1)], 'modified', 2, /not a log entry/],
    ['an entry changed and rehashed', (l) => [l[0], forged(7, l[0]), ...l.slice(2)], 'modified', 2, /entry 2 \(seq 2\) stands in its place: it was changed and rehashed/],
    ['the first entry removed', (l) => l.slice(1), 'removed', 1, /missing \(seq 1\)/],
    ['a middle entry removed', (l) => [l[0], l[1], l[3], l[4]], 'removed', 3, /entry 3 \(seq 4\) follows is missing \(seq 3\)/],
    ['two entries removed', (l) => [l[0], l[3], l[4]], 'removed', 2, /missing \(seq 2–3\)/],
    ['two neighbours swapped', (l) => [l[0], l[2], l[1], l[3], l[4]], 'reordered', 2, /entry 2 \(seq 3\) follows entry 3 \(seq 2\), which comes after it/],
    ['the first two swapped', (l) => [l[1], l[0], ...l.slice(2)], 'reordered', 1, /reordered/],
    ['an entry moved to the end', (l) => [l[0], l[2], l[3], l[4], l[1]], 'reordered', 2, /reordered/],
    ['an entry inserted, chained to the one before', (l) => [l[0], l[1], forged(9, l[1]), ...l.slice(2)], 'inserted', 3, /entry 4 \(seq 3\) follows entry 2 \(seq 2\): entry 3 \(seq 3\) was inserted/],
    ['two entries inserted', (l) => { const x = forged(8, l[1]); return [l[0], l[1], x, forged(9, x), ...l.slice(2)]; }, 'inserted', 3, /entries 3–4 were inserted/],
    ['an entry inserted with a made-up link', (l) => [l[0], l[1], forged(9, { seq: 2, hash: 'b'.repeat(64) }), ...l.slice(2)], 'inserted', 3, /does not belong: entry 4 \(seq 3\) follows entry 2/],
    ['an entry put in front', (l) => [forged(9, undefined), ...l], 'inserted', 1, /the entry before it was put in front/],
    ['an entry repeated', (l) => [l[0], l[1], l[1], ...l.slice(2)], 'inserted', 3, /second copy of entry 2/],
  ])('names %s', (_name, tamper, problem, position, explanation) => {
    const verdict = verifyChain(tamper(logOf(5)));
    expect(verdict).toMatchObject({ intact: false, problem, position });
    expect(verdict.intact ? '' : verdict.explanation).toMatch(explanation);
  });

  it('cannot see a log cut short at its end, but the document head or a known head shows it', () => {
    const log = logOf(5);
    const cut = log.slice(0, 3);
    expect(verifyChain(cut)).toMatchObject({ intact: true });
    expect(checkHead(cut, cut[2]!.hash, 'document')).toBeUndefined();
    expect(checkHead(cut, log[4]!.hash, 'document')).toMatchObject({ problem: 'removed', position: 4 });
    expect(checkHead(log, log[2]!.hash, 'document')).toMatchObject({ problem: 'inserted', position: 4, seq: 4 });
    expect(checkHead(log, log[2]!.hash, 'known')).toBeUndefined();
    expect(checkHead(cut, log[4]!.hash, 'known')).toMatchObject({ problem: 'removed', explanation: expect.stringMatching(/cut short or rewritten/) });
  });
});
