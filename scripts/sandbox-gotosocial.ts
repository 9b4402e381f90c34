import { startGoToSocial } from '../test/servers/gotosocial.ts';
import type { SandboxInfo } from './sandbox/paths.ts';

/**
 * The sandbox's instance: a real GoToSocial with an admin token, left running for the bot to apply blocks on, and a
 * plain account per sandbox person, to which `!moot link` sends its codes as direct messages.
 */
export async function startSandboxGoToSocial(dataDir: string, usernames: string[]): Promise<NonNullable<SandboxInfo['mastodon']>> {
  const gts = await startGoToSocial({ dataDir, detached: true, users: usernames });
  const accounts = usernames.map((name) => {
    const { username, email, password, token } = gts.users[name]!;
    return { username, email, password, token };
  });
  return { url: gts.url, adminToken: gts.adminToken, pid: gts.pid, dataDir: gts.dataDir, accounts };
}
