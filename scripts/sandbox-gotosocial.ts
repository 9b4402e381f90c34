import { startGoToSocial } from '../test/servers/gotosocial.ts';

/** The sandbox's instance: a real GoToSocial with an admin token, left running for the bot to apply blocks on. */
export async function startSandboxGoToSocial(dataDir: string): Promise<{ url: string; adminToken: string; pid: number; dataDir: string }> {
  const gts = await startGoToSocial({ dataDir, detached: true, users: ['bob'] });
  return { url: gts.url, adminToken: gts.adminToken, pid: gts.pid, dataDir: gts.dataDir };
}
