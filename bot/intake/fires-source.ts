// Following a FIRES dataset (FediMod's protocol; the shapes this bot publishes, docs/LOG-FORMAT.md "FIRES dataset"):
// the first read takes the snapshot (the latest change per domain), later reads follow the `changes` pages from where
// the last one stopped. A Recommendation to reject or drop is a suspension, to filter a limit, to accept a lift;
// a Retraction or a Tombstone lifts. Advisories recommend nothing and entities other than domains are not ours.
import type { SourceBlock } from '../../governance/intake.ts';
import { normaliseDomain } from '../../governance/domain.ts';
import { SourceProblem } from './block-lists.ts';
import { fetchSource, type FetchLimits, type Fetched, type Validators } from './fetch-source.ts';

/** Pages of `changes` read in one poll at most; the rest are read at the next. */
const MAX_PAGES = 50;

type Doc = Record<string, unknown>;

export interface FiresState {
  blocks: readonly SourceBlock[];
  /** The `changes` page to read next time; absent before the first read (the snapshot is read then). */
  cursor?: string;
}

export type FiresRead = { status: 'not-modified' } | { status: 'ok'; blocks: SourceBlock[]; cursor: string | undefined; skipped: number; validators: Validators };

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** What a change does to a domain: a block, a lift (null), or nothing this reader follows (undefined). */
export function changeEffect(item: Doc): { domain: string; block: SourceBlock | null } | 'skip' | undefined {
  if (item['entityKind'] !== 'domain' || typeof item['entityKey'] !== 'string') return undefined;
  const domain = normaliseDomain(item['entityKey']);
  if (!domain.ok) return 'skip';
  const type = item['type'];
  if (type === 'Retraction' || type === 'Tombstone') return { domain: domain.domain, block: null };
  if (type !== 'Recommendation') return undefined;
  const policy = item['recommendedPolicy'];
  if (policy === 'accept') return { domain: domain.domain, block: null };
  const severity = policy === 'reject' || policy === 'drop' ? 'suspend' : policy === 'filter' ? 'limit' : undefined;
  if (!severity) return 'skip';
  return { domain: domain.domain, block: { domain: domain.domain, severity, reason: str(item['comment']) ?? null, link: str(item['url']) ?? null } };
}

function items(doc: Doc, key: 'items' | 'orderedItems'): Doc[] {
  const list = doc[key] ?? doc[key === 'items' ? 'orderedItems' : 'items'];
  if (!Array.isArray(list)) throw new SourceProblem(`sent a FIRES collection without "${key}"`);
  return list.filter((x): x is Doc => typeof x === 'object' && x !== null);
}

export async function readFires(url: string, state: FiresState, limits: FetchLimits, signal: AbortSignal, validators: Validators): Promise<FiresRead> {
  const get = async (at: string, conditional: Validators = {}): Promise<{ doc: Doc; fetched: Extract<Fetched, { status: 'ok' }> } | undefined> => {
    const fetched = await fetchSource(at, limits, signal, conditional);
    if (fetched.status === 'not-modified') return undefined;
    let doc: unknown;
    try {
      doc = JSON.parse(fetched.text);
    } catch (error) {
      throw new SourceProblem(`${at === url ? '' : `(${at}) `}is not JSON: ${(error as Error).message}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new SourceProblem('is not a FIRES document (a JSON object with a "type")');
    return { doc: doc as Doc, fetched };
  };
  const first = await get(url, validators);
  if (!first) return { status: 'not-modified' };
  const byDomain = new Map(state.blocks.map((b) => [b.domain, b]));
  let skipped = 0;
  const apply = (list: Doc[]) => {
    for (const item of list) {
      const effect = changeEffect(item);
      if (effect === 'skip') skipped++;
      else if (effect?.block === null) byDomain.delete(effect.domain);
      else if (effect) byDomain.set(effect.domain, effect.block);
    }
  };
  const endpoints = (first.doc['endpoints'] ?? {}) as Doc;
  let cursor = state.cursor;
  if (first.doc['type'] === 'Dataset' || first.doc['type'] === 'OrderedCollection') {
    // The dataset names its snapshot; a snapshot URL given directly is read as one.
    if (cursor === undefined) {
      const snapshot = first.doc['type'] === 'Dataset' ? (str(endpoints['snapshot']) ? await get(str(endpoints['snapshot'])!) : undefined) : first;
      if (!snapshot) throw new SourceProblem('is a FIRES dataset without a snapshot endpoint');
      byDomain.clear();
      // Newest first: apply oldest first, so the newest word on a domain stands.
      apply(items(snapshot.doc, 'items').reverse());
      cursor = str(snapshot.doc['changes']) ?? str(endpoints['changes']);
    }
  } else throw new SourceProblem(`is not a FIRES dataset (its "type" is ${JSON.stringify(first.doc['type'] ?? null)}, expected "Dataset")`);

  for (let pages = 0; cursor !== undefined && pages < MAX_PAGES; pages++) {
    const page = (await get(cursor))!.doc;
    // The collection itself points at its first page.
    if (page['type'] === 'OrderedCollection' && !Array.isArray(page['orderedItems']) && str(page['first'])) {
      cursor = str(page['first']);
      continue;
    }
    apply(items(page, 'orderedItems'));
    const next = str(page['next']);
    // Without `next`, this page is read again next time: its changes are idempotent, and new ones land on it.
    if (next === undefined) break;
    cursor = next;
  }
  return { status: 'ok', blocks: [...byDomain.values()], cursor, skipped, validators: first.fetched.validators };
}
