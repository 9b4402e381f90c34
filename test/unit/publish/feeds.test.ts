// The feeds other servers subscribe to, read back as their consumers read them, and all of them the public CSV's
// blocks in force: GoToSocial's CSV (suspensions), Mastodon's public JSON, the plain list and the FIRES dataset.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderGoToSocialCsv, renderMastodonJson, renderPlainList } from '../../../bot/publish/feeds.ts';
import { FIRES_CONTEXT, renderFiresChange, renderFiresChanges, renderFiresDataset, renderFiresLabels, renderFiresSnapshot } from '../../../bot/publish/fires.ts';
import { CSV_HEADER, renderCsv } from '../../../bot/publish/formats.ts';
import { entriesOf } from '../../../bot/publish/log-writer.ts';
import { memoryStore } from '../storage/storage-fixtures.ts';
import { CTX, decide, PRIVATE_COMMENT, PRIVATE_URL, sampleLog, VOTER } from './publish-fixtures.ts';
import { readMastodonImport } from './readers.ts';

const INFO = { base: CTX.baseUrl!, title: CTX.title, publisher: CTX.publisher };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const parse = (text: string) => JSON.parse(text) as Record<string, unknown>;
const B = CTX.baseUrl!;

describe('the feeds for other servers', () => {
  const entries = sampleLog();
  const appliedSeq = (n: number) => entries.find((e) => e.kind === 'applied' && e.number === n)!.seq;
  const appliedAt = (n: number) => (entries.find((e) => e.kind === 'applied' && e.number === n) as { appliedAt: string }).appliedAt;

  it('GoToSocial: the Mastodon header and the suspension rows of the public CSV, nothing else', () => {
    const csv = renderGoToSocialCsv(entries);
    expect(csv).toBe(`${CSV_HEADER}\nthreads.net,suspend,false,false,"ads, ""tracking"", and <b>more</b>",false\n`);
    const publicRows = renderCsv(entries).split('\n').slice(1);
    for (const row of csv.split('\n').slice(1, -1)) expect(publicRows).toContain(row);
    expect(readMastodonImport(csv).map((r) => r.severity)).toEqual(['suspend']);
  });

  it('Mastodon JSON: {domain, digest, severity, comment} per block of the public CSV, limits first as Mastodon orders them', () => {
    const blocks = JSON.parse(renderMastodonJson(entries)) as unknown[];
    expect(blocks).toEqual([
      { domain: 'silenced.example', digest: sha256('silenced.example'), severity: 'silence', comment: 'spam' },
      { domain: 'threads.net', digest: sha256('threads.net'), severity: 'suspend', comment: 'ads, "tracking", and <b>more</b>' },
    ]);
    const csvDomains = readMastodonImport(renderCsv(entries)).map((r) => `${r.domain} ${r.severity}`).sort();
    expect((blocks as { domain: string; severity: string }[]).map((b) => `${b.domain} ${b.severity}`).sort()).toEqual(csvDomains);
  });

  it('plain list: the suspended domains, one a line', () => {
    expect(renderPlainList(entries)).toBe('threads.net\n');
    expect(renderPlainList([])).toBe('');
  });

  it('FIRES changes: a Recommendation per block coming into force (drop for suspend, filter for limit), a Retraction per lift', () => {
    const changes = parse(renderFiresChanges(entries, INFO, 'all'));
    expect(changes['@context']).toEqual(FIRES_CONTEXT);
    expect(changes).toMatchObject({ id: `${B}/fires/changes`, type: 'OrderedCollection', dataset: `${B}/fires`, totalItems: 4 });
    const label = `${B}/fires/labels#community-vote`;
    expect(changes['orderedItems']).toEqual([
      { id: `${B}/fires/changes/${appliedSeq(1)}`, type: 'Recommendation', published: appliedAt(1), entityKind: 'domain', entityKey: 'threads.net', url: `${B}/#decision-1`, labels: [label], recommendedPolicy: 'drop', recommendedFilters: [], comment: 'ads, "tracking", and <b>more</b>' },
      { id: `${B}/fires/changes/${appliedSeq(4)}`, type: 'Recommendation', published: appliedAt(4), entityKind: 'domain', entityKey: 'lifted.example', url: `${B}/#decision-4`, labels: [label], recommendedPolicy: 'drop', recommendedFilters: [] },
      { id: `${B}/fires/changes/${appliedSeq(5)}`, type: 'Retraction', published: appliedAt(5), entityKind: 'domain', entityKey: 'lifted.example', url: `${B}/#decision-5` },
      { id: `${B}/fires/changes/${appliedSeq(6)}`, type: 'Recommendation', published: appliedAt(6), entityKind: 'domain', entityKey: 'silenced.example', url: `${B}/#decision-6`, labels: [label], recommendedPolicy: 'filter', recommendedFilters: ['auto-unlisted', 'prevent-trending', 'prevent-recommendations', 'reject-media'], comment: 'spam' },
    ]);
  });

  it('FIRES snapshot: the latest change per domain, newest first, and where the changes continue', () => {
    const snapshot = parse(renderFiresSnapshot(entries, INFO));
    expect(snapshot).toMatchObject({ id: `${B}/fires/snapshot`, type: 'OrderedCollection', dataset: `${B}/fires`, totalItems: 3, updated: appliedAt(6), changes: `${B}/fires/changes?since=${appliedSeq(6)}` });
    expect((snapshot['items'] as { entityKey: string; type: string }[]).map((c) => `${c.type} ${c.entityKey}`)).toEqual(['Recommendation silenced.example', 'Retraction lifted.example', 'Recommendation threads.net']);
  });

  it('FIRES dataset and labels name their endpoints by the public address', () => {
    expect(parse(renderFiresDataset(entries, INFO))).toMatchObject({
      id: `${B}/fires`, url: `${B}/`, type: 'Dataset', name: CTX.title, endpoints: { changes: `${B}/fires/changes`, snapshot: `${B}/fires/snapshot` },
    });
    const labels = parse(renderFiresLabels(INFO));
    expect((labels['items'] as { id: string; type: string }[]).map((l) => `${l.type} ${l.id}`)).toEqual([`Label ${B}/fires/labels#community-vote`, `Label ${B}/fires/labels#imported`]);
    expect(parse(renderFiresChange(entries, INFO, appliedSeq(5))!)).toMatchObject({ type: 'Retraction', entityKey: 'lifted.example' });
    expect(renderFiresChange(entries, INFO, 1)).toBeUndefined();
  });

  it('a public block later decided obfuscated leaves the feeds with a Retraction that does not point at the hiding decision', () => {
    const store = memoryStore();
    decide(store, { domain: 'visible.example', publicReason: 'first' });
    decide(store, { domain: 'visible.example', action: 'limit', obfuscate: true, publicReason: 'now hidden' });
    const log = entriesOf(store);
    expect(renderGoToSocialCsv(log)).toBe(`${CSV_HEADER}\n`);
    expect(JSON.parse(renderMastodonJson(log))).toEqual([]);
    const items = parse(renderFiresChanges(log, INFO, 'all'))['orderedItems'] as Record<string, unknown>[];
    expect(items.map((c) => c['type'])).toEqual(['Recommendation', 'Retraction']);
    expect(items[1]).toEqual({ id: expect.any(String), type: 'Retraction', published: expect.any(String), entityKind: 'domain', entityKey: 'visible.example' });
  });

  it('pages the changes 100 at a time, each page linking the next, the collection its first and last', () => {
    const store = memoryStore();
    for (let i = 0; i < 250; i++) decide(store, { domain: `d${i}.example` });
    const log = entriesOf(store);
    const collection = parse(renderFiresChanges(log, INFO));
    const seqs = (parse(renderFiresChanges(log, INFO, 'all'))['orderedItems'] as { id: string }[]).map((c) => Number(c.id.split('/').at(-1)));
    expect(collection).toMatchObject({ totalItems: 250, first: `${B}/fires/changes?since=0`, last: `${B}/fires/changes?since=${seqs[199]}` });
    expect(collection['orderedItems']).toBeUndefined();
    const read: number[] = [];
    let next: string | undefined = collection['first'] as string;
    let pages = 0;
    while (next) {
      const page = parse(renderFiresChanges(log, INFO, Number(new URL(next).searchParams.get('since'))));
      expect(page).toMatchObject({ type: 'OrderedCollectionPage', partOf: `${B}/fires/changes`, id: next });
      read.push(...(page['orderedItems'] as { id: string }[]).map((c) => Number(c.id.split('/').at(-1))));
      next = page['next'] as string | undefined;
      pages++;
    }
    expect(pages).toBe(3);
    expect(read).toEqual(seqs);
    expect(parse(renderFiresChanges(log, INFO, seqs.at(-1)!))['orderedItems']).toEqual([]);
  });

  it('never carries private comments, private evidence, voters or an obfuscated domain', () => {
    const all = [renderGoToSocialCsv(entries), renderMastodonJson(entries), renderPlainList(entries), renderFiresDataset(entries, INFO), renderFiresSnapshot(entries, INFO), renderFiresChanges(entries, INFO, 'all')];
    for (const text of all) {
      for (const secret of [PRIVATE_COMMENT, PRIVATE_URL, VOTER, 'hidden.example', sha256('hidden.example')]) expect(text).not.toContain(secret);
    }
  });
});
