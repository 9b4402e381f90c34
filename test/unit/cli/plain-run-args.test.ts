// `run` as npm start, the service unit and the tests write it is read without yargs; anything else goes to yargs.
import { describe, expect, it } from 'vitest';
import { plainRunArgs } from '../../../commands/cli/main.ts';

describe('plainRunArgs', () => {
  it('reads the forms a service and npm start use', () => {
    expect(plainRunArgs(['run'])).toEqual({ 'sandbox-if-unconfigured': false });
    expect(plainRunArgs(['run', '-c', '/etc/fedimoot/config.yaml'])).toEqual({ 'sandbox-if-unconfigured': false, config: '/etc/fedimoot/config.yaml' });
    expect(plainRunArgs(['run', '--sandbox-if-unconfigured', '--config', 'c.yaml'])).toEqual({ 'sandbox-if-unconfigured': true, config: 'c.yaml' });
  });

  it('leaves everything else to yargs, which explains mistakes and help', () => {
    for (const argv of [['check', '-c', 'c.yaml'], ['run', '--help'], ['run', '-c'], ['run', '-c', 'a', '-c', 'b'], ['run', '--confg', 'x'], ['run', 'extra'], []]) {
      expect(plainRunArgs(argv)).toBeUndefined();
    }
  });
});
