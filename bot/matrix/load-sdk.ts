// matrix-bot-sdk hard-requires @matrix-org/matrix-sdk-crypto-nodejs, whose native library is downloaded at install
// time. Where that download could not happen the SDK throws at load even with encryption off, so a stand-in module
// takes its place in the require cache: the bot then runs in unencrypted rooms and anything that needs E2EE fails loudly.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as MatrixBotSdk from 'matrix-bot-sdk';

type Sdk = typeof MatrixBotSdk;

export interface LoadedSdk {
  sdk: Sdk;
  encryptionAvailable: boolean;
  /** Why encryption is unavailable, when it is. */
  encryptionUnavailableReason?: string;
}

const require = createRequire(import.meta.url);
const CRYPTO_MODULE = '@matrix-org/matrix-sdk-crypto-nodejs';
export const E2EE_UNAVAILABLE = 'end-to-end encryption is not available';

let loaded: LoadedSdk | undefined;

function standIn(path: string): unknown {
  const fail = () => {
    throw new Error(`${E2EE_UNAVAILABLE} (the native ${CRYPTO_MODULE} library is not installed)`);
  };
  // Every member is callable and constructible (throws), and reading members off it works, so the SDK's module-level
  // references (enums, classes named in type positions) load without touching the native code.
  const member: object = new Proxy(fail, {
    get: (_target, prop) => (prop === Symbol.toPrimitive ? () => path : member),
    apply: fail,
    construct: fail,
  });
  return new Proxy({}, { get: (_t, prop) => (prop === '__esModule' ? false : member) });
}

export function loadMatrixSdk(): LoadedSdk {
  if (loaded) return loaded;
  const sdkDir = dirname(require.resolve('matrix-bot-sdk'));
  const cryptoPath = require.resolve(CRYPTO_MODULE, { paths: [sdkDir] });
  let reason: string | undefined;
  try {
    require(cryptoPath);
  } catch (error) {
    reason = `the native ${CRYPTO_MODULE} library could not be loaded (${(error as Error).message.split('\n')[0]})`;
    const stub = new (require('node:module') as { Module: new (id: string) => NodeJS.Module }).Module(cryptoPath);
    stub.filename = cryptoPath;
    stub.loaded = true;
    stub.exports = standIn(cryptoPath);
    require.cache[cryptoPath] = stub;
  }
  const sdk = require('matrix-bot-sdk') as Sdk;
  loaded = { sdk, encryptionAvailable: reason === undefined, encryptionUnavailableReason: reason };
  return loaded;
}
