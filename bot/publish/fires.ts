// The decisions as a FIRES dataset (FediMod's protocol for moderation recommendations; shapes as its reference server
// writes them): the dataset, a snapshot of the latest change per domain, an append-only paginated `changes`
// collection, and the labels the changes carry. docs/LOG-FORMAT.md, "FIRES dataset", is the specification.
//
// A change is written where an `applied` entry changes what the public CSV says about a domain (feeds.ts
// publicBlocksInForce, the same fold): a block in force becomes a Recommendation (`drop` for suspend, `filter` for
// limit), a domain leaving the list becomes a Retraction. The log is append-only, so the changes are too.
import type { HashedEntry } from '../../governance/log-entry.ts';
import { publicBlocksInForce } from './feeds.ts';
import { lastChange } from './views.ts';

export const FIRES_CONTEXT = ['https://www.w3.org/ns/activitystreams', 'https://fires.fedimod.org/context/fires.jsonld'];
export const FIRES_PAGE_SIZE = 100;

/**
 * Mastodon's limit, decomposed into FIRES's predefined filters: hidden from public timelines, trends and
 * recommendations unless followed. Media and reports rejection are their own filters.
 */
const LIMIT_FILTERS = ['auto-unlisted', 'prevent-trending', 'prevent-recommendations'];

type LabelName = 'community-vote' | 'imported';
const LABELS: Record<LabelName, { name: string; summary: string }> = {
  'community-vote': { name: 'Decided by community vote', summary: 'Decided by the members of the community in an open vote, counted by published rules.' },
  imported: { name: 'Recorded from the instance', summary: 'A block the instance had before it decided by vote, recorded as it was, not voted.' },
};

export interface FiresChange {
  /** The log position (`seq`) of the `applied` entry that made the change: its order and its cursor. */
  seq: number;
  type: 'Recommendation' | 'Retraction';
  domain: string;
  published: string;
  /** The decision that made it; absent on a Retraction whose decision is not public (obfuscated). */
  number?: number;
  policy?: 'drop' | 'filter';
  filters?: string[];
  comment: string | null;
  label?: LabelName;
}

/** Where the documents are: `base` is publish.baseUrl (or the server's own address), without a trailing slash. */
export const firesUrls = (base: string) => ({
  dataset: `${base}/fires`,
  snapshot: `${base}/fires/snapshot`,
  changes: `${base}/fires/changes`,
  labels: `${base}/fires/labels`,
  page: (since: number) => `${base}/fires/changes?since=${since}`,
  change: (seq: number) => `${base}/fires/changes/${seq}`,
});

function recommendation(seq: number, published: string, d: ReturnType<typeof publicBlocksInForce>[number]): FiresChange {
  const filters = d.action === 'limit' ? [...LIMIT_FILTERS] : [];
  if (d.action === 'limit' && d.rejectMedia) filters.push('reject-media');
  if (d.action === 'limit' && d.rejectReports) filters.push('reject-reports');
  return {
    seq,
    type: 'Recommendation',
    domain: d.domain,
    published,
    number: d.number,
    policy: d.action === 'suspend' ? 'drop' : 'filter',
    filters,
    comment: d.reason,
    label: d.imported ? 'imported' : 'community-vote',
  };
}

/** The last log folded, by its head and length: every page of `changes` is asked for against the same log. */
let memo: { key: string; changes: FiresChange[] } | undefined;

/** Every change, oldest first. Entries are grouped by domain digest, so each prefix fold is over one domain's few. */
export function firesChanges(entries: readonly HashedEntry[]): FiresChange[] {
  const key = `${entries.length}:${entries.at(-1)?.hash ?? ''}`;
  if (memo?.key !== key) memo = { key, changes: computeChanges(entries) };
  return memo.changes;
}

function computeChanges(entries: readonly HashedEntry[]): FiresChange[] {
  const byDigest = new Map<string, HashedEntry[]>();
  const digestOf = new Map<number, string>();
  for (const e of entries) {
    const digest = e.kind === 'decision' ? e.domainDigest : e.kind === 'applied' || (e.kind === 'stage' && e.outcome === 'applied') ? digestOf.get(e.number) : undefined;
    if (digest === undefined) continue;
    if (e.kind === 'decision') digestOf.set(e.number, digest);
    const list = byDigest.get(digest);
    if (list) list.push(e);
    else byDigest.set(digest, [e]);
  }
  const changes: FiresChange[] = [];
  for (const list of byDigest.values()) {
    let shown: { domain: string; key: string } | undefined;
    list.forEach((e, i) => {
      if (e.kind !== 'applied' && e.kind !== 'stage') return;
      const appliedAt = e.kind === 'applied' ? e.appliedAt : e.at;
      const standing = publicBlocksInForce(list.slice(0, i + 1))[0];
      const key = standing && JSON.stringify([standing.action, standing.rejectMedia, standing.rejectReports, standing.reason, standing.imported]);
      if (key === shown?.key) return;
      if (standing) changes.push(recommendation(e.seq, appliedAt, standing));
      else if (shown) {
        // A lift names its decision and reason; a decision now obfuscated is not linked to the domain it hides.
        const lift = list.find((x) => x.kind === 'decision' && x.number === e.number);
        const open = lift?.kind === 'decision' && !lift.obfuscated;
        changes.push({ seq: e.seq, type: 'Retraction', domain: shown.domain, published: appliedAt, comment: open ? lift.reason : null, ...(open ? { number: e.number } : {}) });
      }
      shown = standing && key ? { domain: standing.domain, key } : undefined;
    });
  }
  return changes.sort((a, b) => a.seq - b.seq);
}

