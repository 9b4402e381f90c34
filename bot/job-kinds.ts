// Every kind of stored job, in one table: the shape of its payload (parsed when it runs, so a handler never reads a
// cast), its idempotency key (scheduling twice with the same key is one job; keys are as they were before this table,
// so jobs of older databases still match), its lane and the proposal states in which it still has work. The handler
// of each kind is in bot/job-handlers.ts, whose type demands one for every kind here. A new kind is one entry here and
// its handler there.
// Kept free of handlers so the files that schedule jobs can import it without importing each other.
import { z } from 'zod';
import type { ProposalState } from '../governance/types.ts';
import type { NewJob } from '../storage/jobs.ts';
import type { Message } from './contracts/message.ts';

/**
 * Runners: `instance` waits on the instance (a slow one never holds up replies and polls); `personal` reads every
 * linked member's follows (long, so it never holds up applying a decision); `peers` reads the watched peers (hundreds,
 * each up to peers.timeout; only when peer watch is configured); `intake` reads the followed block lists (each up to
 * intake.timeout); `main` runs everything else.
 */
export type Lane = 'main' | 'instance' | 'personal' | 'peers' | 'intake';

/**
 * - `opened`: the poll is open (eligibility and rules fixed).
 * - `counted`: the vote was counted; the proposal is approved, rejected or no_quorum.
 * - `ended`: withdrawn or cancelled without a count.
 * - `applied`: an approved decision is on the instance (or recorded as applied without one).
 * - `apply_failed`: applying was given up; staff were told.
 * - `imported`: the instance's existing blocks were recorded as prior decisions (named: the last one recorded).
 * - `stage_applied`: a staged decision's second stage is in force (its severity changed, see bot/stages).
 */
export const MILESTONES = ['opened', 'counted', 'ended', 'applied', 'apply_failed', 'imported', 'stage_applied'] as const;
export type Milestone = (typeof MILESTONES)[number];

/** The command a job's announcement answers: in its room the announcement is the reply to it. */
const commandRef = z.object({ roomId: z.string(), eventId: z.string() });
/** Tolerant, as it always was: a malformed reference means the announcement answers no command. */
const optionalCommand = commandRef.optional().catch(undefined);
const inRoom = z.object({ roomId: z.string() });
const nothing = z.object({});

interface KindSpec<S extends z.ZodType> {
  payload: S;
  key(proposalId: number | undefined, payload: z.output<S>): string;
  lane: Lane;
  /** The states in which a job of this kind still has work; outside them it is cancelled (bot/proposals/obsolete-jobs.ts). */
  stillAppliesIn?: readonly ProposalState[];
}

/** Kinds that may have no proposal (a notice about the instance as a whole, peer watch's and intake's rounds and
 * notices); the others need one. */
const PROPOSAL_OPTIONAL = ['notice', 'peer_refresh', 'peer_digest', 'intake_poll', 'intake_notice'] as const;

const spec = <S extends z.ZodType>(s: KindSpec<S>): KindSpec<S> => s;

