// Stop, start or restart the e2e run's shared Synapse from inside a test (it is owned by the globalSetup process).
import { inject } from 'vitest';

async function control(action: 'stop' | 'start' | 'restart'): Promise<number> {
  const res = await fetch(`${inject('synapse').controlUrl}/${action}`, { method: 'POST' });
  const text = await res.text();
  if (!res.ok) throw new Error(`Synapse ${action} failed: ${res.status} ${text}`);
  return (JSON.parse(text) as { pid: number }).pid;
}

/** Stops Synapse (SIGTERM, SIGKILL fallback). Call startSharedSynapse() before the test ends: later tests need it. */
export const stopSharedSynapse = (): Promise<number> => control('stop');
/** Starts it again on the same port with the same data; resolves once /health answers. Returns the new pid. */
export const startSharedSynapse = (): Promise<number> => control('start');
export const restartSharedSynapse = (): Promise<number> => control('restart');
