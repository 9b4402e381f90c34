// The intake's dependencies for unit tests: the proposal world's store and logger, the real command registry, one
// member room and the configured staff rooms; each test adds the chat stand-in and the actions it exercises.
import { CHAT_COMMANDS } from '../../../commands/chat/registry.ts';
import { commandDispatcher } from '../../../commands/chat/dispatch.ts';
import type { ProposalActions } from '../../../bot/contracts/ports.ts';
import type { MatrixChat } from '../../../bot/matrix/chat.ts';
import type { IntakeDeps } from '../../../bot/matrix/intake.ts';
import type { ProposalDeps } from '../../../bot/proposals/deps.ts';
import { MEMBER_ROOM } from '../proposals/proposal-deps.ts';

const HOUR = 3_600_000;

export function intakeDeps(deps: ProposalDeps, chat: Partial<MatrixChat>, extra: Partial<IntakeDeps> = {}): IntakeDeps {
  return {
    chat: chat as MatrixChat,
    store: deps.store,
    logger: deps.logger,
    botUserId: deps.botUserId,
    settings: { prefix: '!moot', minVotingPeriodMs: HOUR, maxVotingPeriodMs: 24 * HOUR, votingPeriodMs: HOUR, whoMayPropose: 'members' },
    commands: commandDispatcher(CHAT_COMMANDS),
    staffRoomIds: new Set(deps.staffRoomIds),
    memberRoomIds: new Set([MEMBER_ROOM]),
    staffPowerLevel: 50,
    proposals: {} as ProposalActions,
    proposalDeps: deps,
    ...extra,
  };
}
