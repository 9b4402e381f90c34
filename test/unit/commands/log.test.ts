// `!moot log`: voted decisions by their result line; blocks recorded from the instance said plainly, never as voted.
import { describe, expect, it } from 'vitest';
import { logCommand } from '../../../commands/chat/log.ts';
import type { CommandContext } from '../../../bot/contracts/spec.ts';
import type { ProposalActions, ProposalView } from '../../../bot/contracts/ports.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';

const base: Omit<ProposalView, 'id' | 'domain' | 'action' | 'state'> = {
  options: { rejectMedia: false, rejectReports: false, obfuscate: false },
  proposer: '@alice:example.social',
  evidence: [],
  createdAt: Date.UTC(2026, 10, 1),
  closedAt: Date.UTC(2026, 10, 2, 10, 0),
  secondsRequired: 0,
  secondsHave: 0,
  disclosed: false,
};

async function log(decisions: ProposalView[]): Promise<string> {
  const ctx = { proposals: { recentDecisions: () => decisions } as unknown as ProposalActions } as CommandContext;
  const reply = await logCommand.run(ctx, { args: {}, options: {} });
  if (reply.kind !== 'reply') throw new Error('expected a reply');
  return renderMessage(reply.message).body;
}

describe('!moot log', () => {
  it('says an imported block was recorded, not voted, and a voted one by its result line', async () => {
    const text = await log([
      { ...base, id: 2, domain: 'old.example', action: 'suspend', state: 'applied', proposer: 'fedimoot import', imported: true },
      { ...base, id: 1, domain: 'threads.net', action: 'suspend', state: 'applied', resultLine: 'Proposal 1 (suspend threads.net): approved — yes 3 · no 0' },
    ]);
    expect(text).toBe(
      'The last 2 decisions:\n\n' +
        "• Proposal 2 (suspend old.example): recorded from the instance's existing blocks, not voted here (approved and applied) (2026-11-02 10:00 UTC)\n" +
        '• Proposal 1 (suspend threads.net): approved — yes 3 · no 0 (2026-11-02 10:00 UTC)',
    );
  });

  it('says "the last decision" for one', async () => {
    expect(await log([{ ...base, id: 1, domain: 'a.example', action: 'lift', state: 'rejected', resultLine: 'Proposal 1 (lift a.example): rejected' }])).toMatch(/^The last decision:\n/);
  });
});
