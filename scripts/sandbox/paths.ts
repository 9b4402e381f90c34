// Where the sandbox keeps its state, and what sandbox:up leaves there for the bot, tools and tests to read.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `.sandbox/` in the project, or `$FEDIMOOT_SANDBOX_DIR`: tests set it so their throwaway world never touches (or
 * stops) the one a developer is trying things in.
 */
export function sandboxDir(): string {
  const fromEnv = process.env.FEDIMOOT_SANDBOX_DIR;
  return fromEnv ? resolve(fromEnv) : join(ROOT, '.sandbox');
}

export const sandboxInfoPath = (): string => join(sandboxDir(), 'sandbox.json');
export const sandboxConfigPath = (): string => join(sandboxDir(), 'config.yaml');

export interface SandboxLogin {
  userId: string;
  user: string;
  password: string;
}

export interface SandboxGoToSocialAccount {
  username: string;
  email: string;
  password: string;
  /** Scopes `read write admin` (the account is no admin); what `npm run sandbox:inbox` reads its DMs with. */
  token: string;
}

export interface SandboxInfo {
  matrix: { homeserverUrl: string; serverName: string; registrationSharedSecret: string; pid: number; dataDir: string };
  mastodon?: { url: string; adminToken: string; pid: number; dataDir: string; accounts: SandboxGoToSocialAccount[] };
  /** Staff in the staff room and a member of the town hall. */
  human: SandboxLogin;
  /** Members of the town hall only, so several people can propose and vote. */
  members: SandboxLogin[];
  rooms: { staff: string; member: string };
  /** The published decision log (publish.http.listen). */
  pageUrl: string;
}

export async function readSandboxInfo(): Promise<SandboxInfo | undefined> {
  const path = sandboxInfoPath();
  if (!existsSync(path)) return undefined;
  return JSON.parse(await readFile(path, 'utf8')) as SandboxInfo;
}
