// matrix-bot-sdk's index requires every part of the SDK: the appservice (express and its middleware), the Postgres and
// file storage providers, metrics, mixins. An idle bot needs the client, its crypto and its request function, and
// loading the rest costs memory a bot beside a small instance should not pay. So the SDK's index is replaced, in the
// require cache, by a view that loads each export's own file when first read; an export not listed below loads the
// whole index as before (so nothing breaks, it only costs the memory again). The SDK's own files that require its
// index (metrics, for LogService) get the same view.
//
// Libraries the client requires at load that serve only calls the bot never or rarely makes (HTML to text for the
// SDK's reply helpers, HTML sanitising for its rich replies, lowdb for the crypto store) load at their first use; the
// `request` package is not used at all (see sdk-request.ts).
import { Module, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as MatrixBotSdk from 'matrix-bot-sdk';
import { sdkRequest } from './sdk-request.ts';

type Sdk = typeof MatrixBotSdk;

const require = createRequire(import.meta.url);

/** The exports fedimoot reads, each with the SDK file (under lib/) that defines it. */
const LEAN_EXPORTS: Readonly<Record<string, string>> = {
  MatrixClient: 'MatrixClient',
  LogService: 'logging/LogService',
  LogLevel: 'logging/LogService',
  RustSdkCryptoStorageProvider: 'storage/RustSdkCryptoStorageProvider',
  EncryptedRoomEvent: 'models/events/EncryptedRoomEvent',
  getRequestFn: 'request',
  setRequestFn: 'request',
};

/**
 * Libraries the SDK requires at load but uses only in calls an idle bot does not make: `request` once our own
 * request function replaced it (see sdk-request.ts), lowdb for the crypto store's metadata (encryption on only).
 */
const ON_FIRST_USE = ['html-to-text', 'sanitize-html', 'request', 'lowdb', 'lowdb/adapters/FileSync'];

function cacheModule(path: string, exports: unknown): void {
  const stub = new Module(path);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = exports;
  require.cache[path] = stub;
}

/** A module that loads when first called, constructed or read (those above are functions, classes or objects of them). */
function loadOnFirstUse(path: string): void {
  let real: Record<string | symbol, unknown> & ((...args: unknown[]) => unknown);
  const load = () => {
    if (!real) {
      delete require.cache[path];
      real = require(path);
    }
    return real;
  };
  cacheModule(path, new Proxy(function () {}, {
    apply: (_target, thisArg, args: unknown[]) => Reflect.apply(load(), thisArg, args),
    construct: (_target, args: unknown[]) => Reflect.construct(load(), args) as object,
    get: (_target, name) => load()[name],
  }));
}

export function requireLeanSdk(): Sdk {
  const indexPath = require.resolve('matrix-bot-sdk');
  // Already loaded whole (a test, or a tool beside the bot): use it as it is.
  if (require.cache[indexPath]) return require(indexPath) as Sdk;
  const lib = dirname(indexPath);
  for (const name of ON_FIRST_USE) loadOnFirstUse(require.resolve(name, { paths: [lib] }));
  let whole: Record<string | symbol, unknown> | undefined;
  const loadWhole = () => {
    if (!whole) {
      delete require.cache[indexPath];
      whole = require(indexPath) as Record<string | symbol, unknown>;
    }
    return whole;
  };
  const view = new Proxy({} as Record<string | symbol, unknown>, {
    get: (_target, name) => {
      const file = typeof name === 'string' ? LEAN_EXPORTS[name] : undefined;
      return whole || !file ? loadWhole()[name] : (require(join(lib, file)) as Record<string, unknown>)[name as string];
    },
    has: (_target, name) => name in loadWhole(),
    ownKeys: () => Reflect.ownKeys(loadWhole()),
    getOwnPropertyDescriptor: (_target, name) => {
      const value = loadWhole()[name];
      return name in loadWhole() ? { value, enumerable: true, configurable: true, writable: false } : undefined;
    },
  });
  cacheModule(indexPath, view);
  const sdk = view as unknown as Sdk;
  sdk.setRequestFn(sdkRequest);
  return sdk;
}
