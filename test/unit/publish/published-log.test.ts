// The published forms of the log, built from real stored proposals through the log writer.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryStore, openProposal, T0 } from '../storage/storage-fixtures.ts';
import { entriesOf, logApplied, logProposal } from '../../../bot/publish/log-writer.ts';
import { CSV_HEADER, renderAtom, renderCsv, renderJson, renderMarkdown } from '../../../bot/publish/formats.ts';
import { renderHtml } from '../../../bot/publish/html.ts';
import { verifyChain, type HashedEntry } from '../../../governance/log-entry.ts';
import type { Store } from '../../../storage/store.ts';
import type { NewProposal } from '../../../storage/proposals.ts';

const RULES = { quorum: { minVoters: 1, minTurnoutPercent: 0 }, thresholds: { suspend: { numerator: 2, denominator: 3 }, limit: { numerator: 1, denominator: 2 }, lift: { numerator: 1, denominator: 2 } } };
const SECRET = 'SECRET-staff-only-comment';
const PRIVATE_URL = 'https://private.example/evidence';

function decide(store: Store, overrides: Partial<NewProposal>, outcome: 'approved' | 'rejected', apply: boolean, yes = 5, no = 1): number {
  const p = openProposal(store, [], { privateComment: SECRET, evidence: [{ url: 'https://public.example/report', visibility: 'public' }, { url: PRIVATE_URL, visibility: 'private' }], ...overrides });
  const tally = { yes, no, abstain: 1, spoiled: 0, eligible: 10, cast: yes + no + 1 };
  store.proposals.setState(p.id, 'open', 'closed', { closedAt: T0 + 1000 * p.id, rules: RULES });
  store.proposals.setState(p.id, 'closed', outcome, { outcome, tally, resultLine: `Proposal ${p.id} (${p.action} ${p.domain}): ${outcome} — yes ${yes} · no ${no}` });
  logProposal(store, store.proposals.get(p.id)!);
  if (apply) {
    store.proposals.setState(p.id, outcome, 'applied', { appliedAt: T0 + 5000 * p.id, mastodonBlockId: `b${p.id}` });
    logApplied(store, store.proposals.get(p.id)!);
  }
  return p.id;
}

function sampleLog(): HashedEntry[] {
  const store = memoryStore();
  decide(store, { domain: 'threads.net', publicReason: 'ads, "tracking", and more' }, 'approved', true);
  decide(store, { domain: 'quiet.example', action: 'limit' }, 'rejected', false, 1, 5);
  decide(store, { domain: 'hidden.example', obfuscate: true }, 'approved', true);
  decide(store, { domain: 'lifted.example' }, 'approved', true);
  decide(store, { domain: 'lifted.example', action: 'lift' }, 'approved', true);
  return entriesOf(store);
}

const ctx = { title: 'Federation decisions of example.social', now: T0 + 99_000, baseUrl: 'https://log.example.social' };

