// `fedimoot import`: the instance's existing blocks become prior decisions (not voted), so drift starts at zero.
import { actionOf, type DomainBlock } from '../../governance/blocks.ts';
import type { Store } from '../../storage/store.ts';
import { IMPORTED_BY, standingDecisions } from '../proposals/standing.ts';
import { logApplied, logProposal } from '../publish/log-writer.ts';

export interface ImportResult {
  imported: string[];
  /** The proposal number of the last block recorded, if any. */
  lastProposalId?: number;
  alreadyDecided: string[];
  skipped: string[];
}

/** What an import would record: the blocks no standing decision has a word on, no-op blocks apart. */
export function planImport(store: Store, blocks: readonly DomainBlock[]): { fresh: DomainBlock[]; alreadyDecided: string[]; skipped: string[] } {
  const decided = new Set(standingDecisions(store).map((d) => d.domain));
  const plan = { fresh: [] as DomainBlock[], alreadyDecided: [] as string[], skipped: [] as string[] };
  for (const block of blocks) {
    if (block.severity === 'noop') plan.skipped.push(block.domain);
    else if (decided.has(block.domain)) plan.alreadyDecided.push(block.domain);
    else {
      plan.fresh.push(block);
      // Mastodon has one block per domain; a second listed for the same one (GoToSocial under load) is recorded once.
      decided.add(block.domain);
    }
  }
  return plan;
}

/** `actor`: who asked, for the audit trail (the decisions' proposer is always IMPORTED_BY: they were not voted). */
export function importBlocks(store: Store, blocks: readonly DomainBlock[], now: number, actor = IMPORTED_BY): ImportResult {
  const result: ImportResult = { imported: [], alreadyDecided: [], skipped: [] };
  store.transaction(() => {
    // Planned inside the transaction, so two imports at once cannot both record a domain.
    const plan = planImport(store, blocks);
    result.alreadyDecided = plan.alreadyDecided;
    result.skipped = plan.skipped;
    for (const block of plan.fresh) {
      const { proposal } = store.proposals.create({
        domain: block.domain,
        action: actionOf(block.severity),
        rejectMedia: block.rejectMedia,
        rejectReports: block.rejectReports,
        obfuscate: block.obfuscate,
        publicReason: block.publicComment ?? null,
        privateComment: block.privateComment ?? null,
        durationMs: 0,
        proposer: IMPORTED_BY,
        secondsRequired: 0,
        state: 'applied',
        createdAt: now,
      });
      store.proposals.update(proposal.id, 'applied', { closedAt: now, appliedAt: now, mastodonBlockId: block.id });
      const recorded = store.proposals.get(proposal.id)!;
      logProposal(store, recorded, true);
      logApplied(store, recorded);
      store.audit.append({ ts: now, actor, action: 'import', proposalId: proposal.id, detail: { domain: block.domain, blockId: block.id } });
      result.imported.push(block.domain);
      result.lastProposalId = proposal.id;
    }
  });
  return result;
}
