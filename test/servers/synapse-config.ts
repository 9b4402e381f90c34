// Synapse's two config files for a data dir: the generated homeserver.yaml and our overrides (REFERENCE.md).
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SynapseInstall } from './synapse-install.ts';

/** Secrets and identity of a data dir, kept across starts in fedimoot-synapse.json. */
export interface DataDirState {
  serverName: string;
  registrationSharedSecret: string;
  macaroonSecretKey: string;
  formSecret: string;
}

const STATE_FILE = 'fedimoot-synapse.json';
const secret = (): string => randomBytes(24).toString('hex');

/** Sets up a new data dir (config from the template, own signing key and secrets) or reads an existing one's state. */
export async function prepareDataDir(install: SynapseInstall, dataDir: string, serverName: string): Promise<DataDirState> {
  const statePath = join(dataDir, STATE_FILE);
  if (existsSync(statePath)) {
    const state = JSON.parse(await readFile(statePath, 'utf8')) as DataDirState;
    if (state.serverName !== serverName) {
      throw new Error(`${dataDir} holds a Synapse for ${state.serverName}, not ${serverName}`);
    }
    return state;
  }
  await copyFile(await configTemplate(install, serverName), join(dataDir, 'homeserver.yaml'));
  await writeFile(signingKeyPath(dataDir, serverName), signingKey(), { mode: 0o600 });
  const state: DataDirState = {
    serverName,
    registrationSharedSecret: secret(),
    macaroonSecretKey: secret(),
    formSecret: secret(),
  };
  await writeFile(statePath, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  return state;
}

/**
 * `--generate-config` costs seconds of Python start-up, so it runs once per install and server name; every
 * path and secret in it is overridden per data dir.
 */
async function configTemplate(install: SynapseInstall, serverName: string): Promise<string> {
  const dir = join(install.venvDir, `config-template-${serverName}`);
  const file = join(dir, 'homeserver.yaml');
  if (existsSync(file)) return file;
  const tmp = await mkdtemp(join(install.venvDir, '.config-template-'));
  try {
    await runGenerate(install.python, [
      '-m', 'synapse.app.homeserver', '--server-name', serverName, '--config-path', join(tmp, 'homeserver.yaml'),
      '--data-directory', tmp, '--generate-config', '--report-stats=no',
    ], tmp);
    // Another process may have won the race; its template is as good as ours.
    await rename(tmp, dir).catch(() => undefined);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return file;
}

function runGenerate(python: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`synapse --generate-config failed (exit ${code}):\n${output}`)),
    );
  });
}

function signingKeyPath(dataDir: string, serverName: string): string {
  return join(dataDir, `${serverName}.signing.key`);
}

/** Synapse's key file format: `ed25519 <version> <unpadded base64 seed>`. */
function signingKey(): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const seed = Buffer.from(jwk.d ?? '', 'base64url').toString('base64').replace(/=+$/, '');
  return `ed25519 a_${randomBytes(3).toString('hex')} ${seed}\n`;
}

const HIGH = { per_second: 10_000, burst_count: 100_000 };

/** The second config file and its log config, rewritten on every start (the port may change). */
export async function writeOverrides(dataDir: string, port: number, state: DataDirState, extra: Record<string, unknown> = {}): Promise<string[]> {
  const logConfig = join(dataDir, 'fedimoot-log.yaml');
  await writeFile(
    logConfig,
    stringify({
      version: 1,
      formatters: { precise: { format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s' } },
      handlers: { console: { class: 'logging.StreamHandler', formatter: 'precise' } },
      loggers: { 'synapse.storage.SQL': { level: 'INFO' } },
      root: { level: 'INFO', handlers: ['console'] },
      disable_existing_loggers: false,
    }),
  );
  const overrides = {
    public_baseurl: `http://127.0.0.1:${port}/`,
    listeners: [
      {
        port,
        bind_addresses: ['127.0.0.1'],
        type: 'http',
        tls: false,
        x_forwarded: false,
        resources: [{ names: ['client'], compress: false }],
      },
    ],
    database: { name: 'sqlite3', args: { database: join(dataDir, 'homeserver.db') } },
    log_config: logConfig,
    media_store_path: join(dataDir, 'media_store'),
    pid_file: join(dataDir, 'homeserver.pid'),
    registration_shared_secret: state.registrationSharedSecret,
    macaroon_secret_key: state.macaroonSecretKey,
    form_secret: state.formSecret,
    signing_key_path: signingKeyPath(dataDir, state.serverName),
    enable_registration: false,
    report_stats: false,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    bcrypt_rounds: 4,
    presence: { enabled: false },
    url_preview_enabled: false,
    rc_message: HIGH,
    rc_registration: HIGH,
    rc_registration_token_validity: HIGH,
    rc_login: { address: HIGH, account: HIGH, failed_attempts: HIGH },
    rc_admin_redaction: HIGH,
    rc_joins: { local: HIGH, remote: HIGH },
    rc_joins_per_room: HIGH,
    rc_3pid_validation: HIGH,
    rc_invites: { per_room: HIGH, per_user: HIGH, per_issuer: HIGH },
    rc_third_party_invite: HIGH,
    rc_media_create: HIGH,
    rc_presence: { per_user: HIGH },
    rc_delayed_event_mgmt: HIGH,
    rc_room_creation: HIGH,
    rc_reports: HIGH,
    rc_user_directory: HIGH,
    rc_profile: HIGH,
    rc_key_requests: HIGH,
    rc_federation: { window_size: 1000, sleep_limit: 10_000, sleep_delay: 0, reject_limit: 10_000, concurrent: 100 },
  };
  const overridesPath = join(dataDir, 'fedimoot-overrides.yaml');
  const header = '# Written by test/servers/synapse-config.ts on every start; homeserver.yaml is the generated default.\n';
  await writeFile(overridesPath, header + stringify({ ...overrides, ...extra }), { mode: 0o600 });
  return [join(dataDir, 'homeserver.yaml'), overridesPath];
}
