// The handler of every job kind of bot/job-kinds.ts (the type demands one for each), and the runners' handler tables
// made from them: the payload is parsed by the kind's schema before its handler sees it, and a job bound to its
// proposal's state is dismissed as obsolete once the proposal moved past it.
import type { z } from 'zod';
import { JOB_KINDS, kindsIn, needsProposal, type JobKind, type Lane, type PayloadOf, type ProposalIdOf } from './job-kinds.ts';
import { OBSOLETE, type JobHandler } from './scheduler.ts';
import type { Job } from '../storage/jobs.ts';
import type { ProposalDeps } from './proposals/deps.ts';
import { jobStillApplies } from './proposals/obsolete-jobs.ts';
import { noticeNoPoll, noticeNoPollToStaff, publishPoll } from './proposals/open-poll.ts';
import { announceResult, closeVote, finishClose, finishEndWithoutCount } from './proposals/close.ts';
import { remind } from './proposals/remind.ts';
import { runMilestone } from './proposals/hooks.ts';
import { runApply } from './decisions/apply.ts';
import { sendQueuedNotice } from './decisions/notices.ts';
import { postResultStatus } from './decisions/announce.ts';
import { applyStage, remindReview, remindStage, type PeersNow } from './stages/stage-jobs.ts';
import { sendPersonalNotices } from './personal/notices.ts';
import type { DirectMessages } from './pledges/direct.ts';
import { refreshPeers, sendPeerDigest } from './peers/peer-jobs.ts';
import type { PeerWatch } from './contracts/peer-ports.ts';
import type { IntakeCapability } from './intake/capability.ts';
import { sendIntakeNotice } from './intake/poll.ts';

/** What the handlers run on. */
export interface JobContext {
  /** The handlers together run every capability's jobs, so they hold the whole context; each passes on what its capability asks. */
  deps: ProposalDeps;
  /** Direct messages, for members' personal notices. */
  dm?: DirectMessages;
  /** How many watched peers block a domain now, for review reminders (peer watch, issue 13). */
  peersNow?: PeersNow;
  /** Peer watch, when configured (its lane runs only then). */
  peers?: PeerWatch;
  /** Signal intake (its lane runs always; a poll without sources does nothing). */
  intake?: IntakeCapability;
}

export interface TypedJob<K extends JobKind> {
  proposalId: ProposalIdOf<K>;
  payload: PayloadOf<K>;
  /** Claims so far, this one included. */
  attempts: number;
}

type Handlers = { [K in JobKind]: (ctx: JobContext, job: TypedJob<K>) => Promise<void | typeof OBSOLETE> };

const HANDLERS: Handlers = {
  publish_poll: ({ deps }, job) => publishPoll(deps, job.proposalId, job.payload.roomId),
  no_poll_notice: ({ deps }, job) => noticeNoPoll(deps, job.proposalId, job.payload.roomId),
  no_poll_staff_notice: ({ deps }, job) => noticeNoPollToStaff(deps, job.proposalId, job.payload.rooms),
  async close({ deps }, job) {
    const record = deps.store.proposals.get(job.proposalId);
    if (record?.state !== 'open' || record.deadlineAt === undefined) return OBSOLETE;
    await closeVote(deps, record.id, 'fedimoot', record.deadlineAt);
  },
  remind: ({ deps }, job) => remind(deps, job.proposalId),
  finish_close: ({ deps }, job) => finishClose(deps, job.proposalId, job.payload.command),
  announce_result: ({ deps }, job) => announceResult(deps, job.proposalId, job.payload.roomId, job.payload.command),
  end_without_count: ({ deps }, job) => finishEndWithoutCount(deps, job.proposalId, job.payload.reason, job.payload.command),
  milestone: ({ deps }, job) => runMilestone(deps, job.proposalId, job.payload),
  notice: ({ deps }, job) => sendQueuedNotice(deps, job.proposalId, job.payload),
  apply: ({ deps }, job) => runApply(deps, job.proposalId, job.attempts),
  announce_status: ({ deps }, job) => postResultStatus(deps, job.proposalId, job.payload.what),
  stage_apply: ({ deps }, job) => applyStage(deps, job.proposalId),
  stage_remind: ({ deps }, job) => remindStage(deps, job.proposalId, job.payload.dueAt),
  review_remind: ({ deps, peersNow }, job) => remindReview(deps, job.proposalId, peersNow),
  personal_notice({ deps, dm }, job) {
    if (!dm) throw new Error('personal notices need direct messages, and this bot was composed without them');
    return sendPersonalNotices(deps, dm, job.proposalId, job.payload.notice);
  },
  async peer_refresh({ deps, peers }, job) {
    // Peer watch taken out of the config since: nothing to read, and no next round.
    if (!peers || !deps.config.peers) return OBSOLETE;
    await refreshPeers(deps, peers, job.payload.dueAt, deps.config.peers.cacheTtl);
  },
  async peer_digest({ deps, peers }, job) {
    if (!peers) return OBSOLETE;
    await sendPeerDigest(deps, peers, job.payload.dueAt);
  },
  async intake_poll({ intake }, job) {
    if (!intake) return OBSOLETE;
    await intake.poll(job.payload.round);
  },
  intake_notice: ({ deps }, job) => sendIntakeNotice(deps, job.payload),
};

function typedHandler<K extends JobKind>(ctx: JobContext, kind: K): JobHandler {
  const entry = JOB_KINDS[kind];
  return async (job: Job) => {
    if (job.proposalId === undefined && needsProposal(kind)) throw new Error(`a ${kind} job needs a proposal`);
    const state = job.proposalId === undefined ? undefined : ctx.deps.store.proposals.get(job.proposalId)?.state;
    if (!jobStillApplies(kind, state)) return OBSOLETE;
    const parsed = (entry.payload as z.ZodType).safeParse(job.payload);
    if (!parsed.success) throw new Error(`the payload of ${kind} job ${job.id} is not as its kind declares: ${parsed.error.message}`);
    const run = HANDLERS[kind] as (ctx: JobContext, job: TypedJob<K>) => Promise<void | typeof OBSOLETE>;
    return run(ctx, { proposalId: job.proposalId as ProposalIdOf<K>, payload: parsed.data as PayloadOf<K>, attempts: job.attempts });
  };
}

/** Handlers of every kind, or of one lane's kinds only. */
export function jobHandlers(ctx: JobContext, lane?: Lane): Record<string, JobHandler> {
  const kinds = lane ? kindsIn(lane) : (Object.keys(JOB_KINDS) as JobKind[]);
  return Object.fromEntries(kinds.map((kind) => [kind, typedHandler(ctx, kind)]));
}
