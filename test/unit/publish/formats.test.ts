// The machine-readable forms of the log, read back as their consumers read them.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CSV_HEADER, renderAtom, renderCsv, renderJson, renderMarkdown } from '../../../bot/publish/formats.ts';
import { verifyChain } from '../../../governance/log-entry.ts';
import { stageEntry } from '../../../governance/stage-entry.ts';
import { appendEntry, entriesOf } from '../../../bot/publish/log-writer.ts';
import { T0 } from '../storage/storage-fixtures.ts';
import { CTX, decide, readerStore, sampleLog } from './publish-fixtures.ts';
import { parseCsv, parseXml, readMastodonImport, type XmlElement } from './readers.ts';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.iso.datetime({ precision: 3 });
const chained = { seq: z.number().int().positive(), prevHash: hex64.nullable(), hash: hex64 };
const count = z.number().int().nonnegative();
const decisionSchema = z.strictObject({
  kind: z.literal('decision'),
  number: z.number().int().positive(),
  domain: z.string().min(1),
  domainDigest: hex64,
  obfuscated: z.boolean(),
  action: z.enum(['suspend', 'limit', 'lift']),
  rejectMedia: z.boolean(),
  rejectReports: z.boolean(),
  reason: z.string().nullable(),
  evidence: z.array(z.url({ protocol: /^https?$/ })),
  proposer: z.string(),
  openedAt: isoTime.nullable(),
  closedAt: isoTime,
  quorum: z.strictObject({ minVoters: count, minTurnoutPercent: z.number().min(0).max(100) }).nullable(),
  threshold: z.string().regex(/^\d+\/\d+$|^\d+(\.\d+)?%$/).nullable(),
  tally: z.strictObject({ yes: count, no: count, abstain: count, spoiled: count, eligible: count, cast: count, unreadable: count.optional() }).nullable(),
  outcome: z.enum(['approved', 'rejected', 'no_quorum', 'withdrawn', 'cancelled']),
  resultLine: z.string().nullable(),
  supersedes: z.number().int().positive().nullable(),
  imported: z.boolean(),
  // Optional fields, absent on entries that do not need them (so earlier entries hash as before).
  priorBlock: z.strictObject({ action: z.enum(['suspend', 'limit']), since: isoTime.nullable() }).optional(),
  cancelReason: z.string().min(1).optional(),
  secondStage: z.strictObject({ action: z.enum(['suspend', 'limit']), after: z.string().regex(/^\d+[smhdy]$/) }).optional(),
  reviewAt: isoTime.optional(),
  ...chained,
});
const appliedSchema = z.strictObject({ kind: z.literal('applied'), number: z.number().int().positive(), appliedAt: isoTime, mastodonBlockId: z.string().nullable(), ...chained });
const stageSchema = z.strictObject({
  kind: z.literal('stage'),
  number: z.number().int().positive(),
  action: z.enum(['suspend', 'limit']),
  outcome: z.enum(['applied', 'superseded']),
  at: isoTime,
  supersededBy: z.number().int().positive().nullable(),
  mastodonBlockId: z.string().nullable(),
  ...chained,
});
/** The schema of /decisions.json, as docs/LOG-FORMAT.md describes it. */
const logSchema = z.strictObject({
  format: z.literal('fedimoot-decision-log'),
  version: z.literal(1),
  title: z.string(),
  generatedAt: isoTime,
  head: hex64.nullable(),
  entries: z.array(z.discriminatedUnion('kind', [decisionSchema, appliedSchema, stageSchema])),
});

describe('/decisions.json', () => {
  it('matches its schema, and its entries form an intact chain ending at its head', () => {
    const document = logSchema.parse(JSON.parse(renderJson(sampleLog(), CTX)));
    expect(document.entries.map((e) => e.kind)).toEqual(['decision', 'applied', 'decision', 'decision', 'applied', 'decision', 'applied', 'decision', 'applied', 'decision', 'applied', 'decision']);
    expect(verifyChain(document.entries)).toEqual({ intact: true, entries: 12, head: document.head });
    expect(document.entries.find((e) => e.kind === 'decision' && e.action === 'lift')).toMatchObject({ supersedes: 4 });
  });

  it('knows every optional field: a cancel reason, a prior block, unreadable answers, a second stage and a review date', () => {
    const store = readerStore();
    const staged = decide(store, { domain: 'staged.example', action: 'limit' }, { plan: { secondStage: { action: 'suspend', afterMs: 30 * 86_400_000 }, reviewAfterMs: 365 * 86_400_000 } });
    appendEntry(store, staged, stageEntry(staged, 'suspend', T0 + 90_000, { mastodonBlockId: 'b-stage' }));
    const document = logSchema.parse(JSON.parse(renderJson(entriesOf(store), CTX)));
    const decisions = document.entries.filter((e) => e.kind === 'decision');
    expect(decisions.find((e) => e.domain === 'cancelled.example')?.cancelReason).toBe('duplicate of proposal 4');
    expect(decisions.find((e) => e.domain === 'predating.example')?.priorBlock).toEqual({ action: 'limit', since: '2024-03-01T00:00:00.000Z' });
    expect(decisions.find((e) => e.domain === 'encrypted.example')?.tally?.unreadable).toBe(2);
    expect(document.entries.at(-1)).toMatchObject({ kind: 'stage', number: staged, action: 'suspend', outcome: 'applied' });
    expect(verifyChain(document.entries)).toMatchObject({ intact: true });
    const limit = decisions.find((e) => e.number === staged)!;
    expect(limit.secondStage).toEqual({ action: 'suspend', after: '30d' });
    expect(Date.parse(limit.reviewAt!) - Date.parse(limit.closedAt)).toBe(365 * 86_400_000);
  });

  it('is an empty list with a null head before any decision', () => {
    expect(logSchema.parse(JSON.parse(renderJson([], CTX)))).toMatchObject({ entries: [], head: null });
  });
});

