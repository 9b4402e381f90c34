// node scripts/gotosocial.ts build|start|stop — a local GoToSocial for humans (the sandbox). Data stays in
// .sandbox/gotosocial/ between starts; connection details go to .sandbox/gotosocial.json.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureGoToSocial,
  startGoToSocial,
  stopGoToSocialProcess,
  type GoToSocialInfo,
} from '../test/servers/gotosocial.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const sandbox = join(root, '.sandbox');
const infoPath = join(sandbox, 'gotosocial.json');

async function readInfo(): Promise<GoToSocialInfo | undefined> {
  if (!existsSync(infoPath)) return undefined;
  return JSON.parse(await readFile(infoPath, 'utf8')) as GoToSocialInfo;
}

async function running(info: GoToSocialInfo | undefined): Promise<boolean> {
  if (!info) return false;
  try {
    const res = await fetch(`${info.url}/api/v1/instance`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'build': {
      const build = await ensureGoToSocial();
      console.log(build.binary);
      return 0;
    }
    case 'start': {
      const existing = await readInfo();
      if (await running(existing)) {
        console.log(`GoToSocial already running at ${existing!.url} (pid ${existing!.pid}); details in ${infoPath}`);
        return 0;
      }
      await mkdir(sandbox, { recursive: true });
      const server = await startGoToSocial({ dataDir: join(sandbox, 'gotosocial'), detached: true });
      await writeFile(infoPath, JSON.stringify(server.info(), null, 2) + '\n', { mode: 0o600 });
      console.log(`GoToSocial running at ${server.url} (pid ${server.pid})`);
      console.log(`admin: ${server.adminAccount.email} / ${server.adminAccount.password}`);
      console.log(`admin token and details: ${infoPath}; log: ${server.logFile}`);
      return 0;
    }
    case 'stop': {
      const info = await readInfo();
      if (!info) {
        console.log('no .sandbox/gotosocial.json: nothing to stop');
        return 0;
      }
      const stopped = await stopGoToSocialProcess(info.pid);
      await rm(infoPath, { force: true });
      console.log(stopped ? `stopped GoToSocial (pid ${info.pid})` : `GoToSocial (pid ${info.pid}) was not running`);
      console.log(`data kept in ${info.dataDir} (delete it for a fresh instance)`);
      return 0;
    }
    default:
      console.error('usage: node scripts/gotosocial.ts build|start|stop');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
