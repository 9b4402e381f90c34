// Whether this bot can read encrypted rooms: only with matrix.encryption on and the crypto library loaded (see
// load-sdk.ts). One decision, so `fedimoot check` and the running bot agree on which rooms they cannot read.
import type { LoadedSdk } from './load-sdk.ts';

export interface Decryption {
  canDecrypt: boolean;
  /** Why not, in a few words for the operator, when it cannot. */
  why?: string;
}

export function botDecryption(config: { encryption: boolean }, sdk: Pick<LoadedSdk, 'encryptionAvailable'>): Decryption {
  const reasons: string[] = [];
  if (!config.encryption) reasons.push('matrix.encryption is off');
  if (!sdk.encryptionAvailable) reasons.push('the crypto library could not be loaded');
  return reasons.length === 0 ? { canDecrypt: true } : { canDecrypt: false, why: reasons.join(' and ') };
}
