// The proposal workflow as chat commands and the job runner see it.
import type { ProposalActions, ProposalView, Turnout } from '../contracts/ports.ts';
import type { OpenContext } from './open-poll.ts';
import { propose, second } from './propose.ts';
import { textVote } from './votes.ts';
import { closeVote, endWithoutCount } from './close.ts';
import { toView } from './view.ts';

/** The commands open proposals (propose, second), so they take what opening takes; votes, closes and ends take less. */
export function proposalActions(deps: OpenContext): ProposalActions {
  const view = (id: number): ProposalView | undefined => {
    const record = deps.store.proposals.get(id);
    return record ? toView(deps.store, record) : undefined;
  };
  return {
    propose: (input) => propose(deps, input),
    second: (id, user) => second(deps, id, user),
    vote: (id, vote) => textVote(deps, id, vote),
    withdraw: (id, user, command) => endWithoutCount(deps, id, user, 'withdrawn', undefined, command),
    cancel: (id, staff, reason, command) => endWithoutCount(deps, id, staff, 'cancelled', reason, command),
    close: (id, staff, command) => closeVote(deps, id, staff, deps.now(), undefined, command),
    get: view,
    active: () => deps.store.proposals.listActive().map((r) => toView(deps.store, r)),
    recentDecisions: (count) => deps.store.proposals.listDecided(count).map((r) => toView(deps.store, r)),
    turnout: (id): Turnout => {
      const tally = deps.store.votes.tally(id);
      return { voted: tally.cast + tally.spoiled, eligible: tally.eligible };
    },
  };
}
