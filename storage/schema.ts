// The SQL of each migration. Once a migration has shipped its text never changes: a new need is a new migration.
// Conventions: STRICT tables; times are integer milliseconds since the epoch; booleans are 0/1 with a CHECK;
// JSON is TEXT checked with json_valid; enumerations are CHECKed against the values in governance/types.ts.

export const PROPOSALS_AND_VOTES = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- id is the public proposal number; AUTOINCREMENT so that a number is never handed out twice.
CREATE TABLE proposals (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL CHECK (domain <> '' AND domain = lower(domain)),
  action TEXT NOT NULL CHECK (action IN ('suspend', 'limit', 'lift')),
  reject_media INTEGER NOT NULL DEFAULT 0 CHECK (reject_media IN (0, 1)),
  reject_reports INTEGER NOT NULL DEFAULT 0 CHECK (reject_reports IN (0, 1)),
  obfuscate INTEGER NOT NULL DEFAULT 0 CHECK (obfuscate IN (0, 1)),
  public_reason TEXT,
  private_comment TEXT,
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
  proposer TEXT NOT NULL,
  origin_room_id TEXT,
  -- The command event: a replayed command finds its proposal instead of making a second one.
  origin_event_id TEXT UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('proposed', 'open', 'closed', 'approved', 'rejected', 'no_quorum',
    'withdrawn', 'cancelled', 'applying', 'applied', 'apply_failed')),
  seconds_required INTEGER NOT NULL DEFAULT 0 CHECK (seconds_required >= 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  opened_at INTEGER,
  deadline_at INTEGER,
  -- Also the vote cut-off: responses with a later origin_server_ts are kept but never count.
  closed_at INTEGER,
  applied_at INTEGER,
  outcome TEXT CHECK (outcome IN ('approved', 'rejected', 'no_quorum')),
  -- The announced result line, stored so that every room and every retry says exactly the same.
  result_line TEXT,
  rules_json TEXT CHECK (rules_json IS NULL OR json_valid(rules_json)),
  tally_yes INTEGER CHECK (tally_yes >= 0),
  tally_no INTEGER CHECK (tally_no >= 0),
  tally_abstain INTEGER CHECK (tally_abstain >= 0),
  tally_spoiled INTEGER CHECK (tally_spoiled >= 0),
  tally_eligible INTEGER CHECK (tally_eligible >= 0),
  tally_cast INTEGER CHECK (tally_cast = tally_yes + tally_no + tally_abstain),
  mastodon_block_id TEXT,
  apply_error TEXT,
  supersedes_id INTEGER REFERENCES proposals (id),
  CHECK ((tally_yes IS NULL) = (tally_no IS NULL) AND (tally_no IS NULL) = (tally_abstain IS NULL)
    AND (tally_abstain IS NULL) = (tally_spoiled IS NULL) AND (tally_spoiled IS NULL) = (tally_eligible IS NULL)
    AND (tally_eligible IS NULL) = (tally_cast IS NULL))
) STRICT;
CREATE INDEX proposals_by_state ON proposals (state);
CREATE INDEX proposals_by_domain ON proposals (domain);
CREATE INDEX proposals_by_closed_at ON proposals (closed_at) WHERE closed_at IS NOT NULL;
-- One proposal per domain being seconded or voted on (governance/lifecycle.ts isActive).
CREATE UNIQUE INDEX proposals_one_active_per_domain ON proposals (domain) WHERE state IN ('proposed', 'open');

CREATE TABLE proposal_evidence (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  url TEXT NOT NULL CHECK (url <> ''),
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
  UNIQUE (proposal_id, url)
) STRICT;

CREATE TABLE seconds (
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  user_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  PRIMARY KEY (proposal_id, user_id)
) STRICT, WITHOUT ROWID;

-- One poll per room of the proposal, with the m.notice sent beside it and the end event sent at the close. The row is
-- written before anything is sent; each event id is filled in once that event is sent (NULL: not sent yet).
CREATE TABLE polls (
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  room_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('disclosed', 'undisclosed')),
  start_event_id TEXT UNIQUE,
  notice_event_id TEXT,
  end_event_id TEXT,
  created_at INTEGER NOT NULL,
  ended_at INTEGER,
  PRIMARY KEY (proposal_id, room_id)
) STRICT, WITHOUT ROWID;

-- Who may vote, fixed when the poll opens.
CREATE TABLE eligibility (
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  user_id TEXT NOT NULL,
  PRIMARY KEY (proposal_id, user_id)
) STRICT, WITHOUT ROWID;

-- Every response ever received, valid or not, eligible or not. validity and answer are derived once, at insert.
-- On votes and current_votes, written for every response, enumerations are checked with OR rather than IN: SQLite
-- builds a temporary b-tree for an IN list of three or more values on every execution, which doubled ingest time.
CREATE TABLE votes (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  voter TEXT NOT NULL,
  answers_json TEXT NOT NULL CHECK (json_valid(answers_json)),
  ts INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  room_id TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('poll', 'text')),
  validity TEXT NOT NULL CHECK (validity = 'valid' OR validity = 'spoiled' OR validity = 'unvote'),
  answer TEXT CHECK (answer = 'yes' OR answer = 'no' OR answer = 'abstain'),
  redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1)),
  received_at INTEGER NOT NULL,
  CHECK ((validity = 'valid') = (answer IS NOT NULL))
) STRICT;
-- Only by proposal: new rows land at the end of their proposal's range, which keeps ingest cheap. A voter's own
-- responses are needed only after a redaction, rare enough to scan the proposal's.
CREATE INDEX votes_by_proposal ON votes (proposal_id);

