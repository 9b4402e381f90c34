// The contract between the bot and a Mastodon-compatible instance. Everything else in the bot talks to the instance
// only through this interface; `createInstanceGateway` (bot/mastodon/index.ts) builds it on the admin API (http.ts).
//
// Retries live inside the gateway: 429 waits for X-RateLimit-Reset, 5xx / network errors / HTML error pages /
// timeouts retry with capped exponential backoff and jitter (up to a limit), every request is paced by
// X-RateLimit-Remaining. What escapes is an `InstanceError`: `permanent` (another 4xx: retrying cannot help) or
// `transient` (retries used up: try again later). Messages never contain the access token.

import type { BlockSettings, DomainBlock, Impact } from '../../governance/blocks.ts';

export type Flavor = 'mastodon' | 'gotosocial';

export interface InstanceInfo {
  flavor: Flavor;
  /** The instance's own domain (local accounts' host), when it said. */
  domain?: string;
}

export type CreateBlockResult =
  | { kind: 'created'; block: DomainBlock }
  /** 422 with `existing_domain_block` (same domain or a parent at least as strict), or GoToSocial's 200 on duplicate. */
  | { kind: 'exists'; existing: DomainBlock };

export interface RecentBlocks {
  blocks: DomainBlock[];
  /** True when read from the server for this call. */
  fresh: boolean;
}

export interface InstanceAccount {
  id: string;
  /** `user` for local accounts, `user@host` for remote ones. */
  acct: string;
  username: string;
  local: boolean;
  createdAt: string;
  /** From the admin API when readable: suspended, disabled, or not approved. */
  suspended?: boolean;
  disabled?: boolean;
}

/** Whom a local account follows and who follows it, as `user@host` addresses; `hidden` when it hides them. */
export type AccountNetwork = { kind: 'hidden' } | { kind: 'read'; following: string[]; followers: string[] };

/** An answer as the instance gave it: its status and its own words (`{"error": …}`, or the start of its page). */
export interface InstanceAnswer {
  status: number;
  said: string;
}

/** The questions `fedimoot check` asks (access-probe.ts), each answered as the instance answered; nothing changes. */
export interface AccessProbe {
  /** Which software, and its domain, read now. */
  instanceInfo(): Promise<InstanceInfo>;
  /** The token's own account (`acct` when readable). */
  credentials(): Promise<InstanceAnswer & { acct?: string }>;
  /** Every page of the block list: `count` when all were read, else the refusing answer. */
  readBlocks(): Promise<InstanceAnswer & { count?: number }>;
  /** Changes a block no server has: a 404 proves the token may change blocks. */
  writeBlocks(): Promise<InstanceAnswer>;
  /** Whether admin measures give impact figures: `none` when the server has none (see wire.ts NO_MEASURES). */
  measures(): Promise<{ kind: 'reported' } | { kind: 'none' } | { kind: 'refused'; answer: InstanceAnswer }>;
}

export interface InstanceGateway {
  /** From config, or detected once from /api/v1/instance (then cached). */
  flavor(): Promise<Flavor>;
  /** True when the server cannot limit or reject media/reports (GoToSocial). */
  suspendOnly(): Promise<boolean>;
  /** Every block, all pages, read now. */
  listBlocks(): Promise<DomainBlock[]>;
  /**
   * For planning consecutive applies: the last full list, if read within a minute, with this gateway's own writes
   * since (`fresh: false`); else a read now. Not proof of what the server has: see block-list.ts.
   */
  recentBlocks(): Promise<RecentBlocks>;
  createBlock(domain: string, settings: BlockSettings): Promise<CreateBlockResult>;
  updateBlock(id: string, settings: BlockSettings): Promise<DomainBlock>;
  /** `not_found` when the id is unknown (404, or GoToSocial's 500 for an unknown id after checking the list). */
  deleteBlock(id: string): Promise<'deleted' | 'not_found'>;
  /** Undefined when the server has no measures endpoint (404): "impact figures are not available"; a 401/403 throws. */
  impact(domain: string): Promise<Impact | undefined>;
  /**
   * The remote servers most active here over the last 30 days (admin dimensions, key `servers`), most active first,
   * the instance itself left out; undefined when the server has no dimensions endpoint (GoToSocial). A 401/403 throws.
   */
  activeServers(limit: number): Promise<string[] | undefined>;
  /** Looks up an account by `user` or `user@host`; undefined if unknown. */
  lookupAccount(acct: string): Promise<InstanceAccount | undefined>;
  /** Admin view of a local account (age, suspended, disabled); undefined if unknown or not readable. */
  adminAccount(id: string): Promise<InstanceAccount | undefined>;
  /** Every page of the account's following and followers; a refusal (401/403) or an unknown account (404) throws. */
  network(accountId: string): Promise<AccountNetwork>;
  /** The instance's own domain, lowercased (its local accounts' host, Mastodon's LOCAL_DOMAIN); undefined when unreadable. */
  ownDomain(): Promise<string | undefined>;
  /** For `fedimoot check`. */
  probe: AccessProbe;
  /** Posts a status; `idempotencyKey` makes a resend after a crash post once. Returns the status id. */
  postStatus(text: string, options: { visibility: 'public' | 'unlisted' | 'private' | 'direct'; idempotencyKey: string }): Promise<string>;
}

export type InstanceErrorKind = 'permanent' | 'transient';

export class InstanceError extends Error {
  readonly kind: InstanceErrorKind;
  readonly status?: number;
  constructor(kind: InstanceErrorKind, message: string, status?: number) {
    super(message);
    this.name = 'InstanceError';
    this.kind = kind;
    this.status = status;
  }
}
