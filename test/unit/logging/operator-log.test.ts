// Issue 16, item 6: the operator reads one line per proposal opened, vote closed, decision applied or lifted, and
// failed application; pretty on a terminal, JSON otherwise; never a secret.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, isPretty, type LogFormat } from '../../../bot/logger.ts';
import { operatorLogHook } from '../../../bot/operator-log.ts';
import { prettyLine } from '../../../bot/log-pretty.ts';
import { proposalWorld } from '../proposals/proposal-deps.ts';
import { MATRIX_TOKEN } from '../config/config-fixtures.ts';

const LINE = 'Proposal 1 (suspend threads.net): approved — yes 3 · no 0 · abstain 0 · spoiled 0 · 3 of 3 eligible voted (100%) · quorum 1 met · threshold 2/3 met';

function capture(format: LogFormat = 'json', tty = false) {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (tty) out.isTTY = true;
  const chunks: string[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const logger = createLogger({ level: 'info', format, destination: out, secrets: [MATRIX_TOKEN] });
  return { logger, lines: () => chunks.join('').trimEnd().split('\n').filter(Boolean) };
}

function world() {
  const w = proposalWorld();
  const log = capture();
  w.deps.logger = log.logger;
  const hook = operatorLogHook(w.deps);
  const p = w.open(['@a:example.social', '@b:example.social', '@c:example.social']);
  const messages = () => log.lines().map((l) => JSON.parse(l) as { msg: string; level: number; proposal: number; event: string });
  return { w, hook, p, messages };
}

describe('one line per milestone', () => {
  it('a proposal opened: who proposed it, how many may vote, when it closes', async () => {
    const { hook, p, messages } = world();
    await hook.on('opened', p.id);
    expect(messages()).toMatchObject([
      { level: 30, proposal: 1, event: 'opened', msg: `Proposal 1 (suspend threads.net) opened by ${p.proposer}: 3 eligible, closes 2025-06-08 12:00 UTC` },
    ]);
  });

  it('a vote closed: the result line', async () => {
    const { w, hook, p, messages } = world();
    w.deps.store.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt: p.deadlineAt! } });
    w.deps.store.proposals.advance(p.id, { type: 'count', outcome: 'approved' }, { fields: { resultLine: LINE } });
    await hook.on('counted', p.id);
    expect(messages()).toMatchObject([{ level: 30, event: 'counted', msg: `Vote closed: ${LINE}` }]);
  });

  it('a decision applied, a block lifted, an application given up', async () => {
    const { w, hook, p, messages } = world();
    const { proposal: lift } = w.deps.store.proposals.create({ domain: 'example.net', action: 'lift', durationMs: 1, proposer: '@a:example.social' });
    w.deps.store.proposals.advance(p.id, { type: 'close' }, { fields: { closedAt: p.deadlineAt! } });
    w.deps.store.proposals.advance(p.id, { type: 'count', outcome: 'approved' });
    w.deps.store.proposals.advance(p.id, { type: 'start_apply' });
    w.deps.store.proposals.advance(p.id, { type: 'apply_failed' }, { fields: { applyError: 'the instance answered 403 This action is outside the authorized scopes' } });
    await hook.on('applied', p.id);
    await hook.on('applied', lift.id);
    await hook.on('apply_failed', p.id);
    expect(messages().map((m) => [m.level, m.msg])).toEqual([
      [30, 'Proposal 1 (suspend threads.net) applied: the block is in force on the instance'],
      [30, 'Proposal 2 (lift example.net) applied: example.net is no longer blocked on the instance'],
      [40, 'Proposal 1 (suspend threads.net) could not be applied: the instance answered 403 This action is outside the authorized scopes'],
    ]);
  });

  it('says nothing for the other milestones', async () => {
    const { hook, p, messages } = world();
    await hook.on('ended', p.id);
    await hook.on('imported', p.id);
    expect(messages()).toEqual([]);
  });
});

describe('log.format', () => {
  it('auto is pretty on a terminal and JSON elsewhere; pretty and json are what they say', () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    const pipe = new PassThrough();
    expect([isPretty('auto', tty), isPretty('auto', pipe), isPretty('pretty', pipe), isPretty('json', tty)]).toEqual([true, false, true, false]);
  });

  it('pretty: time, level, message, then the fields', () => {
    const log = capture('auto', true);
    log.logger.info({ proposal: 1, domain: 'threads.net' }, 'Vote closed: approved');
    expect(log.lines()).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d INFO  Vote closed: approved {2}proposal=1 domain=threads\.net$/)]);
  });

  it('pretty shows an error by its message', () => {
    expect(prettyLine(JSON.stringify({ level: 40, time: 0, msg: 'job failed; will retry', err: { message: 'boom', stack: 'Error: boom\n at x' }, job: 'close' })))
      .toBe('00:00:00 WARN  job failed; will retry — boom  job=close\n');
  });

  it('never writes a secret, pretty or JSON', () => {
    for (const format of ['pretty', 'json'] as const) {
      const log = capture(format);
      log.logger.info({ accessToken: MATRIX_TOKEN, url: `https://x/?token=${MATRIX_TOKEN}` }, `token ${MATRIX_TOKEN}`);
      log.logger.warn({ err: new Error(`refused Bearer ${MATRIX_TOKEN}`) }, 'failed');
      const text = log.lines().join('\n');
      expect(text).not.toContain(MATRIX_TOKEN);
      expect(text).toContain('[redacted]');
    }
  });
});
