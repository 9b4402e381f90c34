// A command that needs the instance declares it; without a mastodon section the dispatcher answers for it, naming
// what is missing, before the command runs.
import { describe, expect, it } from 'vitest';
import { dispatchCommand } from '../../../commands/chat/dispatch.ts';
import { CHAT_COMMANDS } from '../../../commands/chat/registry.ts';
import type { CommandContext } from '../../../bot/contracts/spec.ts';
import type { ProposalActions } from '../../../bot/contracts/ports.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';

const NO_INSTANCE = 'This bot has no Mastodon instance configured (the mastodon section of its config), so it cannot read or change blocks.';

const staffContext: CommandContext = {
  sender: '@mod:example.social',
  roomId: '!staff:example.social',
  eventId: '$cmd',
  eventTs: 0,
  roomKind: 'staff',
  isStaff: async () => true,
  settings: { prefix: '!moot', minVotingPeriodMs: 1, maxVotingPeriodMs: 2, votingPeriodMs: 1, whoMayPropose: 'members' },
  proposals: {} as ProposalActions,
};

async function answer(text: string): Promise<{ body: string; error?: boolean }> {
  const reply = await dispatchCommand(CHAT_COMMANDS, text, staffContext);
  if (reply.kind !== 'reply') throw new Error(`expected a reply, got ${reply.kind}`);
  return { body: renderMessage(reply.message).body, error: reply.error };
}

describe('commands that need the instance, in a bot without one', () => {
  it('are the instance commands, and only they', () => {
    expect(CHAT_COMMANDS.filter((c) => c.needs !== undefined).map((c) => c.name).sort())
      .toEqual(['apply', 'impact', 'import', 'link', 'sync', 'unlink', 'verify']);
  });

  it.each(['apply 1', 'apply 1 --dry-run', 'sync', 'import', 'link @alice@example.social', 'verify 123456', 'unlink', 'impact threads.net', 'impact threads.net mine', 'impact notify on'])(
    '%s is answered: no instance configured',
    async (text) => {
      expect(await answer(text)).toEqual({ body: NO_INSTANCE, error: true });
    },
  );

  it('a usage error is still answered as such first', async () => {
    expect((await answer('apply')).body).toMatch(/^Missing n\.\n\nUsage: /);
  });
});
