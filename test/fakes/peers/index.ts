// Fake peer instances on 127.0.0.1 for peer watch: each one a node:http server answering what a Fediverse server
// publishes about its blocks. Mastodon's public `/api/v1/instance/domain_blocks` (obfuscated entries with their
// SHA-256 digest, as Mastodon 4 shows them; hidden lists as 404 or 401), NodeInfo 2.1 with Akkoma's
// `metadata.federation.mrf_simple`, and the faults peer watch must survive: slow, malformed, too big, down.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { domainDigest, obfuscateDomain } from '../../../governance/domain.ts';

export interface FakePeerBlock {
  domain: string;
  /** Mastodon's severities as its API writes them. */
  severity: 'suspend' | 'silence';
  comment?: string;
  obfuscate?: boolean;
}

export type FakePeerSpec =
  /** `chunked`: the list is sent without Content-Length, so a reader learns its size only by reading it. */
  | { kind: 'mastodon'; blocks: FakePeerBlock[]; chunked?: boolean }
  /** Mastodon with `show_domain_blocks` off (404) or for users only (401). */
  | { kind: 'mastodon-hidden'; status: 401 | 404 }
  /** Akkoma: no Mastodon list (404), its policy in NodeInfo; `mrfSimple` absent = transparency off. */
  | { kind: 'akkoma'; mrfSimple?: Record<string, string[]> }
  /** Answers after `delayMs` (the headers first when `trickle`, then the body late). */
  | { kind: 'slow'; delayMs: number; trickle?: boolean }
  | { kind: 'malformed' }
  | { kind: 'status'; status: number };

export interface FakePeer {
  url: string;
  spec: FakePeerSpec;
  /** Requests seen: the path and the User-Agent. */
  requests: { path: string; userAgent: string }[];
  /** A Mastodon peer changes its published blocks (a new block, a lift). */
  publish(blocks: FakePeerBlock[]): void;
}

export interface FakePeers {
  peers: FakePeer[];
  /** A port that refuses connections (a server that was started and stopped): a peer that is down. */
  downUrl: string;
  stop(): Promise<void>;
}

function mastodonEntries(blocks: readonly FakePeerBlock[]): string {
  return JSON.stringify(blocks.map((b) => ({
    domain: b.obfuscate ? obfuscateDomain(b.domain) : b.domain,
    digest: domainDigest(b.domain),
    severity: b.severity,
    comment: b.comment ?? '',
  })));
}

function nodeInfo(url: string, software: string, federation?: Record<string, unknown>) {
  return {
    discovery: JSON.stringify({ links: [
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${url}/nodeinfo/2.0` },
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${url}/nodeinfo/2.1.json` },
    ] }),
    document: JSON.stringify({
      version: '2.1',
      software: { name: software, version: '3.13.2' },
      protocols: ['activitypub'],
      metadata: federation ? { federation } : {},
    }),
  };
}

function startOne(spec: FakePeerSpec, servers: Server[]): Promise<FakePeer> {
  // Built once, at start (and again on publish): a 50,000-entry list is served many times in the bench.
  let cached: { domainBlocks?: string; info?: ReturnType<typeof nodeInfo> } | undefined;
  const peer: FakePeer = {
    url: '',
    spec,
    requests: [],
    publish(blocks) {
      if (spec.kind !== 'mastodon') throw new Error('only a Mastodon peer publishes a block list');
      spec.blocks = blocks;
      cached = undefined;
    },
  };
  const answers = () => {
    cached ??= {
      domainBlocks: spec.kind === 'mastodon' ? mastodonEntries(spec.blocks) : undefined,
      info: nodeInfo(peer.url, spec.kind === 'akkoma' ? 'akkoma' : 'mastodon', spec.kind === 'akkoma' && spec.mrfSimple ? { mrf_policies: ['SimplePolicy'], mrf_simple: spec.mrfSimple, enabled: true } : undefined),
    };
    return cached;
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    peer.requests.push({ path, userAgent: String(req.headers['user-agent'] ?? '') });
    const json = (status: number, body: string) => {
      if (spec.kind === 'mastodon' && spec.chunked) {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        for (let at = 0; at < body.length; at += 65_536) res.write(body.slice(at, at + 65_536));
        res.end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (spec.kind === 'slow') {
      if (spec.trickle) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
      }
      const timer = setTimeout(() => (spec.trickle ? res.end('[]') : json(200, '[]')), spec.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (spec.kind === 'malformed') return json(200, '[{"domain": "x.example", "severity": "susp');
    if (spec.kind === 'status') return json(spec.status, '{"error":"nope"}');
    const { domainBlocks, info } = answers();
    if (path === '/api/v1/instance/domain_blocks') {
      if (domainBlocks !== undefined) return json(200, domainBlocks);
      if (spec.kind === 'mastodon-hidden') return json(spec.status, '{"error":"This method requires an authenticated user"}');
      return json(404, '{"error":"Record not found"}');
    }
    if (path === '/.well-known/nodeinfo') return json(200, info!.discovery);
    if (path === '/nodeinfo/2.1.json') return json(200, info!.document);
    return json(404, '{"error":"Not found"}');
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Built before the first request, so no reader's deadline pays for it.
    answers();
    resolve(peer);
  }));
}

export async function startFakePeers(specs: readonly FakePeerSpec[]): Promise<FakePeers> {
  const servers: Server[] = [];
  const peers = await Promise.all(specs.map((spec) => startOne(spec, servers)));
  // The address of a server that no longer listens.
  const downUrl = await new Promise<string>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
      probe.close(() => resolve(url));
    });
  });
  return {
    peers,
    downUrl,
    async stop() {
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      })));
    },
  };
}

/** `count` blocks named block-0.example …, the first `suspended` of them suspends, the rest silences. */
export function manyBlocks(count: number, suspended = count): FakePeerBlock[] {
  return Array.from({ length: count }, (_, i) => ({ domain: `block-${i}.example`, severity: i < suspended ? 'suspend' : 'silence', comment: `reason ${i}` }));
}
