// `fedimoot run` picks its config: -c, then ./config.yaml, and the sandbox only for `npm start` with neither.
import { describe, expect, it } from 'vitest';
import { chooseRunConfig, DEFAULT_CONFIG } from '../../../commands/cli/run-config.ts';

describe('the config fedimoot run uses', () => {
  it('is the one named with -c, even when ./config.yaml exists and the sandbox is allowed', () => {
    expect(chooseRunConfig('/etc/fedimoot/config.yaml', true, true)).toBe('/etc/fedimoot/config.yaml');
    expect(chooseRunConfig('/etc/fedimoot/config.yaml', true, false)).toBe('/etc/fedimoot/config.yaml');
  });

  it('is ./config.yaml when it exists, so a real config is never passed over for the sandbox', () => {
    expect(chooseRunConfig(undefined, true, true)).toBe(DEFAULT_CONFIG);
  });

  it('is the sandbox only when asked for (npm start) and there is no config', () => {
    expect(chooseRunConfig(undefined, true, false)).toBe('sandbox');
    // A plain `fedimoot run` (a service, a typo in the folder) fails: "config file ./config.yaml not found: …".
    expect(chooseRunConfig(undefined, false, false)).toBe(DEFAULT_CONFIG);
  });
});