-- Per voter, the response that counts now (the latest non-redacted one up to the close), kept up to date on every
-- insert and redaction, so that a tally is one GROUP BY. A latest response that un-votes stays here as 'none', so
-- that an older response arriving late cannot take its place. vote_id has no foreign key on purpose: SQLite would
-- then search current_votes on every insert into votes, doubling the cost of ingest; votes are never deleted.
CREATE TABLE current_votes (
  proposal_id INTEGER NOT NULL,
  voter TEXT NOT NULL,
  vote_id INTEGER NOT NULL,
  choice TEXT NOT NULL
    CHECK (choice = 'yes' OR choice = 'no' OR choice = 'abstain' OR choice = 'spoiled' OR choice = 'none'),
  PRIMARY KEY (proposal_id, voter)
) STRICT, WITHOUT ROWID;
`;

export const JOBS_AND_AUDIT = `
-- Scheduled work and the outbox of external calls. The idempotency key makes scheduling the same thing twice a no-op.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  proposal_id INTEGER REFERENCES proposals (id),
  run_at INTEGER NOT NULL,
  payload_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload_json) AND json_type(payload_json) = 'object'),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  claimed_at INTEGER,
  finished_at INTEGER
) STRICT;
CREATE INDEX jobs_pending_by_run_at ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_by_proposal ON jobs (proposal_id) WHERE proposal_id IS NOT NULL;

CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  ts INTEGER NOT NULL,
  actor TEXT NOT NULL,
  room_id TEXT,
  action TEXT NOT NULL,
  proposal_id INTEGER REFERENCES proposals (id),
  detail_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail_json))
) STRICT;
CREATE INDEX audit_by_proposal ON audit (proposal_id) WHERE proposal_id IS NOT NULL;
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: its rows cannot be changed'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: its rows cannot be deleted'); END;
`;

export const DECISION_LOG = `
-- The published, hash-chained decision log. entry_json is stored byte for byte as hashed.
CREATE TABLE log_entries (
  seq INTEGER PRIMARY KEY,
  proposal_id INTEGER REFERENCES proposals (id),
  entry_json TEXT NOT NULL CHECK (json_valid(entry_json)),
  prev_hash TEXT,
  hash TEXT NOT NULL UNIQUE CHECK (hash <> ''),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX log_entries_by_proposal ON log_entries (proposal_id) WHERE proposal_id IS NOT NULL;
CREATE TRIGGER log_entries_chain BEFORE INSERT ON log_entries
WHEN EXISTS (SELECT 1 FROM log_entries)
  AND NEW.prev_hash IS NOT (SELECT hash FROM log_entries ORDER BY seq DESC LIMIT 1)
BEGIN SELECT RAISE(ABORT, 'log entry prev_hash is not the hash of the last entry'); END;
CREATE TRIGGER log_entries_are_append_only_update BEFORE UPDATE ON log_entries
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: its entries cannot be changed'); END;
CREATE TRIGGER log_entries_are_append_only_delete BEFORE DELETE ON log_entries
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: its entries cannot be deleted'); END;
`;

export const PLEDGES_AND_LINKS = `
CREATE TABLE pledges (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pledger TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  period TEXT NOT NULL CHECK (period IN ('monthly', 'yearly', 'once')),
  condition_domain TEXT CHECK (condition_domain <> ''),
  condition_require TEXT CHECK (condition_require IN ('blocked', 'suspended')),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'at_risk', 'released', 'withdrawn')),
  origin_event_id TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((condition_domain IS NULL) = (condition_require IS NULL))
) STRICT;
CREATE INDEX pledges_by_pledger ON pledges (pledger);
CREATE INDEX pledges_by_condition_domain ON pledges (condition_domain) WHERE condition_domain IS NOT NULL;

-- One instance account per Matrix user and one Matrix user per instance account.
CREATE TABLE account_links (
  matrix_user_id TEXT PRIMARY KEY,
  acct TEXT NOT NULL COLLATE NOCASE UNIQUE,
  account_id TEXT NOT NULL UNIQUE,
  account_created_at INTEGER,
  verified_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Codes sent by direct message on the instance; only a hash is kept. Codes are short, so not unique across users.
CREATE TABLE link_codes (
  id INTEGER PRIMARY KEY,
  matrix_user_id TEXT NOT NULL,
  acct TEXT NOT NULL,
  account_id TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0)
) STRICT;
CREATE INDEX link_codes_by_user ON link_codes (matrix_user_id, created_at);
`;

/**
 * What the instance had on a proposal's own domain when it was proposed (JSON: governance/proposal-check.ts
 * PriorBlock): a lift of a block that predates the bot, or a limit raised to a suspend, says so in its poll and log.
 */
export const PRIOR_BLOCKS = `
ALTER TABLE proposals ADD COLUMN prior_block_json TEXT CHECK (prior_block_json IS NULL OR json_valid(prior_block_json));
`;

// Poll responses the bot could not decrypt (m.room.encrypted, related to one of our polls in clear text): who and
// when, never what. They take part in "the latest response per voter" like readable ones (governance/unreadable.ts).
// tally_unreadable is NULL for every tally without unreadable votes, so older results read exactly as before.
export const UNREADABLE_RESPONSES = `
CREATE TABLE unreadable_responses (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  voter TEXT NOT NULL,
  ts INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  room_id TEXT NOT NULL,
  redacted INTEGER NOT NULL DEFAULT 0 CHECK (redacted IN (0, 1)),
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX unreadable_responses_by_proposal ON unreadable_responses (proposal_id);
ALTER TABLE proposals ADD COLUMN tally_unreadable INTEGER CHECK (tally_unreadable > 0);
`;
