// What publish.http serves at each address: the log, its page and feeds, and the feeds other servers subscribe to.
// The same renderers write `fedimoot export`'s files, so a file and its address hold the same bytes.
import type { HashedEntry } from '../../governance/log-entry.ts';
import { renderGoToSocialCsv, renderMastodonJson, renderPlainList } from './feeds.ts';
import { renderFiresChange, renderFiresChanges, renderFiresDataset, renderFiresLabels, renderFiresSnapshot, type FiresDatasetInfo } from './fires.ts';
import { renderAtom, renderCsv, renderJson, type PublishContext } from './formats.ts';
import { renderHtml } from './html.ts';

export interface Route {
  type: string;
  /** undefined: nothing at this address (404). `self` is the server's own address, for FIRES ids without a baseUrl. */
  render(entries: readonly HashedEntry[], ctx: PublishContext, self?: string): string | undefined;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** FIRES documents are JSON-LD; its reference server answers `application/json` unless asked for ld+json. */
const FIRES_TYPE = JSON_TYPE;

/** FIRES ids are URLs: publish.baseUrl, or the server's own address when none is configured. */
export function firesInfo(ctx: PublishContext, fallbackBase = 'http://localhost'): FiresDatasetInfo {
  return { base: ctx.baseUrl ?? fallbackBase, title: ctx.title, publisher: ctx.publisher };
}

const HTML: Route = { type: 'text/html; charset=utf-8', render: renderHtml };

export const ROUTES: Record<string, Route> = {
  '/': HTML,
  '/index.html': HTML,
  '/decisions.json': { type: JSON_TYPE, render: renderJson },
  '/decisions.csv': { type: 'text/csv; charset=utf-8', render: (entries) => renderCsv(entries) },
  '/decisions.atom': { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  '/gotosocial.csv': { type: 'text/csv; charset=utf-8', render: renderGoToSocialCsv },
  '/domain_blocks.json': { type: JSON_TYPE, render: renderMastodonJson },
  '/suspended.txt': { type: 'text/plain; charset=utf-8', render: renderPlainList },
  '/fires': { type: FIRES_TYPE, render: (entries, ctx, self) => renderFiresDataset(entries, firesInfo(ctx, self)) },
  '/fires/snapshot': { type: FIRES_TYPE, render: (entries, ctx, self) => renderFiresSnapshot(entries, firesInfo(ctx, self)) },
  '/fires/changes': { type: FIRES_TYPE, render: (entries, ctx, self) => renderFiresChanges(entries, firesInfo(ctx, self)) },
  '/fires/labels': { type: FIRES_TYPE, render: (_entries, ctx, self) => renderFiresLabels(firesInfo(ctx, self)) },
};

export const ROUTE_LIST = Object.keys(ROUTES).filter((p) => p !== '/index.html').join(', ');

export type Resolved = { key: string; route: Route } | { status: 400 | 404; message: string };

const SEQ = /^(0|[1-9]\d{0,15})$/;

/** The route for a request's path and query; `key` names the rendered bytes (only fixed addresses are cached). */
export function resolveRoute(path: string, query: URLSearchParams): Resolved {
  const change = /^\/fires\/changes\/([^/]+)$/.exec(path);
  if (change) {
    if (!SEQ.test(change[1]!)) return { status: 404, message: `No change ${change[1]}: changes are numbered by the log's seq.\n` };
    const seq = Number(change[1]);
    return { key: path, route: { type: FIRES_TYPE, render: (entries, ctx, self) => renderFiresChange(entries, firesInfo(ctx, self), seq) } };
  }
  if (path === '/fires/changes' && query.has('since')) {
    const since = query.get('since')!;
    if (!SEQ.test(since)) return { status: 400, message: `since=${since}: write the seq of the last change you have, e.g. since=0 for the first page.\n` };
    return { key: `${path}?since=${Number(since)}`, route: { type: FIRES_TYPE, render: (entries, ctx, self) => renderFiresChanges(entries, firesInfo(ctx, self), Number(since)) } };
  }
  const route = ROUTES[path];
  return route ? { key: path, route } : { status: 404, message: `Not found. The log is at ${ROUTE_LIST}.\n` };
}
