// Akkoma's and Pleroma's published federation policy (NodeInfo `metadata.federation.mrf_simple`) in our terms.
// `reject` refuses everything from a domain: a suspend. The softer actions each keep federating but restrict what
// arrives (off the federated timeline, followers-only, media removed or marked sensitive), like Mastodon's limit
// (silence, with or without rejecting media): a limit. Actions that only drop reports, avatars, banners or deletes
// leave federation as it is and are not counted. A non-empty `accept` is an allowlist: every other domain is rejected.
import type { PeerSeverity, PublishedBlock } from '../../governance/peer-watch.ts';

export const MRF_SEVERITIES: Readonly<Record<string, PeerSeverity>> = {
  reject: 'suspend',
  federated_timeline_removal: 'limit',
  followers_only: 'limit',
  media_removal: 'limit',
  media_nsfw: 'limit',
};

function domains(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  // Entries are domains; some versions publish [domain, reason] pairs instead.
  return value
    .map((entry: unknown) => (Array.isArray(entry) ? entry[0] : entry))
    .filter((d): d is string => typeof d === 'string' && d.trim() !== '')
    .map((d) => d.trim().toLowerCase().replace(/\.$/, ''));
}

/** The blocks of a NodeInfo document; undefined when it publishes no `mrf_simple`. */
export function parseMrfSimple(nodeInfo: Record<string, unknown>): { blocks: PublishedBlock[]; allowOnly?: string[] } | undefined {
  const metadata = nodeInfo.metadata as { federation?: { mrf_simple?: unknown } } | undefined;
  const simple = metadata?.federation?.mrf_simple;
  if (typeof simple !== 'object' || simple === null || Array.isArray(simple)) return undefined;
  const policy = simple as Record<string, unknown>;
  const blocks: PublishedBlock[] = [];
  for (const [action, severity] of Object.entries(MRF_SEVERITIES)) {
    for (const domain of domains(policy[action])) blocks.push({ domain, severity });
  }
  const accept = domains(policy.accept);
  return accept.length ? { blocks, allowOnly: accept } : { blocks };
}
