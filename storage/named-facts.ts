// The migration step that gives the facts once kept as prefixed keys of `meta` tables with names (seen-events.ts,
// notice-records.ts, bot-records.ts), moving each existing row. `meta` keeps only the Matrix client's own state (the
// sync token, the filter, the SDK's values). Keys of pledges no longer at risk, written by early versions, go.
import type { Database } from './database.ts';
import { BOT_RECORDS } from './bot-records.ts';
import { NOTICE_RECORDS } from './notice-records.ts';
import { SEEN_EVENTS } from './seen-events.ts';

interface MetaRow {
  key: string;
  value: string;
}

/** Each moved family: its key prefix, and what to do with the rest of the key and the value. */
type Mover = (rest: string, value: string) => void;

export function moveMetaFacts(db: Database): void {
  db.exec(SEEN_EVENTS + NOTICE_RECORDS + BOT_RECORDS);
  const proposalExists = db.prepare<[number], number>('SELECT 1 FROM proposals WHERE id = ?').pluck();
  const pledgeExists = db.prepare<[number], number>('SELECT 1 FROM pledges WHERE id = ?').pluck();
  const run = (sql: string) => {
    const statement = db.prepare(sql);
    return (...values: unknown[]) => void statement.run(...values);
  };
  const insertCommand = run('INSERT OR IGNORE INTO handled_commands (event_id, origin_ts) VALUES (?, ?)');
  const insertPollEnd = run('INSERT OR IGNORE INTO poll_ends_seen (start_event_id, sender, end_event_id) VALUES (?, ?, ?)');
  const insertLast = run('INSERT OR REPLACE INTO room_last_events (room_id, event_id) VALUES (?, ?)');
  const insertNotice = run('INSERT OR REPLACE INTO encrypted_room_notices (room_id, sent_at) VALUES (?, ?)');
  const insertWarning = run('INSERT OR IGNORE INTO encryption_warnings (room_id, proposal_ids, warned_at) VALUES (?, ?, ?)');
  const insertExtras = run('INSERT OR REPLACE INTO poll_notice_extras (proposal_id, lines_json) VALUES (?, ?)');
  const insertRelease = run('INSERT OR REPLACE INTO pledge_releases (pledge_id, proposal_id) VALUES (?, ?)');
  const tellRelease = run('UPDATE pledge_releases SET told_at = ? WHERE pledge_id = ?');
  const insertRequest = run('INSERT INTO link_requests (matrix_user_id, requested_at) VALUES (?, ?)');
  const insertRoom = run("INSERT OR REPLACE INTO created_rooms (purpose, room_id) VALUES ('policy', ?)");
  const number = (value: string) => Number(value) || 0;

  // In this order: a pledge's release before the note that its pledger was told.
  const movers: [string, Mover][] = [
    ['command.', (eventId, value) => insertCommand(eventId, number(value))],
    // `poll_end.<start event>.<sender>`: a sender starts with @, which no event id holds after a dot.
    ['poll_end.', (rest, value) => {
      const at = rest.indexOf('.@');
      if (at > 0) insertPollEnd(rest.slice(0, at), rest.slice(at + 1), value);
    }],
    ['matrix.lastEvent.', (roomId, value) => insertLast(roomId, value)],
    ['encrypted.notice.', (roomId, value) => insertNotice(roomId, number(value))],
    // `encrypted.warned.<room>.<ids>`: room ids hold dots, the proposal numbers joined by '-' do not.
    ['encrypted.warned.', (rest, value) => {
      const at = rest.lastIndexOf('.');
      if (at > 0) insertWarning(rest.slice(0, at), rest.slice(at + 1), number(value));
    }],
    ['notice-extras:', (id, value) => {
      if (proposalExists.get(Number(id)) !== undefined) insertExtras(Number(id), value);
    }],
    ['pledge-released-by:', (id, value) => {
      if (pledgeExists.get(Number(id)) !== undefined && proposalExists.get(Number(value)) !== undefined) insertRelease(Number(id), Number(value));
    }],
    ['pledge-released-told:', (id, value) => tellRelease(number(value), Number(id))],
    ['pledge-at-risk:', () => undefined],
    ['link-requests:', (user, value) => {
      for (const at of JSON.parse(value) as number[]) insertRequest(user, at);
    }],
    ['policy-room-id', (_rest, value) => insertRoom(value)],
  ];
  const rows = db.prepare<[], MetaRow>('SELECT key, value FROM meta ORDER BY key').all();
  const remove = db.prepare<[string]>('DELETE FROM meta WHERE key = ?');
  for (const [prefix, move] of movers) {
    for (const row of rows) {
      if (!row.key.startsWith(prefix)) continue;
      move(row.key.slice(prefix.length), row.value);
      remove.run(row.key);
    }
  }
}