export const JOB_KINDS = {
  publish_poll: spec({ payload: inRoom, key: (id, p) => `publish:${id}:${p.roomId}`, lane: 'main', stillAppliesIn: ['open'] }),
  no_poll_notice: spec({ payload: inRoom, key: (id, p) => `no-poll:${id}:${p.roomId}`, lane: 'main' }),
  no_poll_staff_notice: spec({ payload: z.object({ rooms: z.array(z.string()).default([]) }), key: (id) => `no-poll-staff:${id}`, lane: 'main' }),
  close: spec({ payload: nothing, key: (id) => `close:${id}`, lane: 'main', stillAppliesIn: ['open'] }),
  remind: spec({ payload: nothing, key: (id) => `remind:${id}`, lane: 'main', stillAppliesIn: ['open'] }),
  finish_close: spec({ payload: z.object({ command: optionalCommand }), key: (id) => `finish:${id}`, lane: 'main' }),
  announce_result: spec({
    payload: z.object({ roomId: z.string(), command: optionalCommand }),
    key: (id, p) => `announce_result:${id}:${p.roomId}`,
    lane: 'main',
  }),
  end_without_count: spec({
    payload: z.object({ reason: z.string().optional(), command: optionalCommand }),
    key: (id) => `ended:${id}`,
    lane: 'main',
  }),
  milestone: spec({
    payload: z.object({ milestone: z.enum(MILESTONES), hook: z.string() }),
    key: (id, p) => `milestone:${p.milestone}:${id}:${p.hook}`,
    lane: 'main',
  }),
  notice: spec({
    payload: z.object({ roomId: z.string(), tag: z.string(), paragraphs: z.array(z.string()) }),
    key: (id, p) => `notice:${p.tag}:${id ?? '-'}:${p.roomId}`,
    lane: 'main',
  }),
  apply: spec({ payload: z.object({ reason: z.string() }), key: (id, p) => `apply:${id}:${p.reason}`, lane: 'instance', stillAppliesIn: ['approved', 'applying'] }),
  announce_status: spec({
    payload: z.object({ what: z.enum(['result', 'applied']).catch('result') }),
    // The result keeps its original key, so a result queued before an upgrade is not posted again.
    key: (id, p) => (p.what === 'result' ? `announce-status:${id}` : `announce-status:${id}:applied`),
    lane: 'instance',
  }),
  stage_apply: spec({ payload: nothing, key: (id) => `stage_apply:${id}`, lane: 'instance' }),
  stage_remind: spec({ payload: z.object({ dueAt: z.number() }), key: (id) => `stage_remind:${id}`, lane: 'main' }),
  review_remind: spec({ payload: nothing, key: (id) => `review_remind:${id}`, lane: 'main' }),
  personal_notice: spec({
    payload: z.object({ notice: z.enum(['opened', 'approved', 'lifted']) }),
    key: (id, p) => `personal-notice:${p.notice}:${id}`,
    lane: 'personal',
  }),
  // Recurring: each run schedules the next (bot/peers/peer-jobs.ts); `dueAt` makes each round's key its own.
  peer_refresh: spec({ payload: z.object({ dueAt: z.number() }), key: (_id, p) => `peer_refresh:${p.dueAt}`, lane: 'peers' }),
  peer_digest: spec({ payload: z.object({ dueAt: z.number() }), key: (_id, p) => `peer_digest:${p.dueAt}`, lane: 'peers' }),
  // Recurring (bot/intake/capability.ts): `round` names the poll (at a start, or after the poll before it).
  intake_poll: spec({ payload: z.object({ round: z.string() }), key: (_id, p) => `intake_poll:${p.round}`, lane: 'intake' }),
  // A staff notice of the intake (a draft, a lift, a source failing or reading again), as a whole message.
  intake_notice: spec({
    payload: z.object({ roomId: z.string(), tag: z.string(), message: z.custom<Message>((m) => typeof m === 'object' && m !== null && Array.isArray((m as Message).blocks)) }),
    key: (_id, p) => `intake_notice:${p.tag}:${p.roomId}`,
    lane: 'main',
  }),
};

export type JobKind = keyof typeof JOB_KINDS;
export type PayloadOf<K extends JobKind> = z.output<(typeof JOB_KINDS)[K]['payload']>;
/** What scheduling takes: fields with a default may be left out. */
export type PayloadInputOf<K extends JobKind> = z.input<(typeof JOB_KINDS)[K]['payload']>;
export type ProposalIdOf<K extends JobKind> = K extends (typeof PROPOSAL_OPTIONAL)[number] ? number | undefined : number;

export const needsProposal = (kind: JobKind): boolean => !(PROPOSAL_OPTIONAL as readonly string[]).includes(kind);

export const isJobKind = (kind: string): kind is JobKind => Object.hasOwn(JOB_KINDS, kind);

/** A job of `kind` for `store.jobs.schedule` or an `advance`'s outbox, its key made by the table. */
export function jobOf<K extends JobKind>(kind: K, proposalId: ProposalIdOf<K>, runAt: number, payload: PayloadInputOf<K>): NewJob {
  const entry = JOB_KINDS[kind] as KindSpec<z.ZodType>;
  const parsed = entry.payload.parse(payload);
  return { kind, proposalId, runAt, payload: payload as Record<string, unknown>, key: entry.key(proposalId, parsed) };
}

/** Kinds in `lane`. */
export function kindsIn(lane: Lane): JobKind[] {
  return (Object.keys(JOB_KINDS) as JobKind[]).filter((kind) => JOB_KINDS[kind].lane === lane);
}

/** Per kind that is bound to its proposal's state: the states in which it still has work. */
export function stillAppliesIn(kind: string): readonly ProposalState[] | undefined {
  return isJobKind(kind) ? (JOB_KINDS[kind] as KindSpec<z.ZodType>).stillAppliesIn : undefined;
}
