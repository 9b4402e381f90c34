import { describe, expect, it } from 'vitest';
import { remind } from '../../../bot/proposals/remind.ts';
import { proposalWorld } from './proposal-deps.ts';

const HOUR = 3_600_000;

describe('the reminder before the deadline', () => {
  it('is posted while the vote is still running, with the turnout so far', async () => {
    const world = proposalWorld();
    const proposal = world.open(['@a:example.social', '@b:example.social']);
    world.clock.advance(proposal.durationMs - HOUR);
    await remind(world.deps, proposal.id);
    expect(world.posted).toHaveLength(1);
    expect(world.posted[0]!.body).toMatch(/^Reminder: Proposal 1 \(suspend threads\.net\) closes .* \(in 1 hour\)\. Turnout so far: 0 of 2 eligible/);
  });

  it('is skipped when the bot comes back after the deadline, so nobody reads "closes … 3 minutes ago"', async () => {
    const world = proposalWorld();
    const proposal = world.open(['@a:example.social']);
    world.clock.advance(proposal.durationMs + 3 * 60_000);
    await remind(world.deps, proposal.id);
    expect(world.posted).toEqual([]);
  });
});
