// The Matrix policy list (matrix.policyRoom): one m.policy.rule.server rule per blocked domain and one for its
// subdomains, sent when a block is applied, emptied when a lift is. Draupnir and Mjolnir can subscribe to the room.
import type { Config } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../../storage/store.ts';
import type { ProposalHook } from '../proposals/hooks.ts';

export const POLICY_RULE_SERVER = 'm.policy.rule.server';
const ROOM_KEY = 'policy-room-id';

export interface PolicyRoomPort {
  sendState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<string>;
  createRoom(options: { name: string; topic: string; roomType?: string; invite?: string[] }): Promise<string>;
  joinRoom(roomIdOrAlias: string): Promise<string>;
}

export function ruleKeys(domain: string): [string, string][] {
  return [
    [`fedimoot:${domain}`, domain],
    [`fedimoot:*.${domain}`, `*.${domain}`],
  ];
}

/** The room id: the configured one (joined), or one created and remembered when matrix.createPolicyRoom is on. */
export async function resolvePolicyRoom(config: Config, store: Store, matrix: PolicyRoomPort): Promise<string | undefined> {
  const known = store.meta.get(ROOM_KEY);
  if (known) return known;
  let roomId: string | undefined;
  if (config.matrix.policyRoom) roomId = await matrix.joinRoom(config.matrix.policyRoom);
  else if (config.matrix.createPolicyRoom) {
    roomId = await matrix.createRoom({
      name: 'Federation policy (fedimoot)',
      topic: "The blocks this community decided by vote, as a Matrix policy list. Managed by fedimoot; don't edit by hand.",
      roomType: 'm.policy',
    });
  }
  if (roomId) store.meta.set(ROOM_KEY, roomId);
  return roomId;
}

export function policyRoomHook(store: Store, matrix: PolicyRoomPort, roomId: () => string | undefined, logger: Logger): ProposalHook {
  return {
    name: 'policy-room',
    async on(milestone, id) {
      const room = roomId();
      if (milestone !== 'applied' || !room) return;
      const p = store.proposals.get(id);
      if (!p || p.state !== 'applied') return;
      if (p.obfuscate && p.action !== 'lift') {
        logger.info({ proposal: id }, 'obfuscated decision: not published in the policy room');
        return;
      }
      for (const [stateKey, entity] of ruleKeys(p.domain)) {
        const content = p.action === 'lift' ? {} : { entity, recommendation: 'm.ban', reason: p.publicReason ?? `Proposal ${p.id}` };
        await matrix.sendState(room, POLICY_RULE_SERVER, stateKey, content);
      }
    },
  };
}
