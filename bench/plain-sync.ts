// Synapse's own delivery lag, for the bot's lag to stand beside: a bare /sync long-poll loop (no SDK, nothing stored)
// of another member of the same room, in the same run, noting when each poll response reaches it (received − its
// origin_server_ts, as the bot's lag is measured). Whatever slows Synapse on this machine slows both alike.
import { POLL_RESPONSE } from '../test/e2e/support/matrix-events.ts';

interface SyncBody {
  next_batch: string;
  rooms?: { join?: Record<string, { timeline?: { events?: { type: string; origin_server_ts: number }[] } }> };
}

export interface PlainSync {
  /** Resolves with one lag per poll response seen, once `expected` were seen (or after the timeout). */
  lags(expected: number, timeoutMs?: number): Promise<number[]>;
  stop(): void;
}

export async function startPlainSync(homeserverUrl: string, accessToken: string, roomId: string): Promise<PlainSync> {
  const headers = { authorization: `Bearer ${accessToken}` };
  const filter = encodeURIComponent(JSON.stringify({
    presence: { types: [] },
    account_data: { types: [] },
    room: { rooms: [roomId], state: { types: [] }, ephemeral: { types: [] }, account_data: { types: [] }, timeline: { types: [POLL_RESPONSE], limit: 1000 } },
  }));
  const get = async (since?: string): Promise<SyncBody> => {
    const response = await fetch(`${homeserverUrl}/_matrix/client/v3/sync?filter=${filter}&timeout=30000${since ? `&since=${since}` : ''}`, { headers, signal: controller.signal });
    if (!response.ok) throw new Error(`plain /sync: ${response.status} ${await response.text()}`);
    return (await response.json()) as SyncBody;
  };
  const controller = new AbortController();
  let since = (await get()).next_batch;
  const seen: number[] = [];
  const loop = (async () => {
    while (!controller.signal.aborted) {
      const body = await get(since).catch((error: unknown) => (controller.signal.aborted ? undefined : Promise.reject(error)));
      if (!body) return;
      const now = Date.now();
      for (const event of body.rooms?.join?.[roomId]?.timeline?.events ?? []) {
        if (event.type === POLL_RESPONSE) seen.push(now - event.origin_server_ts);
      }
      since = body.next_batch;
    }
  })();
  return {
    async lags(expected, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (seen.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      return [...seen];
    },
    stop() {
      controller.abort();
      void loop.catch(() => undefined);
    },
  };
}
