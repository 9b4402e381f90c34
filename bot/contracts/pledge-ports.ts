// What the pledge and account-link commands may ask of the bot.
import type { CurrencyTotal } from '../../governance/pledges.ts';
import type { Action } from '../../governance/types.ts';
import type { Pledge, PledgeCondition } from '../../storage/pledges.ts';
import type { Result } from './ports.ts';
import type { LinkRefusal, PledgeRefusal } from './refusals.ts';

export interface PledgeInput {
  pledger: string;
  /** `<amount> [currency] [period]` as written. */
  terms: string[];
  whileBlocked?: string;
  whileSuspended?: string;
  eventId: string;
}

/** A pledge recorded (with the proposals under way that put it at risk), or one withdrawn. */
export type PledgeDone =
  | { kind: 'recorded'; pledge: Pledge; threats: { id: number; action: Action; domain: string }[] }
  | { kind: 'withdrawn'; id: number };

/** Totals only, per currency and per condition: nothing in it says who pledged. */
export interface PledgeSummary {
  totals: CurrencyTotal[];
  byCondition: { condition: PledgeCondition; totals: CurrencyTotal[] }[];
}

export interface PledgeActions {
  enabled: boolean;
  pledge(input: PledgeInput): Result<PledgeDone, PledgeRefusal>;
  summary(): PledgeSummary;
  /** The user's own pledges, for a private answer. */
  mine(user: string): Pledge[];
  unpledge(user: string, id: number): Result<PledgeDone, PledgeRefusal>;
  /** Every standing pledge with its pledger (staff rooms only). */
  detail(): Pledge[];
}

/** What a link command did: a code sent to the account, the account linked, or unlinked. */
export type LinkDone = { kind: 'code_sent' | 'linked' | 'unlinked'; acct: string };

export interface LinkActions {
  link(user: string, handle: string): Promise<Result<LinkDone, LinkRefusal>>;
  verify(user: string, code: string): Promise<Result<LinkDone, LinkRefusal>>;
  unlink(user: string): Result<LinkDone, LinkRefusal>;
}
