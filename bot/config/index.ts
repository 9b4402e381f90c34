export { loadConfig, parseConfig } from './load-config.ts';
export { ConfigError, formatIssue, type ConfigIssue } from './config-error.ts';
export { redactSecrets, secretValues, SECRET_KEY_PATHS, REDACTED, type SecretKeyPath } from './secrets.ts';
export type * from './types.ts';
