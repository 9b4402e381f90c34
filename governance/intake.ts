// Signal intake as rules: from what the followed sources block and what the community itself stands by, which drafts
// staff should see and which lifts they should hear of. Nothing here applies anything: a draft is a suggestion of a
// `propose` command, and only a vote decides. Pure; bot/intake/ reads the sources and stores the readings.
import { coversDomain, domainDigest, findCoveringBlock } from './domain.ts';

export type SourceSeverity = 'suspend' | 'limit';

/** One block a source publishes; `domain` normalised (governance/domain.ts). */
export interface SourceBlock {
  domain: string;
  severity: SourceSeverity;
  reason: string | null;
  /** Where the source explains it (a decision's page), when it says. */
  link: string | null;
}

/** The last good reading of one source. `weight`: its `trust` (how many sources it counts as toward the threshold). */
export interface SourceReading {
  source: string;
  weight: number;
  blocks: readonly SourceBlock[];
}

/** What the community stands by: the domains its log keeps blocked, and the domains of its undecided proposals. */
export interface CommunityStanding {
  /** Blocked by an applied decision (public domains). */
  blocked: readonly string[];
  /** SHA-256 digests of blocked domains the log shows obfuscated only. */
  blockedDigests: ReadonlySet<string>;
  /** Domains with a proposal not yet decided or not yet in force. */
  open: readonly string[];
}

export interface DraftBacker {
  source: string;
  severity: SourceSeverity;
  reason: string | null;
  link: string | null;
}

export interface Draft {
  domain: string;
  /** What most backers do; a tie goes to the milder `limit` (staff can still propose more). */
  severity: SourceSeverity;
  /** The sources whose block covers the domain, by name. */
  backers: DraftBacker[];
}

export interface IntakeRule {
  /** How much trust (summed weights) must block a domain before it becomes a draft. */
  threshold: number;
}

/** The key of a draft's "shown" mark. */
export const draftKey = (domain: string): string => `draft:${domain}`;

/** The domain and its parents, nearest first: `a.b.example` → a.b.example, b.example, example. */
function selfAndParents(domain: string): string[] {
  const labels = domain.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/** True when the community's own block covers `domain` (itself or a parent), obfuscated blocks matched by digest. */
export function communityBlocks(standing: CommunityStanding, domain: string): boolean {
  if (findCoveringBlock(domain, standing.blocked) !== undefined) return true;
  return selfAndParents(domain).some((d) => standing.blockedDigests.has(domainDigest(d)));
}

function backersOf(readings: readonly SourceReading[], domain: string): { backers: DraftBacker[]; weight: number } {
  const backers: DraftBacker[] = [];
  let weight = 0;
  for (const r of readings) {
    const block = findCoveringBlock(domain, r.blocks);
    if (!block) continue;
    backers.push({ source: r.source, severity: block.severity, reason: block.reason, link: block.link });
    weight += r.weight;
  }
  return { backers: backers.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)), weight };
}

/**
 * The drafts due now: every domain some source blocks whose backers reach the threshold, that the community neither
 * blocks nor has a proposal on, and that was not shown before (`shown`: the keys of drafts already shown). A domain
 * whose parent is itself a draft or blocked here is left out: the parent's block covers it. `forget`: marks of drafts
 * no source backs any more, so the domain is shown again if sources block it later.
 */
export function draftsDue(
  readings: readonly SourceReading[],
  standing: CommunityStanding,
  rule: IntakeRule,
  shown: ReadonlySet<string>,
): { drafts: Draft[]; forget: string[] } {
  const candidates = [...new Set(readings.flatMap((r) => r.blocks.map((b) => b.domain)))].sort();
  const reaching = new Map<string, Draft>();
  for (const domain of candidates) {
    const { backers, weight } = backersOf(readings, domain);
    if (weight < rule.threshold || weight === 0) continue;
    const suspends = backers.filter((b) => b.severity === 'suspend').length;
    reaching.set(domain, { domain, severity: suspends * 2 > backers.length ? 'suspend' : 'limit', backers });
  }
  const drafts: Draft[] = [];
  for (const draft of reaching.values()) {
    const parents = selfAndParents(draft.domain).slice(1);
    if (parents.some((p) => reaching.has(p))) continue;
    if (communityBlocks(standing, draft.domain)) continue;
    if (standing.open.some((d) => coversDomain(d, draft.domain))) continue;
    if (shown.has(draftKey(draft.domain))) continue;
    drafts.push(draft);
  }
  const backed = new Set(candidates.filter((d) => backersOf(readings, d).backers.length > 0));
  const forget = [...shown].filter((key) => key.startsWith('draft:') && !backed.has(key.slice('draft:'.length)));
  return { drafts, forget };
}

export interface Lift {
  source: string;
  domain: string;
  /** What the source had said before it lifted the block. */
  was: SourceBlock;
}

/**
 * The blocks a source lifted between two readings that the community still blocks: staff may want to reconsider.
 * A block replaced by one on a parent domain, or moved from suspend to limit, is not a lift.
 */
export function liftsNoticed(source: string, before: readonly SourceBlock[], after: readonly SourceBlock[], standing: CommunityStanding): Lift[] {
  return before
    .filter((b) => findCoveringBlock(b.domain, after) === undefined && communityBlocks(standing, b.domain))
    .map((b) => ({ source, domain: b.domain, was: b }))
    .sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}