describe('/decisions.csv', () => {
  it("is read by Mastodon's import as exactly the blocks in force", () => {
    const csv = renderCsv(sampleLog());
    expect(csv.split('\n')[0]).toBe(CSV_HEADER);
    expect(readMastodonImport(csv)).toEqual([
      { domain: 'silenced.example', severity: 'silence', reject_media: true, reject_reports: false, public_comment: 'spam', obfuscate: false },
      { domain: 'threads.net', severity: 'suspend', reject_media: false, reject_reports: false, public_comment: 'ads, "tracking", and <b>more</b>', obfuscate: false },
    ]);
  });

  it('quotes only what needs quoting, so strict readers accept it', () => {
    expect(renderCsv(sampleLog())).toContain('\nthreads.net,suspend,false,false,"ads, ""tracking"", and <b>more</b>",false\n');
    expect(parseCsv('a,"b ""c"", d",\n')).toEqual([['a', 'b "c", d', '']]);
    expect(() => parseCsv('a,b "c"\n')).toThrow(/illegal quoting/);
    expect(() => readMastodonImport(`${CSV_HEADER}\nh*dden.example,suspend,false,false,,false\n`)).toThrow(/invalid domain/);
  });

  it('is the header alone when nothing is blocked', () => {
    expect(renderCsv([])).toBe(`${CSV_HEADER}\n`);
  });
});

describe('/decisions.atom', () => {
  const child = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);

  it('is well-formed XML and a valid Atom feed: one entry per decision, newest first', () => {
    const feed = parseXml(renderAtom(sampleLog(), CTX));
    expect(feed.name).toBe('feed');
    expect(feed.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
    for (const required of ['id', 'title', 'updated', 'author']) expect(child(feed, required)).toHaveLength(1);
    const entries = child(feed, 'entry');
    expect(entries).toHaveLength(7);
    for (const entry of entries) {
      for (const required of ['id', 'title', 'updated', 'content']) expect(child(entry, required)).toHaveLength(1);
      expect(child(entry, 'updated')[0]!.text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(new Set(entries.map((e) => child(e, 'id')[0]!.text)).size).toBe(7);
    const newest = entries[0]!;
    expect(child(newest, 'title')[0]!.text).toBe('Proposal 7: Suspend withdrawn.example — Withdrawn');
    const threads = entries.find((e) => child(e, 'title')[0]!.text.includes('threads.net'))!;
    expect(child(threads, 'content')[0]!.text).toContain('Reason: ads, "tracking", and <b>more</b>');
    expect(child(threads, 'link')[0]!.attributes).toEqual({ rel: 'alternate', type: 'text/html', href: 'https://log.example.social/#decision-1' });
  });

  it('says when the log last changed, not when it was rendered', () => {
    const feed = parseXml(renderAtom(sampleLog(), CTX));
    expect(child(feed, 'updated')[0]!.text).toBe(new Date(Date.UTC(2025, 5, 1, 12) + 30_000).toISOString());
  });

  it('has a feed id and no links without publish.baseUrl', () => {
    const feed = parseXml(renderAtom(sampleLog(), { ...CTX, baseUrl: undefined }));
    expect(child(feed, 'id')[0]!.text).toBe('urn:fedimoot:log:example.social');
    expect(child(feed, 'link')).toEqual([]);
  });

  it('the XML reader refuses what is not well-formed', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/);
    expect(() => parseXml('<a>x & y</a>')).toThrow(/bare "&"/);
    expect(() => parseXml('<a href="x<y"/>')).toThrow(/malformed tag|"<"/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow(/unknown entity/);
  });
});

describe('Markdown export', () => {
  it('is a table with a row per decision, markup in values escaped', () => {
    const md = renderMarkdown(sampleLog(), CTX);
    expect(md).toContain('| 1 | threads.net | Suspend | Approved | yes 5 · no 1 · abstain 1 | 8 of 10 eligible voted (80%) | 2025-06-01 | 2025-06-01 | ads, "tracking", and \\<b\\>more\\</b\\> |');
    const hidden = md.split('\n').find((l) => l.startsWith('| 3 |'))!;
    expect(hidden).toMatch(/^\| 3 \| [a-z.\\*]+ \| Suspend/);
    expect(hidden).not.toMatch(/[^\\]\*/);
    expect(md).toContain(`Head of the hash chain: \``);
  });

  it('starts with the blocks in force, the same rows as the page, the obfuscated one marked as left out of the CSV', () => {
    const md = renderMarkdown(sampleLog(), CTX);
    const section = md.slice(md.indexOf('## Blocked now'), md.indexOf('## Every decision'));
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| domain'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| [a-z.\\*]+ \(obfuscated; not in the CSV\) \| Suspended \|/);
    expect(rows.find((r) => r.startsWith('| silenced.example |'))).toBe('| silenced.example | Limited, media rejected | 2025-06-01 | spam | By vote: proposal 6. |');
    expect(rows.find((r) => r.startsWith('| threads.net |'))).toContain('| Suspended |');
    expect(section).not.toContain('lifted.example');
    expect(renderMarkdown([], CTX)).toContain('No domain is blocked by a decision in this log.');
  });
});
