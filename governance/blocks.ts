// A domain block in one vocabulary for the rules, the instance gateway and the commands: what the server has
// (DomainBlock), what a decision asks of it (BlockSettings), and what blocking would cut (Impact).
import type { Action } from './types.ts';

/** Mastodon's severities (its wire names): our `limit` is `silence`; a `noop` rule restricts nothing. */
export type Severity = 'silence' | 'suspend' | 'noop';

/** A block as the server has it, with the domain in ASCII (punycode) whatever the server returned. */
export interface DomainBlock {
  id: string;
  domain: string;
  severity: Severity;
  rejectMedia: boolean;
  rejectReports: boolean;
  privateComment?: string;
  publicComment?: string;
  obfuscate: boolean;
  createdAt?: string;
}

/** What a block should be: the settings a decision asks for, sent on create and update. */
export interface BlockSettings {
  severity: Exclude<Severity, 'noop'>;
  rejectMedia: boolean;
  rejectReports: boolean;
  privateComment?: string;
  publicComment?: string;
  obfuscate: boolean;
}

/** Figures from admin measures; undefined fields were not reported. */
export interface Impact {
  /** Local accounts following accounts there. */
  follows?: number;
  /** Accounts there following local accounts. */
  followers?: number;
  /** Accounts from there known to the instance. */
  accounts?: number;
  reports?: number;
  /** Bytes of media cached from there. */
  mediaBytes?: number;
}

/** The severity a decision's block has: our `limit` is Mastodon's `silence` (a lift asks for no block at all). */
export function severityOf(action: Action): Exclude<Severity, 'noop'> {
  return action === 'limit' ? 'silence' : 'suspend';
}

/** The action a block carries out: a `silence` is a limit, a `suspend` a suspend (a `noop` is no block to decide). */
export function actionOf(severity: Severity): 'limit' | 'suspend' {
  return severity === 'silence' ? 'limit' : 'suspend';
}
