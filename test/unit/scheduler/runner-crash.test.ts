// Issue 12 item 5: a job runner whose store fails stops and says so (RunningBot.crashed is built on it), instead of
// leaving a rejected chain that makes every later kick fail unseen.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../../bot/scheduler.ts';
import { memoryStore } from '../storage/storage-fixtures.ts';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

describe('a job runner whose store fails', () => {
  it('resolves crashed with the error, logs one fatal line, and kicks no longer fail', async () => {
    const store = memoryStore();
    const { logger, lines } = capturedLogger();
    let ran = 0;
    const runner = new JobRunner(store, { remind: async () => void ran++ }, logger, () => Date.now());
    store.jobs.schedule({ kind: 'remind', runAt: 0, key: 'remind:test' });
    await runner.kick();
    expect(ran).toBe(1);

    store.close();
    await expect(runner.kick()).resolves.toBeUndefined();
    const error = await runner.crashed;
    expect(String(error)).toMatch(/database connection is not open/);
    await expect(runner.kick()).resolves.toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    const fatal = lines.filter((l) => l.level === 60);
    expect(fatal.map((l) => l.msg)).toEqual(['the job runner stopped: its store failed']);
  });

  it('a healthy runner never reports a crash', async () => {
    const store = memoryStore();
    const runner = new JobRunner(store, {}, pino({ level: 'silent' }), () => Date.now());
    await runner.kick();
    const outcome = await Promise.race([runner.crashed.then(() => 'crashed'), new Promise((r) => setTimeout(r, 50, 'alive'))]);
    expect(outcome).toBe('alive');
    store.close();
  });
});
