// What the pledge and account-link commands may ask of the bot.
import type { Result } from './ports.ts';

export interface PledgeInput {
  pledger: string;
  /** `<amount> [currency] [period]` as written. */
  terms: string[];
  whileBlocked?: string;
  whileSuspended?: string;
  eventId: string;
}

export interface PledgeActions {
  enabled: boolean;
  pledge(input: PledgeInput): Result<string>;
  /** Aggregates only: per currency, per condition. */
  summary(): string[];
  /** The user's own pledges, one line each, for a private answer. */
  mine(user: string): string[];
  unpledge(user: string, id: number): Result<string>;
  /** Every standing pledge with its pledger (staff rooms only). */
  detail(): string[];
}

export interface LinkActions {
  link(user: string, handle: string): Promise<Result<string>>;
  verify(user: string, code: string): Promise<Result<string>>;
  unlink(user: string): Result<string>;
}
