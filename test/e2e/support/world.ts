// A small community on the shared Synapse: a bot account, a staff member, members, a staff room and a member room.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { MatrixUser, ofType, POLL_START, textMatching, type MatrixEvent } from './matrix-user.ts';
import { BotProcess, type BotConfigInput } from './bot-process.ts';

export interface World {
  suffix: string;
  bot: MatrixUser;
  staff: MatrixUser;
  members: MatrixUser[];
  staffRoom: string;
  memberRoom: string;
  botProcess: BotProcess;
}

export async function createWorld(memberCount: number, config: Partial<BotConfigInput> = {}): Promise<World> {
  const synapse = inject('synapse');
  const suffix = randomBytes(3).toString('hex');
  const bot = await MatrixUser.register(synapse, `moot-${suffix}`);
  const staff = await MatrixUser.register(synapse, `staff-${suffix}`);
  const members = await Promise.all(
    Array.from({ length: memberCount }, (_, i) => MatrixUser.register(synapse, `m${i}-${suffix}`)),
  );
  const staffRoom = await staff.createRoom({ name: `Staff ${suffix}`, invite: [bot.userId] });
  const memberRoom = await staff.createRoom({ name: `Town hall ${suffix}`, preset: 'public_chat', invite: [bot.userId] });
  for (const member of members) await member.join(memberRoom);
  const botProcess = await BotProcess.create({
    homeserverUrl: synapse.url,
    accessToken: bot.accessToken,
    staffRooms: [staffRoom],
    memberRooms: [memberRoom],
    ...config,
  });
  return { suffix, bot, staff, members, staffRoom, memberRoom, botProcess };
}

/** The bot's threaded reply to a command event. */
export function replyTo(commandEventId: string, pattern: RegExp = /[\s\S]*/) {
  return (ev: MatrixEvent): boolean => {
    const relates = ev.content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: string } } | undefined;
    return ev.type === 'm.room.message' && relates?.['m.in_reply_to']?.event_id === commandEventId &&
      typeof ev.content.body === 'string' && pattern.test(ev.content.body);
  };
}

/** Sends a command and returns the bot's reply to it. */
export async function command(user: MatrixUser, roomId: string, text: string, timeoutMs = 30_000): Promise<MatrixEvent> {
  const eventId = await user.sendText(roomId, text);
  return user.waitForEvent(roomId, replyTo(eventId), { timeoutMs });
}

/** Sends a command and returns the bot's ✅/❌ reaction key to it. */
export async function reactionTo(user: MatrixUser, roomId: string, text: string): Promise<string> {
  const eventId = await user.sendText(roomId, text);
  const reaction = await user.waitForEvent(roomId, (ev) => {
    const relates = ev.content['m.relates_to'] as { rel_type?: string; event_id?: string; key?: string } | undefined;
    return ev.type === 'm.reaction' && relates?.event_id === eventId;
  });
  return (reaction.content['m.relates_to'] as { key: string }).key;
}

export async function pollStartBy(user: MatrixUser, roomId: string, bot: MatrixUser): Promise<MatrixEvent> {
  return user.waitForEvent(roomId, ofType(POLL_START, bot.userId));
}

export { textMatching };
