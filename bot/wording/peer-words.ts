// Peer watch in words, for `peers`, the poll notice and the staff's weekly digest: one summary line of fixed form,
// e.g. "Of 12 peers, 5 block x.example (4 suspend, 1 limit), 4 federate with it, 2 publish no list, 1 could not be
// read (slow.example: no answer in 10 s).", and the peers by name.
import type { DomainWatch, PeerVerdict, Stance, StanceChange } from '../../governance/peer-watch.ts';
import { list, message, paragraph, type Inline, type Message } from '../contracts/message.ts';

/** Unreadable peers named in the summary line; the rest are counted ("and 2 more") and listed in the detail. */
const NAMED_IN_LINE = 3;

const agree = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function unreadableNames(verdicts: readonly PeerVerdict[]): string {
  const bad = verdicts.flatMap((v) => (v.verdict === 'unreadable' ? [`${v.peer}: ${v.reason}`] : []));
  const named = bad.slice(0, NAMED_IN_LINE).join('; ');
  return bad.length > NAMED_IN_LINE ? `${named}; and ${bad.length - NAMED_IN_LINE} more` : named;
}

export function peerSummary(watch: DomainWatch): string {
  const c = watch.counts;
  if (c.peers === 0) return `No watched peer instance has been read yet, so none can be asked about ${watch.domain}.`;
  const severities = [c.suspend ? `${c.suspend} suspend` : '', c.limit ? `${c.limit} limit` : ''].filter(Boolean).join(', ');
  const parts = [c.blocks === 0 ? `none blocks ${watch.domain}` : `${agree(c.blocks, 'blocks', 'block')} ${watch.domain} (${severities})`];
  if (c.federates) parts.push(`${agree(c.federates, 'federates', 'federate')} with it`);
  if (c.nothing) parts.push(`${agree(c.nothing, 'publishes', 'publish')} no list`);
  if (c.unreadable) parts.push(`${c.unreadable} could not be read (${unreadableNames(watch.verdicts)})`);
  return `Of ${agree(c.peers, 'peer', 'peers')}, ${parts.join(', ')}.`;
}

function blockItem(v: PeerVerdict & { verdict: 'blocks' }, domain: string): Inline[] {
  if (v.as === 'allowlist') return [`${v.peer}: ${v.severity} (it federates only with the domains it lists, and ${domain} is not one)`];
  if (v.as === domain) return [`${v.peer}: ${v.severity}`];
  return [`${v.peer}: ${v.severity} (listed as ${v.as})`];
}

/** The answer to `peers <domain>`: the summary, then who is in each group. */
export function peersMessage(watch: DomainWatch): Message {
  const of = <K extends PeerVerdict['verdict']>(kind: K) => watch.verdicts.filter((v): v is PeerVerdict & { verdict: K } => v.verdict === kind);
  const blocks = of('blocks');
  const federates = of('federates');
  const nothing = of('nothing');
  const unreadable = of('unreadable');
  const blocksOut: Message['blocks'] = [paragraph(peerSummary(watch))];
  if (blocks.length) blocksOut.push(paragraph(`Block ${watch.domain}:`), list(blocks.map((v) => blockItem(v, watch.domain))));
  if (federates.length) blocksOut.push(paragraph(`Federate with it: ${federates.map((v) => v.peer).join(', ')}.`));
  if (nothing.length) blocksOut.push(paragraph('Publish no list:'), list(nothing.map((v) => [`${v.peer}: ${v.why}`])));
  if (unreadable.length) blocksOut.push(paragraph('Could not be read (not counted as federating):'), list(unreadable.map((v) => [`${v.peer}: ${v.reason}`])));
  return message(...blocksOut);
}

const STANCE_WORDS: Record<Stance, string> = { suspend: 'suspends', limit: 'limits', none: 'no longer blocks' };

function changeLine(c: StanceChange): string {
  if (c.from === 'none') return `${c.peer} now ${STANCE_WORDS[c.to]} ${c.domain}.`;
  if (c.to === 'none') return `${c.peer} no longer blocks ${c.domain} (it ${STANCE_WORDS[c.from].replace(/s$/, 'ed')} it).`;
  return `${c.peer} now ${STANCE_WORDS[c.to]} ${c.domain} (it ${STANCE_WORDS[c.from].replace(/s$/, 'ed')} it).`;
}

/** The staff's weekly digest: one paragraph per change, under a heading line. */
export function digestParagraphs(changes: readonly StanceChange[]): string[] {
  return [
    `Peer watch, this week: ${agree(changes.length, 'change', 'changes')} among the peers on domains decided or proposed here.`,
    ...changes.map(changeLine),
  ];
}
