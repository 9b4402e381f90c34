// What every CLI subcommand needs: the config, a store, a logger; each failure mapped to its exit code.
import { ConfigError, loadConfig, type Config } from '../../bot/config/index.ts';
import { createLogger, type Logger } from '../../bot/logger.ts';
import { StorageError } from '../../storage/database.ts';
import { openStore, type Store } from '../../storage/store.ts';
import { UsageError } from '../../bot/contracts/exit-codes.ts';

export function readConfig(path: string): Config {
  try {
    return loadConfig(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.format());
    throw error;
  }
}

export function openConfiguredStore(config: Config): Store {
  try {
    return openStore(config.storage.path);
  } catch (error) {
    if (error instanceof StorageError) throw new UsageError((error as Error).message);
    throw error;
  }
}

export function secretsOf(config: Config): string[] {
  return [config.matrix.accessToken, config.mastodon?.accessToken].filter((s): s is string => !!s);
}

export function loggerFor(config: Config): Logger {
  return createLogger({ level: config.log.level, format: config.log.format, secrets: secretsOf(config) });
}

export const configOption = {
  alias: 'c',
  type: 'string',
  default: './config.yaml',
  describe: 'path to the YAML configuration',
} as const;
