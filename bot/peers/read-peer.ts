// Reads what one peer instance publishes about its blocks: Mastodon's public `GET /api/v1/instance/domain_blocks`
// first; when that list is hidden or absent, NodeInfo's `metadata.federation.mrf_simple` (Akkoma, Pleroma). Each peer
// gets one deadline for all its requests and a cap on each body, read as a stream and stopped at the cap, so a slow
// or huge answer costs at most the limits. Every failure becomes an "unreadable" reading with its reason.
import type { PeerReading, PeerSeverity, PublishedBlock, UnreadableKind } from '../../governance/peer-watch.ts';
import { parseMrfSimple } from './mrf-simple.ts';
import type { PeerAddress } from '../config/types.ts';
import { BodyTooBig, readCappedText } from '../capped-body.ts';

export interface PeerLimits {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

export type { PeerAddress };

class Unreadable extends Error {
  readonly problem: UnreadableKind;
  constructor(problem: UnreadableKind, reason: string) {
    super(reason);
    this.problem = problem;
  }
}

type Answer = { status: number; body?: unknown };

/** Statuses that mean "this list is not shown" (hidden by the instance's setting, or no such endpoint). */
const NOT_PUBLISHED = new Set([401, 403, 404, 410]);

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'refused the connection';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its name does not resolve';
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') return 'closed the connection';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return 'its TLS certificate was refused';
  return code ? `could not be reached (${code})` : 'could not be reached';
}

async function getJson(url: string, limits: PeerLimits, signal: AbortSignal): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json', 'user-agent': limits.userAgent } });
  } catch (error) {
    if (signal.aborted) throw new Unreadable('slow', `no answer in ${seconds(limits.timeoutMs)}`);
    throw new Unreadable('down', networkReason(error));
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return { status: response.status };
  }
  let text: string;
  try {
    text = await readCappedText(response, limits.maxBytes);
  } catch (error) {
    if (error instanceof BodyTooBig) throw new Unreadable('too-big', error.message);
    if (signal.aborted) throw new Unreadable('slow', `no complete answer in ${seconds(limits.timeoutMs)}`);
    throw new Unreadable('down', networkReason(error));
  }
  try {
    return { status: 200, body: JSON.parse(text) as unknown };
  } catch {
    throw new Unreadable('garbage', `answered ${new URL(url).pathname} with something that is not JSON`);
  }
}

const SEVERITIES: Record<string, PeerSeverity | undefined> = { suspend: 'suspend', silence: 'limit', limit: 'limit' };

/** Mastodon's `[{domain, digest, severity, comment}]`; entries without a domain or with another severity are skipped. */
function parseDomainBlocks(body: unknown): PublishedBlock[] {
  if (!Array.isArray(body)) throw new Unreadable('garbage', 'answered /api/v1/instance/domain_blocks with JSON that is not a list of blocks');
  const blocks: PublishedBlock[] = [];
  for (const entry of body as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { domain, digest, severity } = entry as Record<string, unknown>;
    const ours = typeof severity === 'string' ? SEVERITIES[severity] : undefined;
    if (typeof domain !== 'string' || domain === '' || !ours) continue;
    blocks.push({ domain: domain.toLowerCase().replace(/\.$/, ''), ...(typeof digest === 'string' ? { digest } : {}), severity: ours });
  }
  return blocks;
}

/** NodeInfo 2.x through its discovery document; the newest 2.x schema offered. */
async function readNodeInfo(peer: PeerAddress, limits: PeerLimits, signal: AbortSignal): Promise<Record<string, unknown> | undefined> {
  const discovery = await getJson(`${peer.baseUrl}/.well-known/nodeinfo`, limits, signal);
  if (discovery.status !== 200) return undefined;
  const links = (discovery.body as { links?: unknown } | null)?.links;
  if (!Array.isArray(links)) throw new Unreadable('garbage', 'answered /.well-known/nodeinfo without a list of links');
  const candidates = (links as { rel?: unknown; href?: unknown }[])
    .filter((l) => typeof l.href === 'string' && typeof l.rel === 'string' && /nodeinfo\.diaspora\.software\/ns\/schema\/2\.\d+$/.test(l.rel))
    .sort((a, b) => String(b.rel).localeCompare(String(a.rel)));
  const href = candidates[0]?.href as string | undefined;
  if (!href) return undefined;
  let url: URL;
  try {
    url = new URL(href, peer.baseUrl);
  } catch {
    throw new Unreadable('garbage', 'names a NodeInfo document at an address that is not one');
  }
  const document = await getJson(url.toString(), limits, signal);
  if (document.status !== 200) return undefined;
  if (typeof document.body !== 'object' || document.body === null) throw new Unreadable('garbage', 'answered a NodeInfo document that is not a JSON object');
  return document.body as Record<string, unknown>;
}

async function readOrThrow(peer: PeerAddress, limits: PeerLimits, signal: AbortSignal): Promise<PeerReading> {
  const api = await getJson(`${peer.baseUrl}/api/v1/instance/domain_blocks`, limits, signal);
  if (api.status === 200) return { peer: peer.name, kind: 'list', source: 'mastodon', blocks: parseDomainBlocks(api.body) };
  if (!NOT_PUBLISHED.has(api.status)) {
    throw new Unreadable(api.status >= 500 ? 'down' : 'garbage', `answered /api/v1/instance/domain_blocks with HTTP ${api.status}`);
  }
  const nodeInfo = await readNodeInfo(peer, limits, signal);
  const mrf = nodeInfo && parseMrfSimple(nodeInfo);
  if (mrf) return { peer: peer.name, kind: 'list', source: 'nodeinfo', ...mrf };
  return { peer: peer.name, kind: 'nothing', why: `does not show its blocks (HTTP ${api.status}, and no federation policy in NodeInfo)` };
}

/** One peer's reading within the limits; never throws. */
export async function readPeer(peer: PeerAddress, limits: PeerLimits): Promise<PeerReading> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    return await readOrThrow(peer, limits, controller.signal);
  } catch (error) {
    if (error instanceof Unreadable) return { peer: peer.name, kind: 'unreadable', problem: error.problem, reason: error.message };
    if (controller.signal.aborted) return { peer: peer.name, kind: 'unreadable', problem: 'slow', reason: `no answer in ${seconds(limits.timeoutMs)}` };
    return { peer: peer.name, kind: 'unreadable', problem: 'garbage', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** Reads every peer, at most `concurrency` at a time; the readings in the order of `peers`. */
export async function readPeers(peers: readonly PeerAddress[], limits: PeerLimits, concurrency: number): Promise<PeerReading[]> {
  const readings: PeerReading[] = new Array<PeerReading>(peers.length);
  let next = 0;
  const worker = async () => {
    while (next < peers.length) {
      const i = next++;
      readings[i] = await readPeer(peers[i]!, limits);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, peers.length) }, worker));
  return readings;
}
