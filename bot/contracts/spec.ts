import type { CommandReply } from './message.ts';
import type { CommandSettings, ProposalActions } from './ports.ts';
import type { InstanceActions } from './instance-ports.ts';
import type { LinkActions, PledgeActions } from './pledge-ports.ts';
import type { PersonalImpactActions } from './personal-impact-ports.ts';
import type { IntakeActions } from './intake-ports.ts';
import type { PeerActions } from './peer-ports.ts';

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
  /** The followed block lists (signal intake); absent when none is configured. */
  intake?: IntakeActions;
  /** Peer watch; absent when no peers are configured. */
  peers?: PeerActions;
}

/** What an instance gives commands; all of it is absent when no instance is configured. */
export interface InstancePorts {
  instance: InstanceActions;
  links: LinkActions;
  personal: PersonalImpactActions;
}

export type InstancePort = keyof InstancePorts;

interface CommandDeclaration {
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
}

/** A command that works with or without an instance. */
export interface PlainCommand extends CommandDeclaration {
  needs?: undefined;
  run(ctx: CommandContext, parsed: ParsedArgs): Promise<CommandReply>;
}

/** A command that reads or changes the instance: without what it needs, the dispatcher answers for it. */
export interface InstanceCommand<N extends InstancePort = InstancePort> extends CommandDeclaration {
  needs: readonly N[];
  run(ctx: CommandContext & Pick<InstancePorts, N>, parsed: ParsedArgs): Promise<CommandReply>;
}

export type ChatCommand = PlainCommand | InstanceCommand;

/** The chat commands as the intake sees them (the composition root binds the declarations to the dispatcher). */
export interface CommandDispatcher {
  /** Runs a command text without its addressing: checks who may run it where, parses it, runs it. */
  dispatch(commandText: string, ctx: CommandContext): Promise<CommandReply>;
  /** Whether the command the text names still runs when read late (see `late` above). */
  runsLate(commandText: string): boolean;
}
