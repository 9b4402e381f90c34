import type { CliCommand } from './main.ts';
import { configOption, loggerFor, readConfig } from './context.ts';
import { checkInstance } from './check-instance.ts';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.ts';
import type { Config } from '../../bot/config/types.ts';
import type { CheckLine } from './check-line.ts';

export type { CheckLine } from './check-line.ts';

async function matrixRequest(config: Config, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${config.matrix.homeserverUrl}${path}`, {
    headers: { authorization: `Bearer ${config.matrix.accessToken}` },
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body };
}

export async function checkMatrix(config: Config): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  let whoami;
  try {
    whoami = await matrixRequest(config, '/_matrix/client/v3/account/whoami');
  } catch (error) {
    return [{ ok: false, what: `Matrix: homeserver ${config.matrix.homeserverUrl} reachable`, fix: `check matrix.homeserverUrl (${(error as Error).message})` }];
  }
  if (whoami.status !== 200) {
    return [{ ok: false, what: 'Matrix: access token accepted', fix: `the homeserver answered ${whoami.status}; log the bot in again and update matrix.accessToken` }];
  }
  lines.push({ ok: true, what: `Matrix: logged in as ${String(whoami.body.user_id)}` });
  const joined = await matrixRequest(config, '/_matrix/client/v3/joined_rooms');
  const joinedIds = new Set((joined.body.joined_rooms as string[] | undefined) ?? []);
  const rooms = [...config.matrix.staffRooms.map((r) => ['staff', r]), ...config.matrix.memberRooms.map((r) => ['member', r])];
  for (const [kind, room] of rooms) {
    let roomId = room!;
    if (roomId.startsWith('#')) {
      const resolved = await matrixRequest(config, `/_matrix/client/v3/directory/room/${encodeURIComponent(roomId)}`);
      roomId = String(resolved.body.room_id ?? '');
    }
    const ok = roomId !== '' && joinedIds.has(roomId);
    lines.push({ ok, what: `Matrix: ${kind} room ${room} joined`, fix: ok ? undefined : 'invite the bot to the room; it joins configured rooms at start' });
  }
  return lines;
}

export function printCheck(lines: readonly CheckLine[], out: NodeJS.WritableStream = process.stdout): boolean {
  for (const line of lines) out.write(`${line.ok ? 'pass' : 'FAIL'}  ${line.what}${line.fix ? ` — ${line.fix}` : ''}\n`);
  return lines.every((l) => l.ok);
}

export const checkCommand: CliCommand = {
  command: 'check',
  describe: 'check the config, the Matrix login and room access, and the Mastodon token and rights',
  builder: (y) => y.option('config', configOption),
  async run(args) {
    const config = readConfig(String(args.config));
    const lines: CheckLine[] = [{ ok: true, what: `config ${String(args.config)} is valid` }];
    lines.push(...(await checkMatrix(config)));
    lines.push(...(await checkInstance(config, loggerFor(config))));
    return printCheck(lines) ? EXIT_OK : EXIT_FAILURE;
  },
};
