// `impact <domain> mine` and `impact notify on|off` as a member writes them: parsed, refused in words when wrongly
// written, and answered privately from the member's own linked account (store and gateway real, on the contract fake).
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../commands/chat/dispatch.ts';
import { CHAT_COMMANDS } from '../../../commands/chat/registry.ts';
import type { CommandContext } from '../../../bot/contracts/spec.ts';
import type { InstanceActions } from '../../../bot/contracts/instance-ports.ts';
import type { ProposalActions } from '../../../bot/contracts/ports.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import { personalImpactActions } from '../../../bot/personal/read.ts';
import { memoryStore } from '../storage/storage-fixtures.ts';
import { setup } from '../mastodon/gateway-fixture.ts';

const MIA = '@mia:example.social';

async function world() {
  const { fake, gateway } = await setup();
  const store = memoryStore();
  const mia = fake.state.addAccount({ username: 'mia' });
  store.links.link({ matrixUserId: MIA, acct: 'mia', accountId: mia.id, verifiedAt: 0 });
  fake.state.follow(mia, fake.state.addAccount({ username: 'ana', domain: 'threads.net' }));
  const ctx = (sender: string): CommandContext => ({
    sender,
    roomId: '!dm:example.social',
    eventId: '$cmd',
    eventTs: 0,
    roomKind: 'direct',
    isStaff: async () => false,
    settings: { prefix: '!moot', minVotingPeriodMs: 1, maxVotingPeriodMs: 2, votingPeriodMs: 1, whoMayPropose: 'members' },
    proposals: {} as ProposalActions,
    instance: {} as InstanceActions,
    personal: personalImpactActions(store, gateway, pino({ level: 'silent' })),
  });
  const ask = async (text: string, sender = MIA) => {
    const reply = await dispatchCommand(CHAT_COMMANDS, text, ctx(sender));
    if (reply.kind !== 'reply') throw new Error(`expected a reply, got ${reply.kind}`);
    return { ...reply, text: renderMessage(reply.message).body };
  };
  return { ask, store, mia, fake };
}

describe('impact <domain> mine', () => {
  it('answers privately with the figures and the file', async () => {
    const { ask } = await world();
    const reply = await ask('impact https://Threads.NET/@ana mine');
    expect(reply.private).toBe(true);
    expect(reply.error).toBe(false);
    expect(reply.text).toMatch(/^If threads\.net \(with its subdomains\) were cut off, @mia would lose: you follow 1 account there; 0 accounts there follow you; none of them is a mutual\./);
    expect(reply.file).toEqual({ name: 'following-threads.net.csv', mimetype: 'text/csv', text: 'Account address,Show boosts,Notify on new posts,Languages\nana@threads.net,true,false,\n' });
  });

  it('refuses a word that is not a domain, or not mine, saying how to write it', async () => {
    const { ask } = await world();
    expect((await ask('impact threads mine')).text).toBe(
      '"threads" is not a domain: it has only one part (a top-level domain alone cannot be blocked); write a domain like example.social.\n\nUsage: `!moot impact <domain> [mine]` or `!moot impact notify on|off`',
    );
    expect((await ask('impact threads.net yours')).text).toMatch(/^"yours" is not mine; write !moot impact threads\.net mine for your own figures\./);
  });

  it('says an unreadable account in words, naming no token', async () => {
    const { ask, fake, mia } = await world();
    fake.state.accounts.delete(mia.id);
    const reply = await ask('impact threads.net mine');
    expect(reply.text).toBe('I could not read the follows of @mia from the instance: the instance no longer knows your linked account. Link it again if it moved.');
    expect(reply.error).toBe(true);
  });
});

describe('impact notify on|off', () => {
  it('turns a linked member\'s notices off and on; a member without a link is told they get none', async () => {
    const { ask, store } = await world();
    expect((await ask('impact notify off')).text).toBe('I will no longer tell you privately when a proposal would cut a domain where you follow people. Turn it back on with !moot impact notify on.');
    expect(store.personal.notifies(MIA)).toBe(false);
    expect((await ask('impact NOTIFY on')).text).toMatch(/^I will tell you privately/);
    expect(store.personal.notifies(MIA)).toBe(true);
    expect((await ask('impact notify off', '@nolink:example.social')).text).toBe('You have no linked account, so I send you no such messages anyway. Link one with !moot link @you@your.instance.');
    expect((await ask('impact notify')).text).toMatch(/^After notify, write on or off\./);
  });
});

describe('an instance that refuses', () => {
  it('is named as the cause, with what staff must fix', async () => {
    const { fake, gateway } = await setup({ tokens: { adminOnly: { scopes: ['admin:read', 'admin:write'], role: 'admin', username: 'admin' } } }, { token: 'adminOnly' });
    const store = memoryStore();
    const mia = fake.state.addAccount({ username: 'mia' });
    store.links.link({ matrixUserId: MIA, acct: 'mia', accountId: mia.id, verifiedAt: 0 });
    const answer = await personalImpactActions(store, gateway, pino({ level: 'silent' })).mine(MIA, 'threads.net');
    expect(answer).toEqual({
      kind: 'unreadable', acct: 'mia', transient: false,
      reason: "the instance refused my request (it answered 403). Staff can fix it: the bot's token needs the read or read:accounts scope.",
    });
  });
});
