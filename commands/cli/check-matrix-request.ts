// `fedimoot check`'s requests to the homeserver: plain GETs to the client-server API with the bot's token. The token
// goes in a header only, and is cut out of any error text, so it cannot reach the report.
import type { Config } from '../../bot/config/types.ts';

export interface MatrixReply {
  status: number;
  body: Record<string, unknown>;
}

export type MatrixGet = (path: string, query?: Record<string, string>) => Promise<MatrixReply>;

export function matrixGetter(config: Config): MatrixGet {
  const { homeserverUrl, accessToken } = config.matrix;
  return async (path, query) => {
    const qs = query ? `?${new URLSearchParams(query)}` : '';
    try {
      const response = await fetch(`${homeserverUrl}${path}${qs}`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(15_000),
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      return { status: response.status, body };
    } catch (error) {
      throw new Error(String((error as Error).message).split(accessToken).join('<token>'));
    }
  };
}
