import type { ChatCommand } from '../../bot/contracts/spec.ts';
import { code, errorReply, list, message, paragraph, reply, withCode } from '../../bot/contracts/message.ts';
import { usageLine } from './usage.ts';

/** " (`--detail`: staff)" for a command anyone may use but with options only staff may. */
function staffOptions(command: ChatCommand): string {
  if (command.access === 'staff') return '';
  const names = (command.options ?? []).filter((o) => o.staff).map((o) => `\`--${o.name}\``);
  return names.length ? ` (${names.join(', ')}: staff)` : '';
}

/** Help is built from the other commands' declarations, so it cannot drift from what they accept. */
export function helpCommand(all: () => readonly ChatCommand[]): ChatCommand {
  return {
    name: 'help',
    summary: 'list the commands, or show how to use one',
    access: 'all',
    args: [{ name: 'command', type: 'word', summary: 'a command name', optional: true }],
    async run(ctx, { args }) {
      const prefix = ctx.settings.prefix;
      const wanted = args.command as string | undefined;
      if (wanted) {
        const command = all().find((c) => c.name === wanted);
        if (!command) return errorReply(message(paragraph(`There is no command "${wanted}". `, code(`${prefix} help`), ' lists them.')));
        const details = [
          ...command.args.map((a) => [code(a.name), ': ', ...withCode(`${a.summary}${a.optional ? ' (optional)' : ''}`)]),
          ...(command.options ?? []).map((o) => [code(`--${o.name}`), ': ', ...withCode(`${o.summary}${o.staff ? ' (staff only, in a staff room)' : ''}`)]),
        ];
        return reply(message(
          paragraph(code(usageLine(prefix, command))),
          paragraph(...withCode(command.summary + (command.access === 'staff' ? ' (staff only, in a staff room)' : ''))),
          ...(details.length ? [list(details)] : []),
        ));
      }
      const here = ctx.roomKind === 'direct' ? all().filter((c) => c.direct) : all();
      return reply(message(
        paragraph(ctx.roomKind === 'direct' ? 'fedimoot commands for a direct message (' : 'fedimoot commands (', code(`${prefix} help <command>`), ' for details):'),
        list(here.map((c) => [code(usageLine(prefix, c)), ' — ', ...withCode(`${c.summary}${c.access === 'staff' ? ' (staff)' : ''}${staffOptions(c)}`)])),
      ));
    },
  };
}
