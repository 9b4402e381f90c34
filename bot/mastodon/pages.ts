// Every page of a list the instance pages with Link headers (Mastodon's `rel="next"`). GoToSocial links on after
// pages that are not full, and Mastodon after every full one, so an empty page is the end too.
import type { HttpReply, InstanceHttp } from './http.ts';
import { nextLink } from './wire.ts';

/** Every item, or the first answer that is not a page (a refusal), as it came. */
export async function readPages(http: InstanceHttp, firstPath: string): Promise<{ items: unknown[] } | { refused: HttpReply }> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let path: string | undefined = firstPath;
  while (path && !seen.has(path)) {
    seen.add(path);
    const reply = await http.request({ method: 'GET', path });
    if (reply.status !== 200 || !Array.isArray(reply.body)) return { refused: reply };
    const page = reply.body as unknown[];
    items.push(...page);
    path = page.length > 0 ? nextLink(reply.headers.get('link')) : undefined;
  }
  return { items };
}

export async function readAllPages(http: InstanceHttp, firstPath: string, what: string): Promise<unknown[]> {
  const read = await readPages(http, firstPath);
  if ('refused' in read) throw http.refused(read.refused, what);
  return read.items;
}
