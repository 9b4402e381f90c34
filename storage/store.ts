// The storage layer's front door: open (and migrate) the database, get one repository per concern.

import { createAuditRepository, type AuditRepository } from './audit.ts';
import type { Database } from './database.ts';
import { openDatabase } from './database.ts';
import { createEligibilityRepository, type EligibilityRepository } from './eligibility.ts';
import { createJobRepository, type JobRepository } from './jobs.ts';
import { createIntakeRepository, type IntakeRepository } from './intake.ts';
import { createLinkRepository, type LinkRepository } from './links.ts';
import { createLogEntryRepository, type LogEntryRepository } from './log-entries.ts';
import { createMetaRepository, type MetaRepository } from './meta.ts';
import { createSeenEventRepository, type SeenEventRepository } from './seen-events.ts';
import { createNoticeRecordRepository, type NoticeRecordRepository } from './notice-records.ts';
import { createBotRecordRepository, type BotRecordRepository } from './bot-records.ts';
import { migrate, type MigrateResult } from './migrations.ts';
import { createPersonalImpactRepository, type PersonalImpactRepository } from './personal-impact.ts';
import { createPeerReadingRepository, type PeerReadingRepository } from './peer-readings.ts';
import { createPledgeRepository, type PledgeRepository } from './pledges.ts';
import { createPollRepository, type PollRepository } from './polls.ts';
import { createProposalRepository, type ProposalRepository } from './proposals.ts';
import { createProposalPlanRepository, type ProposalPlanRepository } from './stages.ts';
import { createSecondRepository, type SecondRepository } from './seconds.ts';
import type { Clock } from './sql-values.ts';
import { createVoteRepository, type VoteRepository } from './votes.ts';
import { createUnreadableResponseRepository, type UnreadableResponseRepository } from './unreadable-responses.ts';

export interface StoreOptions {
  /** The time source for created/updated stamps and default "now" arguments; tests and the e2e clock replace it. */
  clock?: Clock;
}

export interface Store {
  /** The resolved file path, or ':memory:'. */
  readonly path: string;
  /** Schema versions before and after opening. */
  readonly migration: MigrateResult;
  readonly proposals: ProposalRepository;
  readonly seconds: SecondRepository;
  readonly polls: PollRepository;
  readonly eligibility: EligibilityRepository;
  readonly votes: VoteRepository;
  /** Encrypted poll responses the bot could not read. */
  readonly unreadable: UnreadableResponseRepository;
  readonly jobs: JobRepository;
  readonly audit: AuditRepository;
  readonly log: LogEntryRepository;
  readonly pledges: PledgeRepository;
  readonly links: LinkRepository;
  /** Members' own follow lists and notices about cuts: private, never published. */
  readonly personal: PersonalImpactRepository;
  /** The Matrix client's own state: the sync token, the filter, the SDK's values. */
  readonly meta: MetaRepository;
  /** Matrix events dealt with: commands run, poll ends judged, each room's last synced event. */
  readonly seen: SeenEventRepository;
  /** Notices sent once or seldom, and a poll notice's extra lines. */
  readonly notices: NoticeRecordRepository;
  /** Pledge releases, link-code requests, the created policy room. */
  readonly records: BotRecordRepository;
  /** Second stages and review dates of proposals, and their reminders. */
  readonly plans: ProposalPlanRepository;
  /** Followed block-list sources, their last readings and the drafts shown (signal intake). */
  readonly intake: IntakeRepository;
  /** Peer watch's cache of what each watched peer publishes. */
  readonly peers: PeerReadingRepository;
  /**
   * Runs `fn` in one transaction: all its writes or none. Nested calls become savepoints. `fn` must be synchronous
   * (better-sqlite3 refuses a function returning a promise): do external calls before or after, never inside.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** Opens the database at `path` (see openDatabase), brings its schema up to date and returns the repositories. */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const db = openDatabase(path);
  try {
    const migration = migrate(db, { path: db.name });
    return createStore(db, migration, options.clock ?? Date.now);
  } catch (err) {
    db.close();
    throw err;
  }
}

function createStore(db: Database, migration: MigrateResult, clock: Clock): Store {
  const votes = createVoteRepository(db, clock);
  const jobs = createJobRepository(db, clock);
  return {
    path: db.name,
    migration,
    // Moving a proposal's close time moves the vote cut-off, so its current votes are rebuilt with it.
    proposals: createProposalRepository(db, clock, {
      closeTimeChanged: (id) => votes.recount(id),
      scheduleJob: (job) => void jobs.schedule(job),
    }),
    seconds: createSecondRepository(db, clock),
    polls: createPollRepository(db, clock),
    eligibility: createEligibilityRepository(db),
    votes,
    unreadable: createUnreadableResponseRepository(db, clock),
    jobs,
    audit: createAuditRepository(db, clock),
    log: createLogEntryRepository(db, clock),
    pledges: createPledgeRepository(db, clock),
    links: createLinkRepository(db, clock),
    personal: createPersonalImpactRepository(db, clock),
    meta: createMetaRepository(db, clock),
    seen: createSeenEventRepository(db),
    notices: createNoticeRecordRepository(db),
    records: createBotRecordRepository(db),
    plans: createProposalPlanRepository(db, clock),
    intake: createIntakeRepository(db, clock),
    peers: createPeerReadingRepository(db, clock),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close() {
      if (db.open) db.close();
    },
  };
}
