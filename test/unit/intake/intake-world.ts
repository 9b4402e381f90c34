// The signal intake's world for tests: a bot (its store on disk, so it can restart) whose staff-room notices are
// recorded, and the sources it follows served on 127.0.0.1: a second fedimoot (the project's own log writer and
// web server), and plain HTTP servers for any other list, with ETag handling and a request count.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createLogger } from '../../../bot/logger.ts';
import type { IntakeCapability } from '../../../bot/intake/capability.ts';
import { composeBot } from '../../../bot/compose.ts';
import { renderMessage } from '../../../bot/matrix/render.ts';
import type { ProposalDeps } from '../../../bot/proposals/deps.ts';
import { logSource } from '../../../bot/publish/log-writer.ts';
import { startLogServer } from '../../../bot/publish/server.ts';
import type { Config } from '../../../bot/config/types.ts';
import { openStore, type Store } from '../../../storage/store.ts';
import { fakeClock, memoryStore, tempDir, type FakeClock } from '../storage/storage-fixtures.ts';
import { configWith } from '../proposals/proposal-deps.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const logger = createLogger({ level: 'fatal' });

/** A second fedimoot: its own store, decided through `decide`, served by the project's log server. */
export async function peerMoot(): Promise<{ store: Store; url: string }> {
  const store = memoryStore();
  let base = '';
  const server = await startLogServer({
    host: '127.0.0.1',
    port: 0,
    source: logSource(store),
    context: () => ({ baseUrl: base, title: 'Federation decisions of peer.example', publisher: 'peer.example', now: 0 }),
    logger,
  });
  base = server.url.replace(/\/$/, '');
  closers.push(() => server.close());
  return { store, url: base };
}

export interface ServedList {
  url: string;
  body: string;
  requests: number;
  notModified: number;
  /** When set, every request gets this status and no list. */
  failWith?: number;
  /** When set, answers only after this long. */
  delayMs?: number;
  userAgents: string[];
}

/** Serves `list.body` (changeable) at /list with an ETag of its bytes, answering 304 to a matching If-None-Match. */
export async function servedList(body: string, contentType = 'text/plain'): Promise<ServedList> {
  const list: ServedList = { url: '', body, requests: 0, notModified: 0, userAgents: [] };
  const server: Server = createServer((req, res) => {
    list.requests++;
    list.userAgents.push(req.headers['user-agent'] ?? '');
    if (list.delayMs !== undefined) {
      const timer = setTimeout(() => res.writeHead(200).end(list.body), list.delayMs);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (list.failWith !== undefined) {
      res.writeHead(list.failWith).end();
      return;
    }
    const etag = `"${createHash('sha256').update(list.body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      list.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': contentType, etag }).end(list.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  list.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/list`;
  closers.push(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return list;
}

export interface IntakeBot {
  store: Store;
  deps: ProposalDeps;
  capability: IntakeCapability;
  /** Every notice the bot posted to the staff room, as plain text, in order. */
  posted: string[];
  /** Runs the poll due now and sends its notices; returns the notices it posted. */
  poll(): Promise<string[]>;
  /** Stops this bot and starts another on the same database (the config unchanged). */
  restart(): IntakeBot;
}

export function intakeBot(tree: Record<string, unknown>, clock: FakeClock = fakeClock(), path = join(tempDir(), 'bot.db'), posted: string[] = []): IntakeBot {
  const config: Config = configWith(tree);
  const store = openStore(path, { clock });
  closers.push(async () => store.close());
  const bot = composeBot({
    config,
    store,
    logger,
    now: clock,
    botUserId: '@moot:example.social',
    staffRoomIds: [...config.matrix.staffRooms],
    memberRoomIds: [],
    rooms: {
      sendPollStart: async () => '$poll',
      sendPollEnd: async () => '$end',
      sendNotice: async (_roomId, msg) => {
        posted.push(renderMessage(msg).body);
        return `$notice${posted.length}`;
      },
      joinedMembers: async () => [],
      pollResponses: async () => ({ votes: [], unreadable: [] }),
    },
    testJobs: 'by-hand',
  });
  const { deps, signals: capability } = bot;
  capability.onStart(clock());
  return {
    store,
    deps,
    capability,
    posted,
    async poll() {
      const from = posted.length;
      await bot.runJobs();
      return posted.slice(from);
    },
    restart() {
      store.close();
      return intakeBot(tree, clock, path, posted);
    },
  };
}
