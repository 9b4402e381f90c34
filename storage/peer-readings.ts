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
`;

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
  };
}
