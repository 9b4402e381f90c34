// Peer watch's cache: each watched peer's last reading (its published blocks, or why there were none), with when it
// was read, so answers and poll notices use what was read within the TTL instead of asking every peer again.
import type { PeerReading } from '../governance/peer-watch.ts';
import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';

/** Schema of the migration step that adds this table (storage/migrations.ts). */
export const PEER_READINGS = `
CREATE TABLE peer_readings (
  peer TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('list', 'nothing', 'unreadable')),
  -- The reading as JSON (PeerReading): for a list every entry, which can be tens of thousands.
  reading_json TEXT NOT NULL,
  read_at INTEGER NOT NULL
) STRICT;

-- What peer watch keeps beside the readings: the instance's most active servers when last asked, and the weekly
-- digest's baseline (each peer's stance per watched domain when the last digest ran).
CREATE TABLE peer_watch_state (
  name TEXT PRIMARY KEY CHECK (name IN ('active_servers', 'digest')),
  at INTEGER NOT NULL,
  value_json TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`;

/** A fact of peer watch with when it was written. */
export interface PeerWatchFact<T> {
  at: number;
  value: T;
}

export interface StoredReading {
  reading: PeerReading;
  readAt: number;
}

export interface PeerReadingRepository {
  /** Replaces the peers' readings, all in one transaction. */
  save(readings: readonly PeerReading[], readAt?: number): void;
  /** When each of these peers was last read (those never read are missing), without loading the readings. */
  readTimes(peers: readonly string[]): Map<string, number>;
  /** The stored readings of these peers (those never read are missing). */
  get(peers: readonly string[]): Map<string, StoredReading>;
  /** Readings of peers no longer watched go. */
  keepOnly(peers: readonly string[]): number;
  /** The most active servers the instance named when last asked. */
  activeServers(): PeerWatchFact<string[]> | undefined;
  saveActiveServers(at: number, names: readonly string[]): void;
  /** The weekly digest's baseline: each peer's stance per watched domain (JSON-shaped, owned by bot/peers). */
  digestBaseline(): PeerWatchFact<unknown> | undefined;
  saveDigestBaseline(at: number, stances: unknown): void;
}

export function createPeerReadingRepository(db: Database, clock: Clock): PeerReadingRepository {
  const upsert = db.prepare<[string, string, string, number]>(
    `INSERT INTO peer_readings (peer, kind, reading_json, read_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (peer) DO UPDATE SET kind = excluded.kind, reading_json = excluded.reading_json, read_at = excluded.read_at`,
  );
  const select = db.prepare<[string], { reading_json: string; read_at: number }>('SELECT reading_json, read_at FROM peer_readings WHERE peer = ?');
  const readTime = db.prepare<[string], number>('SELECT read_at FROM peer_readings WHERE peer = ?').pluck();
  const all = db.prepare<[], { peer: string }>('SELECT peer FROM peer_readings');
  const remove = db.prepare<[string]>('DELETE FROM peer_readings WHERE peer = ?');
  const selectState = db.prepare<[string], { at: number; value_json: string }>('SELECT at, value_json FROM peer_watch_state WHERE name = ?');
  const upsertState = db.prepare<[string, number, string]>(
    `INSERT INTO peer_watch_state (name, at, value_json) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET at = excluded.at, value_json = excluded.value_json`,
  );
  const state = <T>(name: string): PeerWatchFact<T> | undefined => {
    const row = selectState.get(name);
    return row && { at: row.at, value: JSON.parse(row.value_json) as T };
  };
  return {
    save: (readings, readAt = clock()) =>
      db.transaction(() => {
        for (const r of readings) upsert.run(r.peer, r.kind, JSON.stringify(r), readAt);
      })(),
    readTimes(peers) {
      const out = new Map<string, number>();
      for (const peer of peers) {
        const at = readTime.get(peer);
        if (at !== undefined) out.set(peer, at);
      }
      return out;
    },
    get(peers) {
      const out = new Map<string, StoredReading>();
      for (const peer of peers) {
        const row = select.get(peer);
        if (row) out.set(peer, { reading: JSON.parse(row.reading_json) as PeerReading, readAt: row.read_at });
      }
      return out;
    },
    keepOnly(peers) {
      const keep = new Set(peers);
      return db.transaction(() => all.all().filter((r) => !keep.has(r.peer)).reduce((n, r) => n + remove.run(r.peer).changes, 0))();
    },
    activeServers: () => state<string[]>('active_servers'),
    saveActiveServers: (at, names) => void upsertState.run('active_servers', at, JSON.stringify(names)),
    digestBaseline: () => state<unknown>('digest'),
    saveDigestBaseline: (at, stances) => void upsertState.run('digest', at, JSON.stringify(stances)),
  };
}
