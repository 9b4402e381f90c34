// Where the standing decisions and the instance's blocks differ.
import { computeDrift, type DriftItem } from '../../governance/apply-plan.ts';
import type { Store } from '../../storage/store.ts';
import type { InstanceGateway } from '../mastodon/gateway.ts';
import { standingDecisions } from '../proposals/standing.ts';

export async function findDrift(store: Store, instance: InstanceGateway): Promise<{ items: DriftItem[]; blocks: number }> {
  const [blocks, suspendOnly] = await Promise.all([instance.listBlocks(), instance.suspendOnly()]);
  return { items: computeDrift(standingDecisions(store), blocks, suspendOnly), blocks: blocks.length };
}
