// The bot's device id and rooms' encryption settings, kept in matrix-bot-sdk's own file format: a bot that ran with
// the SDK's provider keeps its device, and the SDK's provider reads what ours wrote.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ICryptoRoomInformation, ICryptoStorageProvider } from 'matrix-bot-sdk';
import { CryptoStateFile } from '../../../bot/matrix/crypto/crypto-state-file.ts';

const { RustSdkCryptoStorageProvider } = createRequire(import.meta.url)('matrix-bot-sdk/lib/storage/RustSdkCryptoStorageProvider') as {
  RustSdkCryptoStorageProvider: new (dir: string, type: number) => ICryptoStorageProvider;
};
const ROOM = '!town-hall:example.social';
const SETTINGS = { algorithm: 'm.megolm.v1.aes-sha2', rotation_period_ms: 604_800_000 } as unknown as ICryptoRoomInformation;

describe('CryptoStateFile', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the device and room settings the SDK's provider wrote", async () => {
    dir = mkdtempSync(join(tmpdir(), 'fedimoot-crypto-state-'));
    const theirs = new RustSdkCryptoStorageProvider(dir, 0);
    await theirs.setDeviceId('ABCDEFGHIJ');
    await theirs.storeRoom(ROOM, SETTINGS);
    const ours = new CryptoStateFile(dir, 0);
    expect(await ours.getDeviceId()).toBe('ABCDEFGHIJ');
    expect(await ours.getRoom(ROOM)).toEqual(SETTINGS);
    expect(await ours.getRoom('!other:example.social')).toBeUndefined();
  });

  it("writes what the SDK's provider reads back, and starts empty without a file", async () => {
    dir = mkdtempSync(join(tmpdir(), 'fedimoot-crypto-state-'));
    const ours = new CryptoStateFile(join(dir, 'nested'), 0);
    expect(await ours.getDeviceId()).toBeNull();
    await ours.setDeviceId('KLMNOPQRST');
    await ours.storeRoom(ROOM, SETTINGS);
    const theirs = new RustSdkCryptoStorageProvider(join(dir, 'nested'), 0);
    expect(await theirs.getDeviceId()).toBe('KLMNOPQRST');
    expect(await theirs.getRoom(ROOM)).toEqual(SETTINGS);
    expect(JSON.parse(readFileSync(join(dir, 'nested', 'bot-sdk.json'), 'utf8'))).toHaveProperty('deviceId', 'KLMNOPQRST');
  });
});
