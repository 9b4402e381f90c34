// The validated configuration as the rest of the bot sees it: defaults applied, durations in
// milliseconds, thresholds as exact fractions. Keys mirror config.example.yaml.

import type { Action, Fraction } from '../../governance/types.ts';
import type { LogFormat, LogLevel } from '../logger.ts';

export type { LogFormat, LogLevel };

export type MastodonFlavor = 'auto' | 'mastodon' | 'gotosocial';
export type StatusVisibility = 'public' | 'unlisted' | 'private' | 'direct';
export type ProposerRole = 'members' | 'staff';
export type PollKind = 'disclosed' | 'undisclosed';

export interface MatrixConfig {
  /** Without a trailing slash. */
  homeserverUrl: string;
  /** Resolved from the value, `${ENV}` or `accessTokenFile`. Secret. */
  accessToken: string;
  /** Room ids (`!…`) or aliases (`#…:server`), at least one. */
  staffRooms: string[];
  memberRooms: string[];
  policyRoom: string | undefined;
  createPolicyRoom: boolean;
  commandPrefix: string;
  /** User ids or globs such as `@*_bridge:example.org` (`*` and `?`). */
  ignoredUsers: string[];
  encryption: boolean;
}

export interface MastodonConfig {
  /** Without a trailing slash. */
  url: string;
  /** Secret. */
  accessToken: string;
  flavor: MastodonFlavor;
  dryRun: boolean;
  /** Milliseconds. */
  requestTimeout: number;
  announce: { enabled: boolean; visibility: StatusVisibility };
}

export interface GovernanceConfig {
  /** Milliseconds, like every duration below. */
  votingPeriod: number;
  minVotingPeriod: number;
  maxVotingPeriod: number;
  /** Seconds a proposal needs before its poll opens; 0 opens it at once. */
  seconds: number;
  whoMayPropose: ProposerRole;
  pollKind: PollKind;
  quorum: { minVoters: number; minTurnoutPercent: number };
  thresholds: Record<Action, Fraction>;
  eligibility: { requireLinkedAccount: boolean; minAccountAgeDays: number };
  /** 0 = no reminder. */
  remindBefore: number;
  autoApply: boolean;
  applyGracePeriod: number;
  staffPowerLevel: number;
  /** When approved decisions are due for review unless a proposal says `--review`; absent = off (the default). */
  reviewAfter?: number;
  /** How long before a second stage the rooms are reminded; 0 = no reminder. */
  stageReminderBefore: number;
  /** The shortest `--after` and `--review` a proposal may ask for. */
  minStageAfter: number;
  minReviewAfter: number;
}

export interface PledgesConfig {
  enabled: boolean;
  /** ISO 4217 codes, upper case. */
  currencies: string[];
  /** Largest single pledge, in major units (e.g. euros). */
  maxAmount: number;
}

export interface PublishConfig {
  /** Absent = no web server. */
  http: { listen: { host: string; port: number } } | undefined;
  /** Public address of the published log, without a trailing slash. */
  baseUrl: string | undefined;
  /** The published page's title; absent = "Federation decisions of <mastodon.url host>". */
  title: string | undefined;
  allowDisclosedVotes: boolean;
}

export type IntakeFormat = 'fedimoot-log' | 'fires' | 'csv' | 'json' | 'plain';

export interface IntakeSource {
  /** Unique among the sources; how staff-room notices and `!moot sources` name it. */
  name: string;
  /** Without a trailing slash. */
  url: string;
  format: IntakeFormat;
  /** How many sources it counts as toward the threshold (0–10). */
  trust: number;
}

export interface IntakeConfig {
  sources: IntakeSource[];
  /** Summed trust of the sources blocking a domain before staff get a draft. */
  threshold: number;
  /** Milliseconds between polls, like the timeout. */
  every: number;
  timeout: number;
  /** The largest answer read from a source. */
  maxBytes: number;
}

/** A watched peer instance: its name in answers (its domain, or host:port) and the address it is read at. */
export interface PeerAddress {
  name: string;
  /** Without a trailing slash. */
  baseUrl: string;
}

export interface PeersConfig {
  domains: PeerAddress[];
  /** Mastodon only: also watch the instance's `activeServers` most active remote servers (admin dimensions). */
  fromInstanceActivity: boolean;
  activeServers: number;
  concurrency: number;
  /** Milliseconds for all of one peer's requests. */
  timeout: number;
  /** The largest answer read from a peer. */
  maxBytes: number;
  /** Milliseconds a peer's reading is used before it is read again. */
  cacheTtl: number;
}

export interface Config {
  matrix: MatrixConfig;
  /** Absent = the bot only runs votes and records decisions; nothing is applied or announced. */
  mastodon: MastodonConfig | undefined;
  governance: GovernanceConfig;
  pledges: PledgesConfig;
  publish: PublishConfig;
  /** Absent = no peer watch. */
  peers: PeersConfig | undefined;
  storage: { path: string };
  log: { level: LogLevel; format: LogFormat };
  /** Followed block lists; no sources = no intake. */
  intake: IntakeConfig;
}
