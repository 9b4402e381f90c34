// Personal commands written in a room are answered in the sender's direct message with the bot: the room gets a
// pointer, the direct message the answer. These helpers read both, as the member's client would.
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { MatrixUser } from './matrix-user.ts';
import type { World } from './world.ts';
import { replyTo } from './world.ts';

/** The bot's direct-message room with a user, from the m.direct it keeps. */
export async function directRoomOf(world: World, userId: string): Promise<string | undefined> {
  const path = `/_matrix/client/v3/user/${encodeURIComponent(world.bot.userId)}/account_data/m.direct`;
  const direct = await world.bot.request<Record<string, string[]>>('GET', path).catch(() => ({}) as Record<string, string[]>);
  return direct[userId]?.[0];
}

/** The user's direct-message room with the bot, joined (the bot invites when it first writes). */
export async function joinedDirectRoom(world: World, user: MatrixUser): Promise<string> {
  let room: string | undefined;
  for (let i = 0; i < 100 && !room; i++) {
    room = await directRoomOf(world, user.userId);
    if (!room) await sleep(200);
  }
  if (!room) throw new Error(`the bot has no direct-message room with ${user.userId}`);
  if (!(await user.joinedRooms()).includes(room)) await user.join(room);
  return room;
}

/** The bot's messages in a room, oldest first. */
async function botTexts(world: World, user: MatrixUser, roomId: string): Promise<string[]> {
  const events = await user.messages(roomId, { limit: 100 });
  return events.filter((e) => e.sender === world.bot.userId && e.type === 'm.room.message').map((e) => String(e.content.body ?? '')).reverse();
}

export interface PrivateAnswer {
  commandEventId: string;
  /** What the room reads in reply. */
  pointer: string;
  /** The answer in the direct message (with the bot's note about the room). */
  answer: string;
}

/** Sends a personal command in a room and returns the pointer there and the answer (matching `answer`) in the DM. */
export async function privateCommand(world: World, user: MatrixUser, roomId: string, text: string, answer: RegExp): Promise<PrivateAnswer> {
  // Only answers after this command count: the DM may hold earlier ones that match too.
  const known = await directRoomOf(world, user.userId);
  const before = known && (await user.joinedRooms()).includes(known) ? (await botTexts(world, user, known)).length : 0;
  const commandEventId = await user.sendText(roomId, text);
  const pointer = String((await user.waitForEvent(roomId, replyTo(commandEventId))).content.body);
  const dm = await joinedDirectRoom(world, user);
  let found: string | undefined;
  await expect.poll(async () => (found = (await botTexts(world, user, dm)).slice(before).find((t) => answer.test(t))), { timeout: 15_000 }).toBeDefined();
  return { commandEventId, pointer, answer: found! };
}

export const POINTER_KEPT =
  'I answered you in our direct message. I cannot remove your command from this room (my power level is below its redact level), so others can read it; next time write it to me in a direct message.';
export const POINTER_REMOVED = 'I answered you in our direct message, and removed your command from this room so nobody else reads it.';
