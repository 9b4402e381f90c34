// The instance's most active remote servers (admin dimensions, key servers), for peer watch, on the contract fake.
import { describe, expect, it } from 'vitest';
import { setup } from './gateway-fixture.ts';

function daysAgo(now: number, n: number): string {
  return new Date(now - n * 86_400_000).toISOString().slice(0, 10);
}

describe('activeServers', () => {
  it('lists the servers with the most statuses of the last 30 days, most first, the instance itself left out', async () => {
    const { fake, gateway } = await setup();
    const now = fake.clock.now();
    fake.state.setMeasures('big.example', { daily: { statuses: { [daysAgo(now, 1)]: 50, [daysAgo(now, 3)]: 20 } } });
    fake.state.setMeasures('mid.example', { daily: { statuses: { [daysAgo(now, 2)]: 30 } } });
    fake.state.setMeasures('old.example', { daily: { statuses: { [daysAgo(now, 90)]: 500 } } });
    fake.state.setMeasures('small.example', { daily: { statuses: { [daysAgo(now, 0)]: 1 } } });
    // The instance's own 40 statuses would rank first (Mastodon lists the local server under its domain).
    fake.state.setMeasures(fake.state.domain, { daily: { statuses: { [daysAgo(now, 0)]: 40 } } });
    expect(await gateway.activeServers(2)).toEqual(['big.example', 'mid.example']);
    expect(await gateway.activeServers(10)).toEqual(['big.example', 'mid.example', 'small.example']);
    const request = fake.requests.find((r) => r.path === '/api/v1/admin/dimensions')!;
    expect(request.body).toMatchObject({ keys: ['servers'], limit: '3', end_at: daysAgo(now, 0) });
  });

  it('throws the refusal of a token that may not view the dashboard', async () => {
    const { gateway } = await setup({}, { token: 'user' });
    await expect(gateway.activeServers(5)).rejects.toMatchObject({ kind: 'permanent', status: 403, message: expect.stringMatching(/^reading the most active servers: the instance answered 403 /) });
  });
});
