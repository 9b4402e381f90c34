import type { CommandReply } from './message.ts';
import type { CommandSettings, ProposalActions } from './ports.ts';
import type { InstanceActions } from './instance-ports.ts';
import type { LinkActions, PledgeActions } from './pledge-ports.ts';
import type { PersonalImpactActions } from './personal-impact-ports.ts';

export type ArgType = 'domain' | 'action' | 'proposal' | 'answer' | 'word' | 'count' | 'text';
export type OptionType = 'flag' | 'text' | 'url' | 'duration' | 'action';

export interface ArgSpec {
  name: string;
  type: ArgType;
  summary: string;
  optional?: boolean;
  /** Takes the rest of the line (only last). */
  rest?: boolean;
  /** For `word`: the allowed values. */
  choices?: readonly string[];
  /** How help writes the argument, when its name alone would not say it (a rest argument of several words). */
  usage?: string;
}

export interface OptionSpec {
  name: string;
  type: OptionType;
  summary: string;
  repeatable?: boolean;
  /** How help writes a text option's value, e.g. `<domain>` (default `"…"`). */
  valueName?: string;
  /** Only staff, in a staff room, may use it (the command checks; help says so). */
  staff?: boolean;
}

export type ArgValue = string | number | boolean | string[] | undefined;

export interface ParsedArgs {
  args: Record<string, ArgValue>;
  options: Record<string, ArgValue>;
}

export interface CommandContext {
  sender: string;
  roomId: string;
  eventId: string;
  /** origin_server_ts of the command event. */
  eventTs: number;
  /** `direct`: a direct-message room of the sender with the bot. */
  roomKind: 'staff' | 'member' | 'direct';
  isStaff(): Promise<boolean>;
  /** Staff in any staff room (joined, with the staff power level there), wherever this command was written. */
  isStaffMember?(): Promise<boolean>;
  settings: CommandSettings;
  proposals: ProposalActions;
  /** Absent when no instance is configured. */
  instance?: InstanceActions;
  pledges?: PledgeActions;
  /** Absent when no instance is configured. */
  links?: LinkActions;
  /** A member's own figures for a domain; absent when no instance is configured. */
  personal?: PersonalImpactActions;
}

export interface ChatCommand {
  name: string;
  summary: string;
  args: readonly ArgSpec[];
  options?: readonly OptionSpec[];
  /** `staff`: only staff, only in staff rooms. */
  access: 'all' | 'staff';
  /** Personal commands are also taken in a direct-message room with the bot; others only in member and staff rooms. */
  direct?: boolean;
  /**
   * Still run when read late, from a gap in the sync after downtime: a text vote must count, while an answer to any
   * other command that old would be noise.
   */
  late?: boolean;
  run(ctx: CommandContext, parsed: ParsedArgs): Promise<CommandReply>;
}
