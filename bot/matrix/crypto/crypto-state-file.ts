// The small file beside the crypto store in which matrix-bot-sdk keeps the bot's device id and each room's encryption
// settings (`bot-sdk.json`: `{ deviceId, rooms: { <sha512 of the room id>: settings } }`), read and written in the
// SDK's own format, so a bot that ran with the SDK's RustSdkCryptoStorageProvider keeps its device. That provider
// keeps the file through lowdb, which brings lodash (a few MB of an idle bot's memory) for two keys of JSON.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ICryptoRoomInformation, ICryptoStorageProvider } from 'matrix-bot-sdk';

interface StateFile {
  deviceId: string | null;
  rooms: Record<string, ICryptoRoomInformation>;
}

export class CryptoStateFile implements ICryptoStorageProvider {
  readonly storagePath: string;
  /** The native binding's store type; the WebAssembly binding ignores it. */
  readonly storageType: number;
  private readonly file: string;
  private state: StateFile;

  constructor(storagePath: string, storageType: number) {
    this.storagePath = resolve(storagePath);
    this.storageType = storageType;
    mkdirSync(this.storagePath, { recursive: true });
    this.file = join(this.storagePath, 'bot-sdk.json');
    this.state = { deviceId: null, rooms: {} };
    try {
      this.state = { ...this.state, ...(JSON.parse(readFileSync(this.file, 'utf8')) as Partial<StateFile>) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async getDeviceId(): Promise<string> {
    return this.state.deviceId as string;
  }

  async setDeviceId(deviceId: string): Promise<void> {
    this.state.deviceId = deviceId;
    this.write();
  }

  async getRoom(roomId: string): Promise<ICryptoRoomInformation> {
    return this.state.rooms[roomKey(roomId)]!;
  }

  async storeRoom(roomId: string, config: ICryptoRoomInformation): Promise<void> {
    this.state.rooms[roomKey(roomId)] = config;
    this.write();
  }

  /** Whole, through a temporary file: a crash mid-write must not lose the device id. */
  private write(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 2));
    renameSync(tmp, this.file);
  }
}

function roomKey(roomId: string): string {
  return createHash('sha512').update(roomId).digest('hex');
}
