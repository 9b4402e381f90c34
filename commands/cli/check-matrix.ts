// `fedimoot check`, the Matrix part: the homeserver answers, the token is the bot's, end-to-end encryption is what
// the config says it is, and then each configured room (check-rooms.ts).
import type { Config } from '../../bot/config/types.ts';
import { botDecryption } from '../../bot/matrix/can-decrypt.ts';
import { loadMatrixSdk } from '../../bot/matrix/load-sdk.ts';
import type { CheckLine } from './check-line.ts';
import { matrixGetter } from './check-matrix-request.ts';
import { checkRooms } from './check-rooms.ts';

export interface CheckMatrixOptions {
  /** Whether the crypto library loads; default: what loading matrix-bot-sdk finds. */
  encryptionAvailable?: boolean;
}

export async function checkMatrix(config: Config, options: CheckMatrixOptions = {}): Promise<CheckLine[]> {
  const get = matrixGetter(config);
  const lines: CheckLine[] = [];
  let whoami;
  try {
    whoami = await get('/_matrix/client/v3/account/whoami');
  } catch (error) {
    return [{ ok: false, what: `Matrix: homeserver ${config.matrix.homeserverUrl} reachable`, fix: `check matrix.homeserverUrl (${(error as Error).message})` }];
  }
  if (whoami.status !== 200) {
    return [{ ok: false, what: 'Matrix: access token accepted', fix: `the homeserver answered ${whoami.status}; log the bot in again and update matrix.accessToken` }];
  }
  const botUserId = String(whoami.body.user_id);
  lines.push({ ok: true, what: `Matrix: logged in as ${botUserId}` });

  const encryptionAvailable = options.encryptionAvailable ?? loadMatrixSdk().encryptionAvailable;
  if (config.matrix.encryption && !encryptionAvailable) {
    // `fedimoot run` cannot start its crypto then (bot/matrix/connect.ts).
    const why = loadMatrixSdk().encryptionUnavailableReason ?? 'the crypto library could not be loaded';
    lines.push({ ok: false, what: 'Matrix: end-to-end encryption (matrix.encryption is on)', fix: `${why}, so the bot will not start; set matrix.encryption to false` });
  } else if (config.matrix.encryption) {
    lines.push({ ok: true, what: `Matrix: end-to-end encryption on, with ${options.encryptionAvailable === undefined ? loadMatrixSdk().describeCryptoBackend() : 'the crypto library'}` });
  }
  const decryption = botDecryption(config.matrix, { encryptionAvailable });
  try {
    lines.push(...(await checkRooms(get, config, botUserId, decryption)));
  } catch (error) {
    lines.push({ ok: false, what: "Matrix: the bot's rooms readable", fix: `the homeserver did not answer (${(error as Error).message})` });
  }
  return lines;
}
