// What `impact <domain> mine` and `impact notify on|off` may ask of the bot: a member's own figures, read through
// the instance with their linked account, and their choice about private notices.
import type { PersonalImpact } from '../../governance/personal-impact.ts';

export type PersonalAnswer =
  | { kind: 'not_linked' }
  /** The account hides whom it follows and who follows it, from the bot's token too. */
  | { kind: 'hidden'; acct: string }
  /** The instance refused or could not be read; `reason` says which, in words; `transient`: worth trying again. */
  | { kind: 'unreadable'; acct: string; reason: string; transient: boolean }
  | { kind: 'figures'; acct: string; domain: string; impact: PersonalImpact };

export interface PersonalImpactActions {
  mine(user: string, domain: string): Promise<PersonalAnswer>;
  /** Turns the member's private notices about proposed cuts on or off; false when they have no linked account. */
  setNotify(user: string, on: boolean): boolean;
}

/** A file sent with a reply (an m.file in Matrix). */
export interface FileAttachment {
  name: string;
  mimetype: string;
  text: string;
}
