// The room keys of a sync response are handed to the crypto before its gap is read back, and only once.
import { describe, expect, it } from 'vitest';
import type { MatrixClient } from 'matrix-bot-sdk';
import { takeToDeviceMessages } from '../../../bot/matrix/room-crypto.ts';

function clientWithCrypto(isReady = true) {
  const calls: unknown[][] = [];
  const client = { crypto: { isReady, updateSyncData: async (...args: unknown[]) => void calls.push(args) } } as unknown as MatrixClient;
  return { client, calls };
}

const roomKey = { type: 'm.room.encrypted', sender: '@m1:example.social', content: { algorithm: 'm.olm.v1.curve25519-aes-sha2' } };

describe('takeToDeviceMessages', () => {
  it('hands the to-device messages, key counts and device lists over, and leaves the SDK no to-device message to repeat', async () => {
    const { client, calls } = clientWithCrypto();
    const raw = {
      to_device: { events: [roomKey] },
      device_one_time_keys_count: { signed_curve25519: 40 },
      device_unused_fallback_key_types: ['signed_curve25519'],
      device_lists: { changed: ['@m1:example.social'], left: [] },
      rooms: { join: {} },
    };
    await takeToDeviceMessages(client, raw);
    expect(calls).toEqual([[[roomKey], { signed_curve25519: 40 }, ['signed_curve25519'], ['@m1:example.social'], []]]);
    expect(raw.to_device).toEqual({ events: [] });
    // Counts and device lists stay for the SDK: handing them over twice is harmless.
    expect(raw.device_lists.changed).toEqual(['@m1:example.social']);
  });

  it('does nothing without to-device messages, without crypto, or before the crypto is ready', async () => {
    for (const { client, calls } of [clientWithCrypto(), clientWithCrypto(false)]) {
      const raw = { to_device: { events: client.crypto.isReady ? [] : [roomKey] } };
      await takeToDeviceMessages(client, raw);
      expect(calls).toEqual([]);
    }
    const raw = { to_device: { events: [roomKey] } };
    await takeToDeviceMessages({} as MatrixClient, raw);
    expect(raw.to_device.events).toEqual([roomKey]);
  });
});
