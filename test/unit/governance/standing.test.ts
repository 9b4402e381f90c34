// What stands per domain, folded from log entries built as the bot builds them (governance/log-entry.ts).
import { describe, expect, it } from 'vitest';
import { domainDigest, obfuscateDomain } from '../../../governance/domain.ts';
import { appliedEntry, decisionEntry, type DecisionFacts, type EntryBody } from '../../../governance/log-entry.ts';
import { stageEntry } from '../../../governance/stage-entry.ts';
import { foldStanding, standsInForce } from '../../../governance/standing.ts';

const T0 = Date.parse('2026-01-10T12:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A log written in order: each call appends the entries it names. */
function log() {
  const entries: EntryBody[] = [];
  const api = {
    entries,
    decide(number: number, domain: string, extra: Partial<DecisionFacts> = {}) {
      const facts: DecisionFacts = {
        number, domain, action: 'suspend', rejectMedia: false, rejectReports: false, obfuscate: false, publicEvidence: [],
        proposer: '@ann:test', closedAt: T0 + number * DAY, outcome: 'approved', imported: false, ...extra,
      };
      entries.push(decisionEntry(facts, entries));
      return api;
    },
    apply(number: number, at = T0 + number * DAY + 60_000) {
      entries.push(appliedEntry(number, at, `b${number}`));
      return api;
    },
    stage(number: number, result: { supersededBy: number } | { mastodonBlockId: string }, at = T0 + 40 * DAY) {
      entries.push(stageEntry(number, 'suspend', at, result));
      return api;
    },
  };
  return api;
}

const of = (entries: EntryBody[], domain: string) => foldStanding(entries).get(domainDigest(domain));

describe('what stands per domain', () => {
  it('is the decision applied last: a block, then its lift leaves nothing in force', () => {
    const l = log().decide(1, 'a.example').apply(1);
    expect(of(l.entries, 'a.example')?.inForce).toEqual({ number: 1, domain: 'a.example', obfuscated: false, imported: false, action: 'suspend', since: iso(T0 + DAY + 60_000) });
    l.decide(2, 'a.example', { action: 'lift' }).apply(2);
    expect(of(l.entries, 'a.example')).toMatchObject({ decided: { number: 2, action: 'lift' } });
    expect(of(l.entries, 'a.example')?.inForce).toBeUndefined();
    expect(standsInForce(foldStanding(l.entries))).toEqual([]);
  });

  it('keeps the applied block in force while a newer decision waits to be applied, and counts only approved ones', () => {
    const l = log().decide(1, 'a.example').apply(1).decide(2, 'a.example', { action: 'limit' }).decide(3, 'a.example', { action: 'lift', outcome: 'rejected' });
    const standing = of(l.entries, 'a.example')!;
    expect(standing.decided).toMatchObject({ number: 2, action: 'limit' });
    expect(standing.decided.since).toBeUndefined();
    expect(standing.inForce).toMatchObject({ number: 1, action: 'suspend' });
  });

  it('follows a staged decision to its second stage once that was applied', () => {
    const l = log().decide(1, 'a.example', { action: 'limit', secondStage: { action: 'suspend', afterMs: 30 * DAY } }).apply(1);
    expect(of(l.entries, 'a.example')?.inForce?.action).toBe('limit');
    l.stage(1, { mastodonBlockId: 'b1' });
    expect(of(l.entries, 'a.example')?.inForce).toMatchObject({ number: 1, action: 'suspend', since: iso(T0 + DAY + 60_000), stageSince: iso(T0 + 40 * DAY) });
    expect(of(l.entries, 'a.example')?.decided.action).toBe('suspend');
  });

  it('leaves a superseded second stage out: the later vote stands', () => {
    const l = log()
      .decide(1, 'a.example', { action: 'limit', secondStage: { action: 'suspend', afterMs: 30 * DAY } }).apply(1)
      .decide(2, 'a.example', { action: 'limit', rejectMedia: true }).stage(1, { supersededBy: 2 }, T0 + 2 * DAY);
    expect(of(l.entries, 'a.example')).toMatchObject({ decided: { number: 2, action: 'limit' }, inForce: { number: 1, action: 'limit' } });
    l.apply(2);
    expect(of(l.entries, 'a.example')?.inForce).toMatchObject({ number: 2, action: 'limit' });
    expect(of(l.entries, 'a.example')?.inForce?.stageSince).toBeUndefined();
  });

  it('counts a block recorded by `fedimoot import` as in force, and says it was imported', () => {
    const l = log().decide(1, 'old.example', { action: 'limit', imported: true, proposer: 'fedimoot import' }).apply(1, T0 + DAY);
    expect(standsInForce(foldStanding(l.entries))).toEqual([{ number: 1, domain: 'old.example', obfuscated: false, imported: true, action: 'limit', since: iso(T0 + DAY) }]);
  });

  it('keys an obfuscated decision by its digest and names it only in its obfuscated form', () => {
    const l = log().decide(1, 'hidden.example', { obfuscate: true }).apply(1).decide(2, 'other.example').apply(2);
    const hidden = of(l.entries, 'hidden.example')!;
    expect(hidden.inForce).toMatchObject({ number: 1, obfuscated: true, domain: obfuscateDomain('hidden.example') });
    expect(JSON.stringify([...foldStanding(l.entries).values()])).not.toContain('hidden.example');
    expect(standsInForce(foldStanding(l.entries)).map((s) => s.number)).toEqual([1, 2]);
  });

  it('ignores entries about a decision it has not seen, and domains with no approved decision', () => {
    const l = log().apply(7).stage(7, { mastodonBlockId: 'x' }).decide(1, 'a.example', { outcome: 'no_quorum' });
    expect(foldStanding(l.entries).size).toBe(0);
  });
});
