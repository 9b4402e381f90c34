// The sandbox world: a Synapse with the bot, alice (staff) and three more members in a staff room and a town hall, a
// GoToSocial the bot applies blocks to (with an account per person, for !moot link), the published page on a free
// port, and a ready config.yaml. A running sandbox is reused, so `npm start` can be run again and again.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { registerUser, startSynapse, stopSynapseProcess, type SynapseHandle } from '../../test/servers/synapse.ts';
import { stopGoToSocialProcess } from '../../test/servers/gotosocial.ts';
import { freePort } from '../../test/servers/server-process.ts';
import { startSandboxGoToSocial } from '../sandbox-gotosocial.ts';
import { readSandboxInfo, sandboxConfigPath, sandboxDir, sandboxInfoPath, type SandboxInfo, type SandboxLogin } from './paths.ts';

const MEMBERS = ['bob', 'carol', 'dave'];

export interface Sandbox {
  info: SandboxInfo;
  configPath: string;
  /** True when a sandbox was already running and is used as it is. */
  reused: boolean;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Every server of the sandbox answers (and it was made by this version: it has the members). */
async function running(info: SandboxInfo): Promise<boolean> {
  if (!Array.isArray(info.members) || !info.pageUrl) return false;
  if (!(await answers(`${info.matrix.homeserverUrl}/health`))) return false;
  return !info.mastodon || (await answers(`${info.mastodon.url}/api/v1/instance`));
}

/** Stops what is left of a broken sandbox; the pid checks refuse pids that were reused by other programs. */
async function stopLeftovers(info: SandboxInfo): Promise<void> {
  await stopSynapseProcess(info.matrix.pid);
  if (info.mastodon) await stopGoToSocialProcess(info.mastodon.pid);
}

export async function ensureSandbox(options: { withGoToSocial?: boolean } = {}): Promise<Sandbox> {
  const existing = await readSandboxInfo().catch(() => undefined);
  if (existing && (await running(existing))) return { info: existing, configPath: sandboxConfigPath(), reused: true };
  if (existing) await stopLeftovers(existing);
  const dir = sandboxDir();
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const synapse = await startSynapse({ dataDir: join(dir, 'synapse'), detached: true });
  try {
    const info = await populate(synapse, dir, options.withGoToSocial ?? !process.env.SANDBOX_NO_GOTOSOCIAL);
    return { info, configPath: sandboxConfigPath(), reused: false };
  } catch (error) {
    // Nothing may be left running that sandbox:down cannot find.
    await stopSynapseProcess(synapse.pid);
    throw error;
  }
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

async function populate(synapse: SynapseHandle, dir: string, withGoToSocial: boolean): Promise<SandboxInfo> {
  const url = synapse.url;
  const secret = synapse.registrationSharedSecret;
  // Short passwords: people type them into a client.
  const newPassword = (): string => randomBytes(6).toString('hex');
  const person = async (user: string, admin: boolean): Promise<SandboxLogin & { accessToken: string }> => {
    const password = newPassword();
    const session = await registerUser(url, secret, user, password, { admin });
    return { userId: session.userId, user, password, accessToken: session.accessToken };
  };
  const human = await person('alice', true);
  const members = await Promise.all(MEMBERS.map((name) => person(name, false)));
  const bot = await registerUser(url, secret, 'fedimoot', randomBytes(12).toString('hex'));
  const staffRoom = await matrixPost(url, human.accessToken, '/_matrix/client/v3/createRoom', {
    preset: 'private_chat', name: 'Staff', room_alias_name: 'staff', invite: [bot.userId],
  });
  const memberRoom = await matrixPost(url, human.accessToken, '/_matrix/client/v3/createRoom', {
    preset: 'public_chat', visibility: 'public', name: 'Town hall', room_alias_name: 'town-hall', invite: [bot.userId],
  });
  const memberRoomId = String(memberRoom.room_id);
  // Joined before the bot starts, so they are eligible for the first poll.
  for (const member of members) {
    await matrixPost(url, member.accessToken, `/_matrix/client/v3/join/${encodeURIComponent(memberRoomId)}`, {});
  }
  const gts = withGoToSocial ? await startSandboxGoToSocial(join(dir, 'gotosocial'), ['alice', ...MEMBERS]) : undefined;
  const publishPort = await freePort();
  const login = ({ userId, user, password }: SandboxLogin): SandboxLogin => ({ userId, user, password });
  const info: SandboxInfo = {
    matrix: { homeserverUrl: url, serverName: synapse.serverName, registrationSharedSecret: secret, pid: synapse.pid, dataDir: synapse.dataDir },
    ...(gts ? { mastodon: gts } : {}),
    human: login(human),
    members: members.map(login),
    rooms: { staff: String(staffRoom.room_id), member: memberRoomId },
    pageUrl: `http://127.0.0.1:${publishPort}/`,
  };
  const config = {
    matrix: { homeserverUrl: url, accessToken: bot.accessToken, staffRooms: [info.rooms.staff], memberRooms: [memberRoomId] },
    ...(gts ? { mastodon: { url: gts.url, accessToken: gts.adminToken, flavor: 'auto' } } : {}),
    governance: {
      autoApply: Boolean(gts), votingPeriod: '10m', minVotingPeriod: '1m', maxVotingPeriod: '1d', remindBefore: '2m',
      quorum: { minVoters: 1, minTurnoutPercent: 0 },
    },
    publish: { http: { listen: `127.0.0.1:${publishPort}` }, baseUrl: `http://127.0.0.1:${publishPort}` },
    storage: { path: join(dir, 'fedimoot.db') },
    log: { level: 'info' },
  };
  const header = '# Written by npm run sandbox:up (or npm start without a config.yaml); short voting periods for trying things out.\n';
  await writeFile(sandboxConfigPath(), header + stringify(config), { mode: 0o600 });
  await writeFile(sandboxInfoPath(), JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  return info;
}
