// Which room a command belongs in, and the refusal that names it. Staff commands are taken only in a staff room
// (private details are shown there); member commands in member and staff rooms, where the polls are; personal ones
// also in a direct message. A refusal always says where to write the command instead.
import type { ChatCommand, CommandContext } from '../../bot/contracts/spec.ts';
import type { CommandReply } from '../../bot/contracts/message.ts';
import type { RoomNames } from '../../bot/contracts/ports.ts';
import { code, errorReply, message, paragraph } from '../../bot/contracts/message.ts';


function named(rooms: readonly string[] | undefined): string {
  if (!rooms || rooms.length === 0) return '';
  return ` (${rooms.join(' or ')})`;
}

/** Where member commands go: member rooms, or the staff rooms when there are none (they hold the polls then). */
function memberRoomWords(rooms: RoomNames | undefined): string {
  if (rooms && rooms.member.length === 0 && rooms.staff.length > 0) return `a staff room${named(rooms.staff)}`;
  return `a member room${named(rooms?.member)}`;
}

/** The refusal for a command written in a room it is not taken in, or undefined when the room is right. */
export async function wrongRoomReply(ctx: CommandContext, command: ChatCommand): Promise<CommandReply | undefined> {
  const { prefix, rooms } = ctx.settings;
  const name = `${prefix} ${command.name}`;
  if (command.access === 'staff') {
    if (ctx.roomKind === 'staff') return undefined;
    if (ctx.roomKind === 'direct') {
      return errorReply(message(paragraph(`${name} is a staff command: write it in a staff room${named(rooms?.staff)}, not in a direct message.`)));
    }
    // Staff in a member room get pointed to their room; anyone else hears that it is not theirs to run.
    if (await (ctx.isStaffMember ?? ctx.isStaff)()) {
      return errorReply(message(paragraph(`${name} is taken only in a staff room: write it in the staff room${named(rooms?.staff)}, not in a member room.`)));
    }
    return errorReply(message(paragraph(`${name} is for staff, in a staff room.`)));
  }
  if (ctx.roomKind === 'direct' && !command.direct) {
    return errorReply(message(paragraph(
      `${name} is not taken in a direct message: write that in ${memberRoomWords(rooms)}. `,
      code(`${prefix} help`),
      ' lists what works here.',
    )));
  }
  return undefined;
}
