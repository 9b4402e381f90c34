// Direct messages with the bot when the members' client encrypts them, as Element does: a DM made the way Element
// makes one (trusted_private_chat, is_direct, m.room.encryption in the initial state) carries personal commands
// (a pledge; an account link, with the GoToSocial of the e2e setup as the instance) and the bot's decrypted answers.
// A personal command written in an encrypted room gets its answer in the DM the bot makes itself.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KnownMembership, type Room } from 'matrix-js-sdk';
import { waitForDecryptedText } from './support/js-sdk-user.ts';
import { POINTER_KEPT } from './support/private-answers.ts';
import { createEncryptedWorld, MEGOLM_STATE, say, type EncryptedWorld, type Person } from './support/encrypted-world.ts';

const gts = inject('gotosocial');
let world: EncryptedWorld;

beforeAll(async () => {
  world = await createEncryptedWorld(2, { mastodon: { url: gts.url, accessToken: gts.adminToken } });
  await world.botProcess.start(60_000);
});

afterAll(async () => {
  await world?.stop();
});

/** Polls the person's client until `find` returns something. */
async function eventually<T>(what: string, find: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

const botMembership = (room: Room | null) => room?.getMember(world.bot.userId)?.membership;

describe('direct messages with the bot, encrypted as Element makes them', () => {
  it('answers a pledge and an account link in a DM the member made encrypted, where the member’s client decrypts them', async () => {
    const [m0] = world.members as [Person];
    const { room_id: dm } = await m0.client.createRoom({
      preset: 'trusted_private_chat' as never,
      is_direct: true,
      invite: [world.bot.userId],
      initial_state: [MEGOLM_STATE],
    });
    await eventually('the bot joins the DM', () => (botMembership(m0.client.getRoom(dm)) === KnownMembership.Join ? true : undefined));
    expect(await m0.client.getCrypto()!.isEncryptionEnabledInRoom(dm)).toBe(true);

    // say() also checks that each answer arrived encrypted.
    expect(await say(world, m0, dm, '!moot pledge 5 EUR monthly', /^Thank you/)).toBe(
      'Thank you: your pledge #1 is recorded: €5.00 a month. Only you and staff see it; everyone else sees totals.',
    );
    expect(await say(world, m0, dm, '!moot link @alice', /^I sent a code|already linked/)).toBe(
      'I sent a code to @alice as a direct message on the instance. Write !moot verify <code> here within an hour.',
    );
  });

  it('answers a personal command from the encrypted member room in a DM the bot makes, which the member’s client reads', async () => {
    const [, m1] = world.members as [Person, Person];
    // The pointer in the room is encrypted like everything the bot sends there.
    expect(await say(world, m1, world.memberRoom, '!moot pledge 3 EUR monthly', /direct message/)).toBe(POINTER_KEPT);
    const invited = await eventually('an invite from the bot', () =>
      m1.client.getRooms().find((room) => room.getMyMembership() === KnownMembership.Invite && room.getDMInviter() === world.bot.userId));
    const answer = waitForDecryptedText(m1, invited.roomId, world.bot.userId, (body) => body.startsWith('Thank you'), 30_000);
    await m1.client.joinRoom(invited.roomId);
    const read = await answer;
    expect(read.getContent().body).toBe(
      'Thank you: your pledge #2 is recorded: €3.00 a month. Only you and staff see it; everyone else sees totals.\n\n' +
        'You wrote this in a room, where your command is still visible: I may not remove messages there. Next time write it to me here.',
    );
    // The bot makes its DMs without encryption (chat.ts createDirectRoom): it sends the answer right after inviting,
    // before the member has joined, and matrix-bot-sdk shares room keys with joined members only, so an encrypted DM
    // would hold an answer the member can never read. Element shows such a DM as not encrypted.
    expect(read.isEncrypted()).toBe(false);
    expect(await m1.client.getCrypto()!.isEncryptionEnabledInRoom(invited.roomId)).toBe(false);
    // The DM serves the member's commands from then on.
    expect(await waitAndSay(m1, invited.roomId, '!moot pledges mine', /^Your pledges/)).toContain('#2: €3.00 a month (active)');
  });
});

/** Like say(), for a room that is not encrypted. */
async function waitAndSay(person: Person, room: string, text: string, reply: RegExp): Promise<string> {
  const answered = waitForDecryptedText(person, room, world.bot.userId, (body) => reply.test(body), 30_000);
  await person.client.sendTextMessage(room, text);
  return (await answered).getContent().body as string;
}
