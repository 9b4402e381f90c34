// The Matrix client's own state between runs (bot/matrix/sync-storage.ts): the sync token, the filter and the values
// the SDK keeps. The bot's own facts have tables with names (seen-events.ts, notice-records.ts, bot-records.ts).

import type { Database } from './database.ts';
import type { Clock } from './sql-values.ts';

export interface MetaRepository {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): boolean;
}

export function createMetaRepository(db: Database, clock: Clock): MetaRepository {
  const select = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM meta WHERE key = ?');
  return {
    get: (key) => select.get(key),
    set: (key, value) => void upsert.run(key, value, clock()),
    delete: (key) => remove.run(key).changes === 1,
  };
}
