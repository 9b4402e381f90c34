import type { Config } from '../config/types.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../../storage/store.ts';
import type { RoomReadability, RoomsPort } from '../contracts/rooms-port.ts';
import type { ProposalHook } from './milestones.ts';
import type { InstanceGateway } from '../mastodon/gateway.ts';
import type { PeerWatch } from '../contracts/peer-ports.ts';

/**
 * The whole bot's context, as the composition root (bot/compose.ts) builds it. Room ids are resolved (no aliases) by
 * the time this is built. Each capability declares the part it uses (a Pick of this, and ConfigSections for the
 * config it reads) next to its functions, so a signature says what a capability can touch.
 */
export interface ProposalDeps {
  store: Store;
  rooms: RoomsPort;
  config: Config;
  botUserId: string;
  staffRoomIds: readonly string[];
  memberRoomIds: readonly string[];
  logger: Logger;
  now(): number;
  /** The instance's admin API; absent without a `mastodon` config section (nothing is applied then). */
  instance?: InstanceGateway;
  /**
   * Capabilities told about each milestone (see hooks.ts), in this order: declared once by the composition, read
   * when a milestone is scheduled (the subscribers are built from these deps, so the list comes after them).
   */
  hooks(): readonly ProposalHook[];
  /**
   * Wakes the job runners after jobs were scheduled for now. Resolves once the main lane's due jobs have run (a
   * command awaits it to reply after its job); the other lanes are woken, not awaited. Inside a job it resolves at once.
   */
  kick(): Promise<void>;
  /** Which rooms the bot can read (encryption); every room when absent. */
  readability?: RoomReadability;
  /** Peer watch; absent without a `peers` config section. */
  peers?: PeerWatch;
}

/** The config sections a capability reads, as part of its context type: `Pick<ProposalDeps, 'store'> & ConfigSections<'governance'>`. */
export interface ConfigSections<C extends keyof Config> {
  config: Pick<Config, C>;
}

/** False for an encrypted room the bot cannot decrypt: no poll opens there, its answers could not be read. */
export function isReadableRoom(deps: Pick<ProposalDeps, 'readability'>, roomId: string): boolean {
  return deps.readability?.isReadable(roomId) ?? true;
}

export function proposalRoomIds(deps: Pick<ProposalDeps, 'staffRoomIds' | 'memberRoomIds'>): string[] {
  return [...new Set([...deps.memberRoomIds, ...deps.staffRoomIds])];
}
