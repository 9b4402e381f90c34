// Which m.policy.rule.server rules the log's blocks in force call for (the policy room is brought in line with these;
// sending them is tested against Synapse in test/e2e/publish-policy-room.test.ts).
import { describe, expect, it } from 'vitest';
import { ruleKeys, wantedRules } from '../../../bot/publish/policy-room.ts';
import { appendEntry, entriesOf } from '../../../bot/publish/log-writer.ts';
import { renderCsv } from '../../../bot/publish/formats.ts';
import { stageEntry } from '../../../governance/stage-entry.ts';
import { memoryStore } from '../storage/storage-fixtures.ts';
import { decide, sampleStore } from './publish-fixtures.ts';

describe('the policy rules', () => {
  it('are two m.ban rules per blocked domain (it and its subdomains), with stable state keys', () => {
    expect(ruleKeys('threads.net')).toEqual([
      ['fedimoot:threads.net', 'threads.net'],
      ['fedimoot:*.threads.net', '*.threads.net'],
    ]);
  });

  it('cover applied suspends and limits only: not lifted, obfuscated, rejected or unapplied decisions', () => {
    const store = sampleStore();
    decide(store, { domain: 'waiting.example' }, { apply: false });
    expect(Object.fromEntries(wantedRules(store))).toEqual({
      'fedimoot:threads.net': { entity: 'threads.net', recommendation: 'm.ban', reason: 'ads, "tracking", and <b>more</b>' },
      'fedimoot:*.threads.net': { entity: '*.threads.net', recommendation: 'm.ban', reason: 'ads, "tracking", and <b>more</b>' },
      'fedimoot:silenced.example': { entity: 'silenced.example', recommendation: 'org.fedimoot.limit', reason: 'spam' },
      'fedimoot:*.silenced.example': { entity: '*.silenced.example', recommendation: 'org.fedimoot.limit', reason: 'spam' },
    });
  });

  it('follow the decision applied last on a domain, and give a reason when there was no public one', () => {
    const store = memoryStore();
    decide(store, { domain: 'a.example' });
    decide(store, { domain: 'a.example', action: 'lift' });
    expect(wantedRules(store).size).toBe(0);
    const id = decide(store, { domain: 'a.example', action: 'limit' });
    expect(wantedRules(store).get('fedimoot:a.example')).toEqual({ entity: 'a.example', recommendation: 'org.fedimoot.limit', reason: `Decided by vote: proposal ${id}` });
  });

  it('follow a staged decision to its second stage once that is in force', () => {
    const store = memoryStore();
    const id = decide(store, { domain: 'c.example', action: 'limit' });
    store.plans.save(id, { secondStage: { action: 'suspend', afterMs: 30 * 86_400_000 } });
    expect(wantedRules(store).get('fedimoot:c.example')?.recommendation).toBe('org.fedimoot.limit');
    // As bot/stages applies it: the plan and the log's `stage` entry, which the policy room reads.
    expect(store.plans.finishStage(id, 'applied', Date.now())).toBe(true);
    appendEntry(store, id, stageEntry(id, 'suspend', Date.now(), { mastodonBlockId: 'b-stage' }));
    expect(wantedRules(store).get('fedimoot:c.example')?.recommendation).toBe('m.ban');
    expect(wantedRules(store).get('fedimoot:*.c.example')?.recommendation).toBe('m.ban');
  });

  it('say what was decided: a suspend is m.ban, a limit our own recommendation (never a ban), a lift no rule', () => {
    const store = memoryStore();
    decide(store, { domain: 'b.example', action: 'suspend', publicReason: 'harassment' });
    expect(Object.fromEntries(wantedRules(store))).toEqual({
      'fedimoot:b.example': { entity: 'b.example', recommendation: 'm.ban', reason: 'harassment' },
      'fedimoot:*.b.example': { entity: '*.b.example', recommendation: 'm.ban', reason: 'harassment' },
    });
    // Softened to a limit: the same state keys now carry the limit.
    decide(store, { domain: 'b.example', action: 'limit', publicReason: 'softened' });
    expect(Object.fromEntries(wantedRules(store))).toEqual({
      'fedimoot:b.example': { entity: 'b.example', recommendation: 'org.fedimoot.limit', reason: 'softened' },
      'fedimoot:*.b.example': { entity: '*.b.example', recommendation: 'org.fedimoot.limit', reason: 'softened' },
    });
    decide(store, { domain: 'b.example', action: 'lift' });
    expect(wantedRules(store).size).toBe(0);
  });

  it('name the same blocks as the public CSV, at the same severity: both read the published log', () => {
    const store = sampleStore();
    const id = decide(store, { domain: 'c.example', action: 'limit' });
    store.plans.save(id, { secondStage: { action: 'suspend', afterMs: 30 * 86_400_000 } });
    store.plans.finishStage(id, 'applied', Date.now());
    appendEntry(store, id, stageEntry(id, 'suspend', Date.now(), { mastodonBlockId: 'b-stage' }));
    const csv = renderCsv(entriesOf(store)).trim().split('\n').slice(1).map((row) => row.split(',').slice(0, 2).join(' '));
    const rules = [...wantedRules(store).values()].filter((r) => !r.entity.startsWith('*.')).map((r) => `${r.entity} ${r.recommendation === 'm.ban' ? 'suspend' : 'silence'}`);
    expect(rules.sort()).toEqual(csv.sort());
    expect(csv).toContain('c.example suspend');
  });
});
