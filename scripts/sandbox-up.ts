// npm run sandbox:up — a throwaway local world for trying fedimoot: Synapse, a bot account, a staff room, a member
// room, a human account to log in with, a ready .sandbox/config.yaml, and .sandbox/sandbox.json for tools and tests.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { registerUser, startSynapse, stopSynapseProcess } from '../test/servers/synapse.ts';
import { startSandboxGoToSocial } from './sandbox-gotosocial.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const sandbox = join(root, '.sandbox');
const infoPath = join(sandbox, 'sandbox.json');

export interface SandboxInfo {
  matrix: { homeserverUrl: string; serverName: string; registrationSharedSecret: string; pid: number; dataDir: string };
  mastodon?: { url: string; adminToken: string; pid: number; dataDir: string };
  human: { userId: string; user: string; password: string };
  rooms: { staff: string; member: string };
}

async function matrixPost(url: string, token: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

function printWelcome(info: SandboxInfo): void {
  console.log(`
The sandbox is up.
  Homeserver:  ${info.matrix.homeserverUrl}   (server name ${info.matrix.serverName})
  Log in as:   ${info.human.user}  password: ${info.human.password}   (any Matrix client, e.g. Element, with that homeserver)
  Rooms:       #staff:${info.matrix.serverName} (you are staff there) and #town-hall:${info.matrix.serverName}
${info.mastodon ? `  GoToSocial:  ${info.mastodon.url} (admin token in .sandbox/sandbox.json)\n` : ''}
Run the bot:   npm start -- -c .sandbox/config.yaml
Then write "!moot help" in the town hall. Stop everything with: npm run sandbox:down`);
}

async function main(): Promise<number> {
  if (existsSync(infoPath)) {
    const info = JSON.parse(await readFile(infoPath, 'utf8')) as SandboxInfo;
    if (await healthy(info.matrix.homeserverUrl)) {
      console.log('A sandbox is already running; `npm run sandbox:down` first for a fresh one.');
      printWelcome(info);
      return 0;
    }
  }
  await rm(sandbox, { recursive: true, force: true });
  await mkdir(sandbox, { recursive: true });
  const synapse = await startSynapse({ dataDir: join(sandbox, 'synapse'), detached: true });
  try {
    return await populate(synapse);
  } catch (error) {
    // Nothing may be left running that sandbox:down cannot find.
    await stopSynapseProcess(synapse.pid);
    throw error;
  }
}

async function populate(synapse: Awaited<ReturnType<typeof startSynapse>>): Promise<number> {
  const url = synapse.url;
  const password = randomBytes(6).toString('hex');
  const human = await registerUser(url, synapse.registrationSharedSecret, 'alice', password, { admin: true });
  const bot = await registerUser(url, synapse.registrationSharedSecret, 'fedimoot', randomBytes(12).toString('hex'));
  const staffRoom = await matrixPost(url, human.accessToken, '/_matrix/client/v3/createRoom', {
    preset: 'private_chat', name: 'Staff', room_alias_name: 'staff', invite: [bot.userId],
  });
  const memberRoom = await matrixPost(url, human.accessToken, '/_matrix/client/v3/createRoom', {
    preset: 'public_chat', visibility: 'public', name: 'Town hall', room_alias_name: 'town-hall', invite: [bot.userId],
  });
  const mastodon = process.env.SANDBOX_NO_GOTOSOCIAL ? undefined : await startSandboxGoToSocial(join(sandbox, 'gotosocial'));
  const info: SandboxInfo = {
    matrix: { homeserverUrl: url, serverName: synapse.serverName, registrationSharedSecret: synapse.registrationSharedSecret, pid: synapse.pid, dataDir: synapse.dataDir },
    ...(mastodon ? { mastodon } : {}),
    human: { userId: human.userId, user: 'alice', password },
    rooms: { staff: String(staffRoom.room_id), member: String(memberRoom.room_id) },
  };
  const config = {
    matrix: {
      homeserverUrl: url,
      accessToken: bot.accessToken,
      staffRooms: [info.rooms.staff],
      memberRooms: [info.rooms.member],
    },
    ...(mastodon ? { mastodon: { url: mastodon.url, accessToken: mastodon.adminToken, flavor: 'auto' } } : {}),
    governance: { autoApply: Boolean(mastodon), votingPeriod: '10m', minVotingPeriod: '1m', maxVotingPeriod: '1d', remindBefore: '2m', quorum: { minVoters: 1, minTurnoutPercent: 0 } },
    storage: { path: join(sandbox, 'fedimoot.db') },
    log: { level: 'info' },
  };
  await writeFile(join(sandbox, 'config.yaml'), `# Written by npm run sandbox:up; short voting periods for trying things out.\n${stringify(config)}`, { mode: 0o600 });
  await writeFile(infoPath, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  printWelcome(info);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`sandbox:up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
