// matrix-bot-sdk hard-requires @matrix-org/matrix-sdk-crypto-nodejs, whose native library is downloaded at install
// time. Where that download could not happen the SDK throws at load even with encryption off, so the same API built on
// the WebAssembly crypto (which ships inside its npm package) takes the native module's place in the require cache:
// the SDK's own CryptoClient then runs unchanged on it (see crypto/nodejs-binding-on-wasm.ts).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as MatrixBotSdk from 'matrix-bot-sdk';
import type * as WasmBinding from './crypto/nodejs-binding-on-wasm.ts';
import { requireLeanSdk } from './lean-sdk.ts';

type Sdk = typeof MatrixBotSdk;

export interface LoadedSdk {
  sdk: Sdk;
  /** Which crypto the SDK runs on, for the start-up log. */
  cryptoBackend: 'native' | 'wasm';
  /** What it is, in words, for the start-up log (a function: describing the WebAssembly one loads it). */
  describeCryptoBackend: () => string;
  /** Why the native library is not used, when it is not. */
  nativeUnavailableReason?: string;
  /** Whether the crypto works here: the native library, or the WebAssembly one (loaded the first time this is read). */
  readonly encryptionAvailable: boolean;
  /** Why it does not, when it does not. */
  readonly encryptionUnavailableReason?: string;
}

const require = createRequire(import.meta.url);
const CRYPTO_MODULE = '@matrix-org/matrix-sdk-crypto-nodejs';
/** The binding's own file, compiled (dist/) or not: it loads the WebAssembly's JavaScript and an IndexedDB, so only on use. */
const WASM_BINDING = new URL(`./crypto/nodejs-binding-on-wasm.${import.meta.url.endsWith('.js') ? 'js' : 'ts'}`, import.meta.url);

let wasmBinding: typeof WasmBinding | undefined;
function loadWasmBinding(): typeof WasmBinding {
  // require() of an ES module (Node 22.12+): the SDK reads the binding synchronously, from CommonJS.
  wasmBinding ??= require(fileURLToPath(WASM_BINDING)) as typeof WasmBinding;
  return wasmBinding;
}

/** The binding's exports, loaded when the SDK first reads one (when it starts its crypto, never with encryption off). */
const lazyWasmBinding = new Proxy({} as Record<string | symbol, unknown>, {
  get: (_target, name) => (loadWasmBinding() as unknown as Record<string | symbol, unknown>)[name],
  has: (_target, name) => name in loadWasmBinding(),
});

let loaded: LoadedSdk | undefined;

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
    stub.exports = lazyWasmBinding;
    require.cache[cryptoPath] = stub;
  }
  const sdk = requireLeanSdk();
  loaded = reason === undefined
    ? { sdk, cryptoBackend: 'native', describeCryptoBackend: () => `${CRYPTO_MODULE} (native)`, encryptionAvailable: true }
    : withWasmCheck({ sdk, cryptoBackend: 'wasm', describeCryptoBackend: () => loadWasmBinding().cryptoBackendName(), nativeUnavailableReason: reason });
  return loaded;
}

/** The WebAssembly is loaded only when asked about (it costs memory a bot with encryption off need not pay). */
function withWasmCheck(base: Omit<LoadedSdk, 'encryptionAvailable' | 'encryptionUnavailableReason'>): LoadedSdk {
  let failure: string | undefined;
  let checked = false;
  const check = () => {
    if (checked) return;
    checked = true;
    try {
      base.describeCryptoBackend();
    } catch (error) {
      failure = `the WebAssembly crypto could not be loaded (${(error as Error).message.split('\n')[0]})`;
    }
  };
  return {
    ...base,
    get encryptionAvailable() {
      check();
      return failure === undefined;
    },
    get encryptionUnavailableReason() {
      check();
      return failure;
    },
  };
}
