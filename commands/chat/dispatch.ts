// From a command text to a command reply: recognise the command, check who may run it where, parse, run.
import type { ChatCommand, CommandContext, CommandDispatcher, InstancePorts } from '../../bot/contracts/spec.ts';
import type { CommandReply } from '../../bot/contracts/message.ts';
import { code, errorReply, message, paragraph } from '../../bot/contracts/message.ts';
import { tokenize } from './tokenize.ts';
import { parseArgs } from './parse-args.ts';
import { usageLine } from './usage.ts';
import { wrongRoomReply } from './room-refusals.ts';
import { NO_INSTANCE } from '../../bot/wording/refusals.ts';

export const MAX_COMMAND_LENGTH = 4000;

function usageError(ctx: CommandContext, command: ChatCommand, reason: string): CommandReply {
  const prefix = ctx.settings.prefix;
  return errorReply(message(
    paragraph(`${reason[0]!.toUpperCase()}${reason.slice(1)}.`),
    paragraph('Usage: ', code(usageLine(prefix, command))),
    paragraph('More: ', code(`${prefix} help ${command.name}`)),
  ));
}

export async function dispatchCommand(
  commands: readonly ChatCommand[],
  commandText: string,
  ctx: CommandContext,
): Promise<CommandReply> {
  const prefix = ctx.settings.prefix;
  if (commandText.length > MAX_COMMAND_LENGTH) {
    return errorReply(message(paragraph(`That command is too long (${commandText.length} characters; at most ${MAX_COMMAND_LENGTH}).`)));
  }
  const tokens = tokenize(commandText);
  if (!tokens.ok) return errorReply(message(paragraph(`I could not read that command: ${tokens.reason}.`)));
  const [name, ...words] = tokens.words;
  if (!name) return errorReply(message(paragraph('Yes? ', code(`${prefix} help`), ' lists what I can do.')));
  const command = commands.find((c) => c.name === name.toLowerCase());
  if (!command) {
    return errorReply(message(paragraph(`I don't know the command "${name.slice(0, 50)}". `, code(`${prefix} help`), ' lists them.')));
  }
  const wrongRoom = await wrongRoomReply(ctx, command);
  if (wrongRoom) return wrongRoom;
  if (command.access === 'staff') {
    if (!(await ctx.isStaff())) {
      return errorReply(message(paragraph(`${prefix} ${command.name} is for staff: your power level in this room is below the staff level.`)));
    }
  }
  const parsed = parseArgs(command, words);
  if (!parsed.ok) return usageError(ctx, command, parsed.reason);
  if (!command.needs) return command.run(ctx, parsed.parsed);
  if (command.needs.some((port) => ctx[port] === undefined)) return errorReply(message(paragraph(NO_INSTANCE)));
  // Checked just above: what the command needs is there.
  return command.run(ctx as CommandContext & InstancePorts, parsed.parsed);
}

/** The commands bound to this dispatcher, as the intake takes them. */
export function commandDispatcher(commands: readonly ChatCommand[]): CommandDispatcher {
  const named = (commandText: string) => commands.find((c) => c.name === commandText.split(/\s/)[0]?.toLowerCase());
  return {
    dispatch: (commandText, ctx) => dispatchCommand(commands, commandText, ctx),
    runsLate: (commandText) => named(commandText)?.late === true,
  };
}
