// The recurring poll of the followed sources. Each source's reading, its state change (failing, reading again) and
// the notices they cause are written in one transaction with the outbox jobs that send them; so are the drafts'
// "shown" marks. A crash therefore neither loses a notice nor repeats one, and a restart shows nothing twice.
// Nothing is applied: drafts and lifts are messages to staff, and only a vote decides.
import type { Message } from '../contracts/message.ts';
import { draftMessage, failingMessage, liftMessage, moreDraftsMessage, recoveredMessage } from '../wording/intake-words.ts';
import { draftKey, draftsDue, liftsNoticed, type CommunityStanding, type SourceReading } from '../../governance/intake.ts';
import type { ProposalState } from '../../governance/types.ts';
import type { IntakeSource } from '../config/types.ts';
import type { GoodRead } from '../../storage/intake.ts';
import type { ConfigSections, ProposalDeps } from '../proposals/deps.ts';
import { txnId } from '../proposals/txn.ts';
import { entriesOf } from '../publish/log-writer.ts';
import { blocksInForce, foldLog } from '../publish/views.ts';
import { packageVersion } from '../project-root.ts';
import { SourceProblem } from './block-lists.ts';
import type { FetchLimits } from './fetch-source.ts';
import { readSource } from './read-source.ts';
import { jobOf } from '../job-kinds.ts';


/** Drafts shown per poll at most: a new source of thousands of blocks must not flood the staff room. */
export const DRAFTS_PER_POLL = 10;
/** Sources read at once. */
const CONCURRENCY = 4;

/** Proposals that are neither decided against nor in force yet (an applied one stands in the log). */
const UNDECIDED: readonly ProposalState[] = ['proposed', 'open', 'closed', 'approved', 'applying', 'apply_failed'];

/**
 * Signal intake: the stored readings and drafts, the staff notices queued, the intake section, the address its requests
 * name (publish.baseUrl or mastodon.url), the command prefix of the drafts.
 */
export type SignalIntakeContext = Pick<ProposalDeps, 'store' | 'staffRoomIds' | 'now' | 'logger' | 'kick'> & ConfigSections<'intake' | 'publish' | 'mastodon' | 'matrix'>;

/** What the community stands by: its log's blocks in force, and its undecided proposals. */
export function communityStanding(deps: Pick<ProposalDeps, 'store'>): CommunityStanding {
  const inForce = blocksInForce(foldLog(entriesOf(deps.store)));
  return {
    blocked: inForce.filter((d) => !d.obfuscated).map((d) => d.domain),
    blockedDigests: new Set(inForce.filter((d) => d.obfuscated).map((d) => d.domainDigest)),
    open: deps.store.proposals.listInStates(UNDECIDED).map((p) => p.domain),
  };
}

export function fetchLimits(deps: ConfigSections<'intake' | 'publish' | 'mastodon'>): FetchLimits {
  const { intake, publish, mastodon } = deps.config;
  const home = publish.baseUrl ?? mastodon?.url;
  return { timeoutMs: intake.timeout, maxBytes: intake.maxBytes, userAgent: `fedimoot/${packageVersion()} (signal intake${home ? `; +${home}` : ''})` };
}

/** Queues `msg` for every staff room; call inside the transaction of the change it reports. `tag` is unique per notice. */
function queueStaffNotice(deps: SignalIntakeContext, tag: string, msg: Message): void {
  for (const roomId of deps.staffRoomIds) {
    deps.store.jobs.schedule(jobOf('intake_notice', undefined, deps.now(), { roomId, tag, message: msg }));
  }
}

export async function sendIntakeNotice(deps: Pick<ProposalDeps, 'rooms'>, payload: { roomId: string; tag: string; message: Message }): Promise<void> {
  await deps.rooms.sendNotice(payload.roomId, payload.message, txnId('intake', payload.tag, payload.roomId));
}

type Outcome = { read: GoodRead | 'unchanged' } | { problem: string; refused: boolean };