export function changeObject(c: FiresChange, base: string): Record<string, unknown> {
  const object: Record<string, unknown> = {
    id: firesUrls(base).change(c.seq),
    type: c.type,
    published: c.published,
    entityKind: 'domain',
    entityKey: c.domain,
  };
  if (c.number !== undefined) object['url'] = `${base}/#decision-${c.number}`;
  if (c.type === 'Recommendation') {
    object['labels'] = [`${firesUrls(base).labels}#${c.label}`];
    object['recommendedPolicy'] = c.policy;
    object['recommendedFilters'] = c.filters;
  }
  if (c.comment) object['comment'] = c.comment;
  return object;
}

const json = (document: Record<string, unknown>): string => `${JSON.stringify({ '@context': FIRES_CONTEXT, ...document }, null, 2)}\n`;

export interface FiresDatasetInfo {
  base: string;
  title: string;
  publisher: string;
}

export function renderFiresDataset(entries: readonly HashedEntry[], info: FiresDatasetInfo): string {
  const urls = firesUrls(info.base);
  const first = entries[0];
  return json({
    id: urls.dataset,
    url: `${info.base}/`,
    type: 'Dataset',
    name: info.title,
    summary: `The federation decisions of ${info.publisher}, decided by its community and kept in a hash-chained log (${info.base}/decisions.json).`,
    ...(first?.kind === 'decision' ? { published: first.closedAt } : {}),
    ...(lastChange(entries) ? { updated: lastChange(entries) } : {}),
    endpoints: { changes: urls.changes, snapshot: urls.snapshot },
  });
}

/** The latest change per domain, newest first (Retractions included, as the reference server does). */
export function renderFiresSnapshot(entries: readonly HashedEntry[], info: FiresDatasetInfo): string {
  const urls = firesUrls(info.base);
  const latest = new Map<string, FiresChange>();
  for (const c of firesChanges(entries)) latest.set(c.domain, c);
  const items = [...latest.values()].sort((a, b) => b.seq - a.seq);
  return json({
    id: urls.snapshot,
    type: 'OrderedCollection',
    summary: `Snapshot of ${info.title}`,
    dataset: urls.dataset,
    totalItems: items.length,
    ...(items[0] ? { updated: items[0].published, changes: urls.page(items[0].seq) } : {}),
    items: items.map((c) => changeObject(c, info.base)),
  });
}

/**
 * Without `since`: the collection, with links to its first and last pages. With `since` (a `seq`, 0 for the start):
 * the page of up to FIRES_PAGE_SIZE changes after it, with `next` while more follow. `all`: every change in one
 * unpaged collection (for `fedimoot export`).
 */
export function renderFiresChanges(entries: readonly HashedEntry[], info: FiresDatasetInfo, since?: number | 'all'): string {
  const urls = firesUrls(info.base);
  const changes = firesChanges(entries);
  const common = { dataset: urls.dataset, totalItems: changes.length };
  if (since === 'all') return json({ id: urls.changes, type: 'OrderedCollection', ...common, orderedItems: changes.map((c) => changeObject(c, info.base)) });
  if (since === undefined) {
    const lastStart = changes.length === 0 ? 0 : changes[Math.floor((changes.length - 1) / FIRES_PAGE_SIZE) * FIRES_PAGE_SIZE - 1]?.seq ?? 0;
    return json({ id: urls.changes, type: 'OrderedCollection', ...common, first: urls.page(0), last: urls.page(lastStart) });
  }
  const after = changes.filter((c) => c.seq > since);
  const page = after.slice(0, FIRES_PAGE_SIZE);
  return json({
    id: urls.page(since),
    type: 'OrderedCollectionPage',
    partOf: urls.changes,
    ...common,
    ...(after.length > page.length ? { next: urls.page(page.at(-1)!.seq) } : {}),
    orderedItems: page.map((c) => changeObject(c, info.base)),
  });
}

/** One change on its own (its `id` resolves), or undefined when no change has that `seq`. */
export function renderFiresChange(entries: readonly HashedEntry[], info: FiresDatasetInfo, seq: number): string | undefined {
  const change = firesChanges(entries).find((c) => c.seq === seq);
  return change && json(changeObject(change, info.base));
}

export function renderFiresLabels(info: FiresDatasetInfo): string {
  const urls = firesUrls(info.base);
  return json({
    id: urls.labels,
    type: 'Collection',
    summary: `Labels of ${info.title}`,
    totalItems: Object.keys(LABELS).length,
    items: Object.entries(LABELS).map(([id, label]) => ({ id: `${urls.labels}#${id}`, type: 'Label', name: label.name, summary: label.summary, url: `${info.base}/#how-decided` })),
  });
}
