// Everything the signal intake says to staff, in one place: drafts, lifts, a source failing and reading again, and
// the `sources` reply. Drafts only suggest a `propose` command: the intake never applies anything.
import type { Draft, Lift, SourceBlock } from '../../governance/intake.ts';
import { code, list, message, paragraph, type Inline, type Message } from '../contracts/message.ts';
import { formatUtc } from './describe.ts';
import type { SourceView } from '../contracts/intake-ports.ts';

/** A source's address without a user name or password in it (credentials never go into a room). */
export function shownUrl(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed || (parsed.username === '' && parsed.password === '')) return url;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

const blocks = (n: number): string => `${n} block${n === 1 ? '' : 's'}`;

/** `suspend, “Spam”, https://…` */
function said(b: Pick<SourceBlock, 'severity' | 'reason' | 'link'>): string {
  return [b.severity, b.reason === null ? undefined : `“${b.reason}”`, b.link ?? undefined].filter((x) => x !== undefined).join(', ');
}

/** "3 of your 5 sources block x.example: a: suspend, “Spam”, <link>; b: limit. To propose it: `!moot propose …`" */
export function draftMessage(draft: Draft, sourceCount: number, prefix: string): Message {
  const n = draft.backers.length;
  const who = `${n} of your ${sourceCount} source${sourceCount === 1 ? '' : 's'} block${n === 1 ? 's' : ''} ${draft.domain}`;
  return message(
    paragraph(`${who}: ${draft.backers.map((b) => `${b.source}: ${said(b)}`).join('; ')}.`),
    paragraph('Nothing is applied unless the community votes. To propose it: ', code(`${prefix} propose ${draft.domain} ${draft.severity} --reason "…"`)),
  );
}

/** Drafts beyond one poll's share wait for the next polls. */
export function moreDraftsMessage(waiting: number, perPoll: number): Message {
  return message(paragraph(`${waiting} more domain${waiting === 1 ? ' reaches' : 's reach'} the threshold; the next polls show them, ${perPoll} at a time.`));
}

export function liftMessage(lift: Lift, prefix: string): Message {
  return message(
    paragraph(`Source ${lift.source} lifted ${lift.domain}, which you block. It had said: ${said(lift.was)}.`),
    paragraph('To reconsider: ', code(`${prefix} propose ${lift.domain} lift --reason "…"`)),
  );
}

export interface FailureFacts {
  name: string;
  url: string;
  problem: string;
  refused: boolean;
  /** The reading that still counts, if the source was ever read. */
  lastOk?: { at: number; blocks: number };
}

export function failingMessage(f: FailureFacts): Message {
  const what = f.refused ? 'is refused' : 'could not be read';
  const still = f.lastOk
    ? `Its last good reading (${blocks(f.lastOk.blocks)}, ${formatUtc(f.lastOk.at)}) still counts`
    : 'It has not been read yet, so it counts for nothing';
  return message(paragraph(`Source ${f.name} (${shownUrl(f.url)}) ${what}: it ${f.problem}. ${still}; you are told again when it reads again, not at every poll.`));
}

export function recoveredMessage(name: string, count: number): Message {
  return message(paragraph(`Source ${name} reads again: ${blocks(count)}.`));
}

function sourceLine(s: SourceView): Inline[] {
  const head = `${s.name} (${s.format}${s.trust === 1 ? '' : `, trust ${s.trust}`}), ${shownUrl(s.url)}: `;
  const skipped = s.skipped > 0 ? `; ${s.skipped} entr${s.skipped === 1 ? 'y' : 'ies'} skipped (not a domain, or blocking nothing)` : '';
  if (s.status === 'new') return [`${head}not read yet`];
  const reading = s.lastOkAt === undefined ? 'no good reading yet' : `${blocks(s.blocks)}, read ${formatUtc(s.lastOkAt)}${skipped}`;
  if (s.status === 'ok') return [`${head}${reading}`];
  return [`${head}failing since ${formatUtc(s.failingSince ?? s.lastReadAt ?? 0)}: it ${s.problem ?? 'could not be read'}; ${s.lastOkAt === undefined ? reading : `counts with ${reading}`}`];
}

export function sourcesMessage(sources: readonly SourceView[], threshold: number, everyText: string): Message {
  if (sources.length === 0) return message(paragraph('No sources are followed. Add some under intake.sources in the config (see config.example.yaml).'));
  return message(
    paragraph(`${sources.length} source${sources.length === 1 ? '' : 's'}, read every ${everyText}; a domain becomes a draft when sources worth ${threshold} block it:`),
    list(sources.map(sourceLine)),
  );
}