describe('the published log', () => {
  it('is an intact chain, and writing a milestone twice appends nothing', () => {
    const store = memoryStore();
    const id = decide(store, { domain: 'once.example' }, 'approved', true);
    logProposal(store, store.proposals.get(id)!);
    logApplied(store, store.proposals.get(id)!);
    const entries = entriesOf(store);
    expect(entries.map((e) => e.kind)).toEqual(['decision', 'applied']);
    expect(verifyChain(entries)).toMatchObject({ intact: true, entries: 2 });
  });

  it('links a lift to the suspend it supersedes', () => {
    const decisions = sampleLog().filter((e) => e.kind === 'decision');
    expect(decisions.find((e) => e.kind === 'decision' && e.action === 'lift')).toMatchObject({ supersedes: 4 });
  });

  it('never shows a private comment, private evidence or an obfuscated domain in any form', () => {
    const entries = sampleLog();
    for (const text of [renderJson(entries, ctx), renderCsv(entries), renderAtom(entries, ctx), renderMarkdown(entries, ctx), renderHtml(entries, ctx)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(PRIVATE_URL);
      expect(text).not.toContain('hidden.example');
    }
    expect(renderHtml(entries, ctx)).toContain('https://public.example/report');
  });

  it('writes Mastodon CSV with only the blocks in force, read back by Mastodon\'s import rules', () => {
    const csv = renderCsv(sampleLog());
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header).toBe(CSV_HEADER);
    // Mastodon's import: header names without '#', a missing severity means suspend, booleans as true/false.
    const parsed = rows.map((row) => {
      const fields = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
      return { domain: fields[0], severity: fields[1] || 'suspend', reject_media: fields[2] === 'true', reject_reports: fields[3] === 'true', public_comment: fields[4], obfuscate: fields[5] === 'true' };
    });
    expect(parsed).toEqual([
      { domain: 'threads.net', severity: 'suspend', reject_media: false, reject_reports: false, public_comment: 'ads, "tracking", and more', obfuscate: false },
    ]);
  });

  it('writes JSON that matches its schema', () => {
    const tally = z.object({ yes: z.number().int(), no: z.number().int(), abstain: z.number().int(), spoiled: z.number().int(), eligible: z.number().int(), cast: z.number().int() }).strict();
    const chained = { seq: z.number().int().positive(), prevHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(), hash: z.string().regex(/^[0-9a-f]{64}$/) };
    const decision = z.object({
      kind: z.literal('decision'), number: z.number().int(), domain: z.string(), domainDigest: z.string().regex(/^[0-9a-f]{64}$/), obfuscated: z.boolean(),
      action: z.enum(['suspend', 'limit', 'lift']), rejectMedia: z.boolean(), rejectReports: z.boolean(), reason: z.string().nullable(), evidence: z.array(z.string()),
      proposer: z.string(), openedAt: z.string().datetime().nullable(), closedAt: z.string().datetime(),
      quorum: z.object({ minVoters: z.number(), minTurnoutPercent: z.number() }).strict().nullable(), threshold: z.string().nullable(), tally: tally.nullable(),
      outcome: z.enum(['approved', 'rejected', 'no_quorum', 'withdrawn', 'cancelled']), resultLine: z.string().nullable(), supersedes: z.number().int().nullable(), imported: z.boolean(), ...chained,
    }).strict();
    const applied = z.object({ kind: z.literal('applied'), number: z.number().int(), appliedAt: z.string().datetime(), mastodonBlockId: z.string().nullable(), ...chained }).strict();
    const schema = z.object({ format: z.literal('fedimoot-decision-log'), version: z.literal(1), title: z.string(), generatedAt: z.string().datetime(), head: z.string().nullable(), entries: z.array(z.discriminatedUnion('kind', [decision, applied])) }).strict();
    const parsed = schema.parse(JSON.parse(renderJson(sampleLog(), ctx)));
    expect(parsed.entries).toHaveLength(9);
  });

  it('writes well-formed Atom with one entry per decision', () => {
    const atom = renderAtom(sampleLog(), ctx);
    expect(atom.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(true);
    expect(atom.match(/<entry>/g)).toHaveLength(5);
    // Well-formed: every tag closed in order, and no raw & or < in text.
    const stack: string[] = [];
    for (const [, close, name, selfClosing] of atom.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
      if (selfClosing) continue;
      if (close) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
    expect(atom).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    expect(atom).toContain('ads, &quot;tracking&quot;, and more');
  });

  it('renders each decision in the page with its numbers, vote bar and links', () => {
    const html = renderHtml(sampleLog(), ctx);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<h2 id="decision-1-title">Proposal 1: Suspend threads.net — <span class="outcome approved">Approved</span></h2>');
    expect(html).toContain('aria-label="yes 5, no 1, abstain 1"');
    expect(html).toContain('Yes 5 · No 1 · Abstain 1 · Spoiled 0');
    expect(html).toContain('<a href="#decision-4">proposal 4</a>');
    expect(html).toContain('ads, &quot;tracking&quot;, and more');
  });
});
