// The WebAssembly crypto behind the native binding's API keeps its device across a restart on the same folder.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CRYPTO_STORE_FILE, DeviceId, OlmMachine, RequestType, UserId } from '../../../bot/matrix/crypto/nodejs-binding-on-wasm.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('nodejs binding on the WebAssembly crypto', () => {
  it('keeps its identity keys in a file under the storage folder across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fedimoot-wasm-crypto-'));
    dirs.push(dir);
    const first = await OlmMachine.initialize(new UserId('@bot:example.org'), new DeviceId('BOTDEVICE'), dir);
    const keys = first.identityKeys.ed25519.toBase64();
    const requests = await first.outgoingRequests();
    expect(requests.map((r) => r.type)).toContain(RequestType.KeysUpload);
    await first.close();
    expect((await stat(join(dir, CRYPTO_STORE_FILE))).mode & 0o777).toBe(0o600);

    const second = await OlmMachine.initialize(new UserId('@bot:example.org'), new DeviceId('BOTDEVICE'), dir);
    expect(second.identityKeys.ed25519.toBase64()).toBe(keys);
    const signatures = (await second.sign(JSON.stringify({ a: 1 }))).get(new UserId('@bot:example.org'));
    expect(signatures?.['ed25519:BOTDEVICE']?.isValid).toBe(true);
    await second.close();
  });
});
