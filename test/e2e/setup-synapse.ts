// vitest globalSetup: one real Synapse for the whole e2e run; tests get it with inject('synapse').
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureSynapse, startSynapse, type SynapseHandle } from '../servers/synapse.ts';

export interface ProvidedSynapse {
  url: string;
  serverName: string;
  registrationSharedSecret: string;
  /** Synapse's own log, for a failing test's message. */
  logFile: string;
  /** Tests run in workers; they stop/start this Synapse through here (see support/synapse-control.ts). */
  controlUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    synapse: ProvidedSynapse;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const install = await ensureSynapse();
  const dataDir = await mkdtemp(join(tmpdir(), 'fedimoot-e2e-synapse-'));
  const synapse = await startSynapse({ install, dataDir });
  const control = await controlServer(synapse);
  process.stderr.write(`[synapse] ready for e2e in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  project.provide('synapse', {
    url: synapse.url,
    serverName: synapse.serverName,
    registrationSharedSecret: synapse.registrationSharedSecret,
    logFile: synapse.logFile,
    controlUrl: control.url,
  });
  return async () => {
    await new Promise((res) => control.server.close(res));
    await synapse.stop();
    if (process.env.KEEP_E2E_DATA) {
      process.stderr.write(`[synapse] KEEP_E2E_DATA: data and log kept in ${dataDir}\n`);
    } else {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}

/** POST /stop, /start, /restart on 127.0.0.1, guarded by a random path token; answers `{pid}` (-1 when stopped). */
async function controlServer(synapse: SynapseHandle): Promise<{ server: Server; url: string }> {
  const token = randomBytes(12).toString('hex');
  const actions: Record<string, () => Promise<void>> = {
    stop: () => synapse.stop(),
    start: () => synapse.start(),
    restart: () => synapse.restart(),
  };
  const server = createServer((req, res) => {
    const [, pathToken, action] = (req.url ?? '').split('/');
    const run = req.method === 'POST' && pathToken === token ? actions[action ?? ''] : undefined;
    if (!run) {
      res.writeHead(404).end();
      return;
    }
    run().then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pid: synapse.pid })),
      (err: unknown) => res.writeHead(500).end(err instanceof Error ? err.message : String(err)),
    );
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('control server has no port');
  return { server, url: `http://127.0.0.1:${address.port}/${token}` };
}
