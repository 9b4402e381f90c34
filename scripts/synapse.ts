// A local Synapse for humans: node scripts/synapse.ts install | start [--port N] [--data-dir DIR] | stop | status
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  ensureSynapse,
  startSynapse,
  stopSynapseProcess,
  type SynapseInfo,
} from '../test/servers/synapse.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sandboxDir = join(repoRoot, '.sandbox');
const infoFile = join(sandboxDir, 'synapse.json');

const usage = `usage: node scripts/synapse.ts <command>
  install                          install the pinned Synapse into the cache (FEDIMOOT_CACHE, default ~/.cache/fedimoot)
  start [--port N] [--data-dir D]  start it detached (data in .sandbox/synapse by default), write .sandbox/synapse.json
  stop                             stop the Synapse named in .sandbox/synapse.json
  status                           print .sandbox/synapse.json if that Synapse answers`;

async function readInfo(): Promise<SynapseInfo | undefined> {
  if (!existsSync(infoFile)) return undefined;
  return JSON.parse(await readFile(infoFile, 'utf8')) as SynapseInfo;
}

async function healthy(info: SynapseInfo): Promise<boolean> {
  try {
    const res = await fetch(`${info.url}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'install': {
      const install = await ensureSynapse();
      console.log(`Synapse ${install.version} ready in ${install.venvDir}`);
      return 0;
    }
    case 'start': {
      const running = await readInfo();
      if (running && (await healthy(running))) {
        console.log(`already running (pid ${running.pid}): ${running.url}`);
        console.log(JSON.stringify(running, null, 2));
        return 0;
      }
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`--port must be a port number, got ${values.port}`);
        return 2;
      }
      const dataDir = resolve(values['data-dir'] ?? join(sandboxDir, 'synapse'));
      // Reuse the previous port for the same data dir so URLs written into other configs stay valid.
      const previousPort = running && running.dataDir === dataDir ? running.port : 0;
      const handle = await startSynapse({ port: port || previousPort, dataDir, detached: true });
      await mkdir(sandboxDir, { recursive: true });
      await writeFile(infoFile, JSON.stringify(handle.info(), null, 2) + '\n', { mode: 0o600 });
      console.log(`Synapse running (pid ${handle.pid}) at ${handle.url}; details in ${infoFile}`);
      console.log(`log: ${handle.logFile}`);
      return 0;
    }
    case 'stop': {
      const info = await readInfo();
      if (!info) {
        console.log(`nothing to stop (no ${infoFile})`);
        return 0;
      }
      const stopped = await stopSynapseProcess(info.pid);
      console.log(stopped ? `stopped Synapse (pid ${info.pid})` : `Synapse pid ${info.pid} was not running`);
      // Keep the file's data dir and port for the next start, but drop the stale pid.
      await writeFile(infoFile, JSON.stringify({ ...info, pid: -1 }, null, 2) + '\n', { mode: 0o600 });
      return 0;
    }
    case 'status': {
      const info = await readInfo();
      if (info && (await healthy(info))) {
        console.log(JSON.stringify(info, null, 2));
        return 0;
      }
      console.log('not running');
      return 1;
    }
    default:
      console.error(`unknown command ${command}\n${usage}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
