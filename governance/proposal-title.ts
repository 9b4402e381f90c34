// A proposal's title: the one form in which every message, result line and published entry names a proposal.
import type { Action } from './types.ts';

/**
 * "Proposal 4 (suspend threads.net)"; with `then`, a staged cut: "Proposal 4 (limit threads.net, then suspend)";
 * `midSentence`: "proposal 4 (…)", as it reads inside a sentence.
 */
export function proposalTitle(p: { id: number; action: Action; domain: string }, how: { then?: Action; midSentence?: boolean } = {}): string {
  const then = how.then ? `, then ${how.then}` : '';
  return `${how.midSentence ? 'proposal' : 'Proposal'} ${p.id} (${p.action} ${p.domain}${then})`;
}
