// Which software the instance runs, and its domain. GoToSocial 0.19 does not say so in /api/v1/instance (a bare
// `version` like "0.19.2", `source_url` null); /api/v2/instance names it in `source_url`, and nodeinfo always does.
import type { InstanceInfo } from './gateway.ts';
import type { InstanceHttp } from './http.ts';

type Json = Record<string, unknown>;

const mentionsGoToSocial = (...hints: unknown[]): boolean =>
  hints.some((hint) => typeof hint === 'string' && hint.toLowerCase().includes('gotosocial'));

export async function readInstanceInfo(http: InstanceHttp): Promise<InstanceInfo> {
  const v2 = await http.request({ method: 'GET', path: '/api/v2/instance' });
  if (v2.status === 200 && v2.json) {
    const body = v2.body as Json;
    const domain = typeof body.domain === 'string' ? body.domain : undefined;
    const gotosocial = mentionsGoToSocial(body.source_url, body.version, v2.headers.get('server'));
    return { flavor: gotosocial ? 'gotosocial' : 'mastodon', domain };
  }
  // Older servers (Mastodon 3.x) have only v1; nodeinfo then names the software.
  const v1 = await http.request({ method: 'GET', path: '/api/v1/instance' });
  const body = (v1.status === 200 && v1.json ? v1.body : {}) as Json;
  const domain = typeof body.uri === 'string' ? body.uri : undefined;
  if (mentionsGoToSocial(body.source_url, body.version, v1.headers.get('server'))) return { flavor: 'gotosocial', domain };
  if (v1.status !== 200) throw http.refused(v1, 'reading /api/v1/instance');
  return { flavor: (await nodeinfoSoftware(http)) === 'gotosocial' ? 'gotosocial' : 'mastodon', domain };
}

async function nodeinfoSoftware(http: InstanceHttp): Promise<string | undefined> {
  const wellKnown = await http.request({ method: 'GET', path: '/.well-known/nodeinfo' });
  const links = ((wellKnown.body as { links?: { href?: unknown }[] } | undefined)?.links ?? []).map((l) => l.href);
  const href = links.find((h): h is string => typeof h === 'string');
  if (wellKnown.status !== 200 || !href) return undefined;
  // Only the path: the request carries the token, which must not go to another host.
  const url = new URL(href, 'http://instance.invalid');
  const nodeinfo = await http.request({ method: 'GET', path: url.pathname + url.search });
  const name = (nodeinfo.body as { software?: { name?: unknown } } | undefined)?.software?.name;
  return nodeinfo.status === 200 && typeof name === 'string' ? name.toLowerCase() : undefined;
}
