import { type Permission, type RoleName, type TokenRecord, type TokenSpec, permissionBits, ROLES } from './auth.ts';
import { type DomainBlockRecord, type Severity, domainDigest, normalizeDomain } from './domain.ts';
import type { FakeClock } from './rate-limit.ts';

export interface AccountRecord {
  id: string;
  username: string;
  /** null for local accounts. */
  domain: string | null;
  display_name: string;
  note: string;
  /** Exact creation time; the public Account entity rounds it to midnight, Admin::Account does not. */
  created_at: string;
  locked: boolean;
  bot: boolean;
  suspended: boolean;
  silenced: boolean;
  disabled: boolean;
  confirmed: boolean;
  approved: boolean;
  email: string | null;
  role: RoleName;
  /** Overrides the role's permissions. */
  permissions?: readonly Permission[];
  followers_count: number;
  following_count: number;
  statuses_count: number;
  /** The account hides whom it follows and who follows it (Account#hide_collections). */
  hide_collections: boolean;
}

/** Follow: `account_id` follows `target_account_id`; ids increase with time, as Mastodon's do. */
export interface FollowRecord {
  id: string;
  account_id: string;
  target_account_id: string;
}

export interface StatusRecord {
  id: string;
  created_at: string;
  account_id: string;
  /** The raw text as posted. */
  text: string;
  content: string;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  spoiler_text: string;
  sensitive: boolean;
  language: string | null;
  in_reply_to_id: string | null;
  /** `user` or `user@domain` for each @mention in the text. */
  mentions: string[];
  idempotency_key: string | null;
  /** Name of the token that posted it. */
  token: string;
}

/** Seeded all-time figures for one remote domain, plus optional per-day values keyed `YYYY-MM-DD`. */
export interface DomainFigures {
  accounts?: number;
  follows?: number;
  followers?: number;
  statuses?: number;
  media_attachments?: number;
  reports?: number;
  daily?: Partial<Record<FigureName, Record<string, number>>>;
}

export type FigureName = Exclude<keyof DomainFigures, 'daily'>;

export type BlockSeed = Partial<Omit<DomainBlockRecord, 'id' | 'digest' | 'domain'>> & { domain: string };

export class FakeState {
  /** Ascending by id (the API lists newest first). Prefer addBlock() over pushing, to keep ids unique. */
  readonly blocks: DomainBlockRecord[] = [];
  readonly statuses: StatusRecord[] = [];
  /** Ascending by id. Prefer follow() over pushing, to keep the counts right. */
  readonly follows: FollowRecord[] = [];
  /** Remote domain → figures for POST /api/v1/admin/measures. */
  readonly measures = new Map<string, DomainFigures>();
  readonly accounts = new Map<string, AccountRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** `accountId:Idempotency-Key` → status id (Mastodon keeps them an hour). */
  readonly idempotency = new Map<string, { statusId: string; at: number }>();
  readonly domain: string;
  private readonly clock: FakeClock;
  private nextBlockId = 1;
  private nextAccountId = 1;
  private statusSeq = 0;
  private nextFollowId = 1;