async function readOne(deps: SignalIntakeContext, source: IntakeSource, limits: FetchLimits): Promise<Outcome> {
  try {
    return { read: await readSource(source, deps.store.intake.source(source.name), deps.store.intake.blocks(source.name), limits) };
  } catch (error) {
    if (error instanceof SourceProblem) {
      deps.logger.warn({ source: source.name, problem: error.message }, 'intake source could not be read');
      return { problem: error.message, refused: error.refused };
    }
    deps.logger.error({ err: error, source: source.name }, 'reading an intake source failed');
    return { problem: 'could not be read (an error in the bot: see its log)', refused: false };
  }
}

/** Stores what one read brought and queues what staff must hear of it, in one transaction. */
function recordOutcome(deps: SignalIntakeContext, source: IntakeSource, outcome: Outcome, standing: CommunityStanding): void {
  const { store } = deps;
  const prefix = deps.config.matrix.commandPrefix;
  const at = deps.now();
  store.transaction(() => {
    const state = store.intake.source(source.name);
    const before = store.intake.blocks(source.name);
    if ('read' in outcome) {
      store.intake.recordRead(source.name, at, outcome.read);
      const after = outcome.read === 'unchanged' ? before : outcome.read.blocks;
      if (state?.status === 'failing') queueStaffNotice(deps, `recovered:${source.name}:${at}`, recoveredMessage(source.name, after.length));
      // A first reading lifts nothing: there was nothing before it.
      for (const lift of liftsNoticed(source.name, before, after, standing)) queueStaffNotice(deps, `lift:${source.name}:${lift.domain}:${at}`, liftMessage(lift, prefix));
      return;
    }
    store.intake.recordFailure(source.name, at, outcome.problem);
    if (state?.status === 'failing') return;
    const lastOk = state?.lastOkAt === undefined ? undefined : { at: state.lastOkAt, blocks: before.length };
    queueStaffNotice(deps, `failing:${source.name}:${at}`, failingMessage({ name: source.name, url: source.url, problem: outcome.problem, refused: outcome.refused, lastOk }));
  });
}

/** Turns the stored readings into the drafts due, queues them and marks them shown, all in one transaction. */
export function queueDrafts(deps: SignalIntakeContext, standing: CommunityStanding): number {
  const { store, config } = deps;
  return store.transaction(() => {
    const readings: SourceReading[] = config.intake.sources
      .filter((s) => store.intake.source(s.name)?.lastOkAt !== undefined)
      .map((s) => ({ source: s.name, weight: s.trust, blocks: store.intake.blocks(s.name) }));
    const { drafts, forget } = draftsDue(readings, standing, { threshold: config.intake.threshold }, store.intake.shownKeys());
    store.intake.forget(forget);
    const at = deps.now();
    const shown = drafts.slice(0, DRAFTS_PER_POLL);
    for (const draft of shown) {
      if (!store.intake.markShown(draftKey(draft.domain), at)) continue;
      queueStaffNotice(deps, `draft:${draft.domain}:${at}`, draftMessage(draft, config.intake.sources.length, config.matrix.commandPrefix));
    }
    if (drafts.length > shown.length) queueStaffNotice(deps, `more-drafts:${at}`, moreDraftsMessage(drafts.length - shown.length, DRAFTS_PER_POLL));
    return shown.length;
  });
}

/** Reads every source (a few at a time), then queues the drafts due. */
export async function pollSources(deps: SignalIntakeContext): Promise<void> {
  const sources = deps.config.intake.sources;
  deps.store.intake.syncSources(sources);
  const standing = communityStanding(deps);
  const limits = fetchLimits(deps);
  // Read a few at a time; recorded in the config's order, so the notices come in an order staff can follow.
  const outcomes = new Array<Outcome>(sources.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, sources.length) }, async () => {
    for (let i = next++; i < sources.length; i = next++) outcomes[i] = await readOne(deps, sources[i]!, limits);
  }));
  sources.forEach((source, i) => recordOutcome(deps, source, outcomes[i]!, standing));
  queueDrafts(deps, standing);
  deps.kick();
}
