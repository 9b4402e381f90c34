// The composed bot's runners start only after the first sync batch (bot/app.ts calls startJobs() then): a kick before
// that, such as the drift report's at start, must leave due jobs waiting, or a close could count before the text
// votes sent while the bot was away were read.
import { describe, expect, it } from 'vitest';
import { composeBot } from '../../../bot/compose.ts';
import { createLogger } from '../../../bot/logger.ts';
import { fakeClock, memoryStore, openProposal } from '../storage/storage-fixtures.ts';
import { configWith } from '../proposals/proposal-deps.ts';

describe('the composed bot at start', () => {
  it('runs no job on a kick before startJobs(), and runs it once the runners start', async () => {
    const clock = fakeClock();
    const store = memoryStore(clock);
    const config = configWith();
    const bot = composeBot({
      config,
      store,
      logger: createLogger({ level: 'fatal' }),
      now: clock,
      rooms: {
        sendPollStart: async () => '$poll',
        sendPollEnd: async () => '$end',
        sendNotice: async () => '$notice',
        joinedMembers: async () => [],
        pollResponses: async () => ({ votes: [], unreadable: [] }),
      },
      botUserId: '@moot:example.social',
      staffRoomIds: [...config.matrix.staffRooms],
      memberRoomIds: [...config.matrix.memberRooms],
    });
    const p = openProposal(store, []);
    // A reminder of a proposal already cancelled: the runner dismisses it as obsolete once it runs.
    store.jobs.schedule({ kind: 'remind', proposalId: p.id, runAt: clock(), key: 'remind' });
    store.proposals.advance(p.id, { type: 'cancel' }, { fields: { closedAt: clock() } });
    await bot.deps.kick();
    expect(store.jobs.getByKey('remind')).toMatchObject({ state: 'pending', attempts: 0 });
    bot.startJobs();
    await bot.stop();
    expect(store.jobs.getByKey('remind')?.state).toBe('cancelled');
  });
});
