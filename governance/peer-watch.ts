// Peer watch as a rule: given what each watched peer instance publishes about its blocks, which of them block a
// domain (and how strictly), which federate with it, which publish nothing and which could not be read. A peer whose
// answer could not be read is never counted as federating: silence is not consent.
import { coversDomain, domainDigest } from './domain.ts';

/** A peer's block in our terms: Mastodon's `silence` and Akkoma's softer MRF actions are a `limit`. */
export type PeerSeverity = 'suspend' | 'limit';

/** One published entry. `domain` may be obfuscated (`*` in it, Mastodon), then `digest` (SHA-256 hex) identifies it. */
export interface PublishedBlock {
  domain: string;
  digest?: string;
  severity: PeerSeverity;
}

/** Why a peer's answer could not be used: it did not answer, too slowly, with garbage, or with too much. */
export type UnreadableKind = 'down' | 'slow' | 'garbage' | 'too-big';

export type PeerReading =
  /** `allowOnly`: an allowlist (Akkoma's `mrf_simple.accept`): every domain it does not cover is rejected. */
  | { peer: string; kind: 'list'; source: 'mastodon' | 'nodeinfo'; blocks: PublishedBlock[]; allowOnly?: string[] }
  /** A readable answer that publishes no list: hidden (404/401/403), or no federation policy in NodeInfo. */
  | { peer: string; kind: 'nothing'; why: string }
  | { peer: string; kind: 'unreadable'; problem: UnreadableKind; reason: string };

export type PeerVerdict =
  /** `as`: the entry as the peer published it (an obfuscated form, a parent domain, or "allowlist"). */
  | { peer: string; verdict: 'blocks'; severity: PeerSeverity; as: string }
  | { peer: string; verdict: 'federates' }
  | { peer: string; verdict: 'nothing'; why: string }
  | { peer: string; verdict: 'unreadable'; problem: UnreadableKind; reason: string };

export interface PeerCounts {
  peers: number;
  blocks: number;
  suspend: number;
  limit: number;
  federates: number;
  nothing: number;
  unreadable: number;
}

export interface DomainWatch {
  domain: string;
  /** In the order of the readings given, so the answer lists peers as configured. */
  verdicts: PeerVerdict[];
  counts: PeerCounts;
}

const STRICTNESS: Record<PeerSeverity, number> = { limit: 1, suspend: 2 };

/** The digests of the domain and each parent with at least two labels: a block on any of them covers the domain. */
export function coveringDigests(domain: string): Set<string> {
  const labels = domain.split('.');
  const out = new Set<string>();
  for (let i = 0; i <= labels.length - 2; i++) out.add(domainDigest(labels.slice(i).join('.')));
  return out;
}

/**
 * Whether a published entry covers the domain, with Mastodon's subdomain rule (a block on example.com covers
 * sub.example.com). An obfuscated entry matches by digest only; without one, only Pleroma's `*.example.com` form
 * can be matched (it covers example.com's subdomains and, as Pleroma reads it, example.com itself).
 */
export function entryCovers(entry: { domain: string; digest?: string }, domain: string, digests: Set<string>): boolean {
  if (!entry.domain.includes('*')) return coversDomain(entry.domain, domain);
  if (entry.digest) return digests.has(entry.digest.toLowerCase());
  const wildcard = /^\*\.([^*]+)$/.exec(entry.domain);
  return wildcard ? coversDomain(wildcard[1]!, domain) : false;
}

/** One peer's verdict on a normalised domain. Of several entries covering it, the strictest counts. */
export function classifyPeer(reading: PeerReading, domain: string, digests = coveringDigests(domain)): PeerVerdict {
  const peer = reading.peer;
  if (reading.kind === 'nothing') return { peer, verdict: 'nothing', why: reading.why };
  if (reading.kind === 'unreadable') return { peer, verdict: 'unreadable', problem: reading.problem, reason: reading.reason };
  let found: PublishedBlock | undefined;
  for (const block of reading.blocks) {
    if (entryCovers(block, domain, digests) && (!found || STRICTNESS[block.severity] > STRICTNESS[found.severity])) found = block;
  }
  if (found?.severity === 'suspend') return { peer, verdict: 'blocks', severity: 'suspend', as: found.domain };
  const allowed = reading.allowOnly?.length ? reading.allowOnly.some((entry) => entryCovers({ domain: entry }, domain, digests)) : true;
  if (!allowed) return { peer, verdict: 'blocks', severity: 'suspend', as: 'allowlist' };
  return found ? { peer, verdict: 'blocks', severity: found.severity, as: found.domain } : { peer, verdict: 'federates' };
}

export function countVerdicts(verdicts: readonly PeerVerdict[]): PeerCounts {
  const counts: PeerCounts = { peers: verdicts.length, blocks: 0, suspend: 0, limit: 0, federates: 0, nothing: 0, unreadable: 0 };
  for (const v of verdicts) {
    if (v.verdict === 'blocks') {
      counts.blocks++;
      counts[v.severity]++;
    } else counts[v.verdict]++;
  }
  return counts;
}

/**
 * Every peer's verdict on `domain` (normalised). A peer that is the domain itself or one of its subdomains is left
 * out: whether threads.net federates with threads.net says nothing.
 */
export function watchDomain(readings: readonly PeerReading[], domain: string): DomainWatch {
  const digests = coveringDigests(domain);
  const verdicts = readings
    .filter((r) => !coversDomain(domain, peerHost(r.peer)))
    .map((r) => classifyPeer(r, domain, digests));
  return { domain, verdicts, counts: countVerdicts(verdicts) };
}

/** A peer's host without a port (peers given as URLs are named host:port). */
export function peerHost(peer: string): string {
  return peer.replace(/:\d+$/, '');
}

/** A peer's stance on a domain as the weekly digest compares it; undefined when it cannot be known (no list read). */
export type Stance = PeerSeverity | 'none';

export function stanceOf(verdict: PeerVerdict): Stance | undefined {
  if (verdict.verdict === 'blocks') return verdict.severity;
  return verdict.verdict === 'federates' ? 'none' : undefined;
}

export interface StanceChange {
  domain: string;
  peer: string;
  from: Stance;
  to: Stance;
}

/**
 * What changed since the last digest: a peer whose stance on a watched domain was known then and is known now, and
 * differs. A peer unreadable now keeps its last known stance (a peer being down is not a lift); one never read before
 * is no change (its first reading is the baseline).
 */
export function stanceChanges(
  before: Readonly<Record<string, Readonly<Record<string, Stance>>>>,
  now: Readonly<Record<string, Readonly<Record<string, Stance | undefined>>>>,
): { changes: StanceChange[]; next: Record<string, Record<string, Stance>> } {
  const changes: StanceChange[] = [];
  const next: Record<string, Record<string, Stance>> = {};
  for (const [domain, peers] of Object.entries(now)) {
    const was = before[domain] ?? {};
    const kept: Record<string, Stance> = {};
    for (const [peer, stance] of Object.entries(peers)) {
      const previous = was[peer];
      const current = stance ?? previous;
      if (current !== undefined) kept[peer] = current;
      if (previous !== undefined && current !== undefined && previous !== current) changes.push({ domain, peer, from: previous, to: current });
    }
    next[domain] = kept;
  }
  return { changes, next };
}