  constructor(domain: string, clock: FakeClock) {
    this.domain = domain;
    this.clock = clock;
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Inserts a block as-is (domain normalised, no conflict checks), as if it already existed. */
  addBlock(seed: BlockSeed): DomainBlockRecord {
    const domain = normalizeDomain(seed.domain) ?? seed.domain;
    const id = Math.max(this.nextBlockId, ...this.blocks.slice(-1).map((b) => Number(b.id) + 1));
    this.nextBlockId = id + 1;
    const block: DomainBlockRecord = {
      id: String(id),
      domain,
      digest: domainDigest(domain),
      created_at: seed.created_at ?? this.nowIso(),
      severity: seed.severity ?? 'silence',
      reject_media: seed.reject_media ?? false,
      reject_reports: seed.reject_reports ?? false,
      private_comment: seed.private_comment ?? null,
      public_comment: seed.public_comment ?? null,
      obfuscate: seed.obfuscate ?? false,
    };
    this.blocks.push(block);
    return block;
  }

  /** `count` blocks on `<prefix>-<n>.example`, fast enough for 5,000 in a benchmark setup. */
  seedBlocks(count: number, options: { prefix?: string; severity?: Severity } = {}): DomainBlockRecord[] {
    const prefix = options.prefix ?? 'seeded';
    const width = String(count).length;
    const out: DomainBlockRecord[] = [];
    for (let i = 1; i <= count; i++) {
      const seed: BlockSeed = { domain: `${prefix}-${String(i).padStart(width, '0')}.example` };
      if (options.severity !== undefined) seed.severity = options.severity;
      out.push(this.addBlock(seed));
    }
    return out;
  }

  findBlock(domain: string): DomainBlockRecord | undefined {
    const normalized = normalizeDomain(domain) ?? domain;
    return this.blocks.find((b) => b.domain === normalized);
  }

  blockById(id: string): DomainBlockRecord | undefined {
    return this.blocks.find((b) => b.id === id);
  }

  removeBlock(id: string): boolean {
    const i = this.blocks.findIndex((b) => b.id === id);
    if (i >= 0) this.blocks.splice(i, 1);
    return i >= 0;
  }

  /** Mastodon's to_a_paginated_by_id over blocks, newest first. */
  pageBlocks(limit: number, ids: { max_id?: number; since_id?: number; min_id?: number }): DomainBlockRecord[] {
    const { max_id, since_id, min_id } = ids;
    const below = (b: DomainBlockRecord) => max_id === undefined || Number(b.id) < max_id;
    if (min_id !== undefined) {
      const asc = [...this.blocks].sort((a, b) => Number(a.id) - Number(b.id));
      return asc.filter((b) => Number(b.id) > min_id && below(b)).slice(0, limit).reverse();
    }
    const desc = [...this.blocks].sort((a, b) => Number(b.id) - Number(a.id));
    return desc.filter((b) => below(b) && (since_id === undefined || Number(b.id) > since_id)).slice(0, limit);
  }

  addAccount(seed: Partial<AccountRecord> & { username: string }): AccountRecord {
    const id = seed.id ?? String(this.nextAccountId++);
    const local = (seed.domain ?? null) === null;
    const account: AccountRecord = {
      id,
      username: seed.username,
      domain: seed.domain ?? null,
      display_name: seed.display_name ?? seed.username,
      note: seed.note ?? '',
      created_at: seed.created_at ?? this.nowIso(),
      locked: seed.locked ?? false,
      bot: seed.bot ?? false,
      suspended: seed.suspended ?? false,
      silenced: seed.silenced ?? false,
      disabled: seed.disabled ?? false,
      confirmed: seed.confirmed ?? local,
      approved: seed.approved ?? local,
      email: seed.email ?? (local ? `${seed.username}@${this.domain}` : null),
      role: seed.role ?? 'user',
      followers_count: seed.followers_count ?? 0,
      following_count: seed.following_count ?? 0,
      statuses_count: seed.statuses_count ?? 0,
      hide_collections: seed.hide_collections ?? false,
    };
    if (seed.permissions !== undefined) account.permissions = seed.permissions;
    this.accounts.set(id, account);
    return account;
  }

  /** `user` / `user@<this domain>` → local; `user@remote` → remote; case-insensitive as Mastodon compares. */
  accountByAcct(acct: string): AccountRecord | undefined {
    const [user, host] = acct.replace(/^@/, '').toLowerCase().split('@');
    const domain = host === undefined || host === this.domain ? null : host;
    for (const a of this.accounts.values()) {
      if (a.username.toLowerCase() === user && (a.domain?.toLowerCase() ?? null) === domain) return a;
    }
    return undefined;
  }

  /** `from` follows `to` (accepted), with the counts Mastodon keeps; a second follow of the same pair changes nothing. */
  follow(from: AccountRecord, to: AccountRecord): FollowRecord {
    const existing = this.follows.find((f) => f.account_id === from.id && f.target_account_id === to.id);
    if (existing) return existing;
    const record: FollowRecord = { id: String(this.nextFollowId++), account_id: from.id, target_account_id: to.id };
    this.follows.push(record);
    from.following_count += 1;
    to.followers_count += 1;
    return record;
  }

  permissionsOf(account: AccountRecord): number {
    return account.permissions !== undefined ? permissionBits(account.permissions) : ROLES[account.role].permissions;
  }

  addToken(name: string, spec: TokenSpec): TokenRecord {
    const username = spec.username ?? name;
    const account =
      this.accountByAcct(username) ??
      this.addAccount(
        spec.permissions !== undefined
          ? { username, role: spec.role ?? 'user', permissions: spec.permissions }
          : { username, role: spec.role ?? 'user' },
      );
    const record: TokenRecord = {
      name,
      token: spec.token ?? `fake-${name}-token`,
      id: String(this.tokens.size + 1),
      scopes: new Set(spec.scopes),
      accountId: account.id,
      revoked: spec.revoked ?? false,
    };
    this.tokens.set(record.token, record);
    return record;
  }

  setMeasures(domain: string, figures: DomainFigures): void {
    this.measures.set(domain, figures);
  }

  /** A snowflake-like id, increasing with time as Mastodon's status ids do. */
  nextStatusId(): string {
    return ((BigInt(this.clock.now()) << 16n) + BigInt(this.statusSeq++ & 0xffff)).toString();
  }
}
