// One HTTP read of a followed source, bounded: one deadline for all of a source's requests, a cap on each body (read
// as a stream and cut at the cap), a User-Agent naming the bot, and the validators of the last read sent back so an
// unchanged list costs a 304. Every failure is a SourceProblem whose message says what happened, in words.
import { SourceProblem } from './block-lists.ts';
import { BodyTooBig, readCappedText } from '../capped-body.ts';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type Fetched = { status: 'not-modified' } | { status: 'ok'; text: string; validators: Validators };

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/** A deadline shared by every request of one source's read. */
export function readDeadline(limits: FetchLimits): AbortSignal {
  return AbortSignal.timeout(limits.timeoutMs);
}

export async function fetchSource(url: string, limits: FetchLimits, signal: AbortSignal, validators: Validators = {}): Promise<Fetched> {
  const headers: Record<string, string> = { 'user-agent': limits.userAgent, accept: 'application/json, text/csv, text/plain;q=0.9, */*;q=0.5' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  try {
    const response = await fetch(url, { headers, signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 'not-modified' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SourceProblem(`answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    let text: string;
    try {
      text = await readCappedText(response, limits.maxBytes);
    } catch (error) {
      throw error instanceof BodyTooBig ? new SourceProblem(`${error.message} (intake.maxBytes)`) : error;
    }
    return {
      status: 'ok',
      text,
      validators: { etag: response.headers.get('etag') ?? undefined, lastModified: response.headers.get('last-modified') ?? undefined },
    };
  } catch (error) {
    if (error instanceof SourceProblem) throw error;
    if (signal.aborted) throw new SourceProblem(`did not answer within ${seconds(limits.timeoutMs)} (intake.timeout)`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new SourceProblem(`could not be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
}
