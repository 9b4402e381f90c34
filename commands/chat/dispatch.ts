// From a message body to a command reply: recognise the command, check who may run it where, parse, run.
import type { ChatCommand, CommandContext } from '../../bot/contracts/spec.ts';
import type { CommandReply } from '../../bot/contracts/message.ts';
import { code, errorReply, message, paragraph } from '../../bot/contracts/message.ts';
import { tokenize } from './tokenize.ts';
import { parseArgs } from './parse-args.ts';
import { usageLine } from './usage.ts';
import { wrongRoomReply } from './room-refusals.ts';

export const MAX_COMMAND_LENGTH = 4000;

export interface CommandAddressing {
  prefix: string;
  botUserId: string;
  botDisplayName?: string;
  /** True when the event mentions the bot (m.mentions or a pill in formatted_body). */
  mentionsBot: boolean;
}

/** The command text without its addressing, or undefined when the message is not for the bot. */
export function extractCommandText(body: string, addressing: CommandAddressing): string | undefined {
  const text = body.trimStart();
  const lower = text.toLowerCase();
  const prefix = addressing.prefix.toLowerCase();
  if (lower.startsWith(prefix) && (text.length === prefix.length || /\s/.test(text[prefix.length]!))) {
    return text.slice(prefix.length).trim();
  }
  if (lower.startsWith('moot:')) return text.slice(5).trim();
  if (addressing.mentionsBot) {
    const localpart = addressing.botUserId.slice(1).split(':')[0]!;
    const names = [addressing.botUserId, addressing.botDisplayName, localpart].filter((n): n is string => !!n);
    for (const name of names) {
      if (lower.startsWith(name.toLowerCase())) {
        const rest = text.slice(name.length).replace(/^[:,]?\s*/, '');
        return rest.trim();
      }
    }
  }
  return undefined;
}

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
  return command.run(ctx, parsed.parsed);
}
