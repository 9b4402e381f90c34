// `fedimoot import`: the instance's existing blocks become prior decisions (not voted), so drift starts at zero.
import type { DomainBlock } from '../mastodon/gateway.ts';
import type { Store } from '../../storage/store.ts';
import { IMPORTED_BY, standingDecisions } from '../proposals/standing.ts';
import { logApplied, logProposal } from '../publish/log-writer.ts';

export interface ImportResult {
  imported: string[];
  alreadyDecided: string[];
  skipped: string[];
}

export function importBlocks(store: Store, blocks: readonly DomainBlock[], now: number): ImportResult {
  const decided = new Set(standingDecisions(store).map((d) => d.domain));
  const result: ImportResult = { imported: [], alreadyDecided: [], skipped: [] };
  store.transaction(() => {
    for (const block of blocks) {
      if (block.severity === 'noop') {
        result.skipped.push(block.domain);
        continue;
      }
      if (decided.has(block.domain)) {
        result.alreadyDecided.push(block.domain);
        continue;
      }
      const { proposal } = store.proposals.create({
        domain: block.domain,
        action: block.severity === 'silence' ? 'limit' : 'suspend',
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
      store.proposals.setState(proposal.id, 'applied', 'applied', { closedAt: now, appliedAt: now, mastodonBlockId: block.id });
      const recorded = store.proposals.get(proposal.id)!;
      logProposal(store, recorded, true);
      logApplied(store, recorded);
      store.audit.append({ ts: now, actor: IMPORTED_BY, action: 'import', proposalId: proposal.id, detail: { domain: block.domain, blockId: block.id } });
      decided.add(block.domain);
      result.imported.push(block.domain);
    }
  });
  return result;
}
