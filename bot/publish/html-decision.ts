// One decision of the page's history: its outcome, vote bar drawn in SVG with the numbers in text beside it, the
// rules in plain words, and what each odd count means. Every value from the log is escaped.
import { escapeXml as esc, headline } from './formats.ts';
import { endedWords, importedWords, priorBlockWords, rulesInWords, tallyNotes } from './plain-words.ts';
import { ACTION_WORDS, actionOn, OUTCOME_WORDS, shortTime, turnout, type PublishedDecision } from './views.ts';
import { secondStageWords } from './stage-words.ts';

const COLORS = { yes: '#1b7f3b', no: '#b3261e', abstain: '#6b6b6b' } as const;

function voteBar(d: PublishedDecision): string {
  const t = d.tally;
  if (!t) return '';
  const total = t.yes + t.no + t.abstain;
  const counts = `<p class="votes">${(['yes', 'no', 'abstain'] as const).map((k) => `<span class="key" style="background:${COLORS[k]}" aria-hidden="true"></span>${k[0]!.toUpperCase()}${k.slice(1)} ${t[k]}`).join(' · ')} · Spoiled ${t.spoiled}${t.unreadable ? ` · Unreadable ${t.unreadable}` : ''}</p>`;
  const notes = tallyNotes(d).map((n) => `<p class="note">${esc(n)}</p>`).join('');
  if (total === 0) return `<p>No votes were cast.</p>${counts}${notes}`;
  let x = 0;
  const rect = (k: keyof typeof COLORS) => {
    const w = (t[k] / total) * 300;
    const out = t[k] ? `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="20" fill="${COLORS[k]}"><title>${k} ${t[k]}</title></rect>` : '';
    x += w;
    return out;
  };
  const label = `yes ${t.yes}, no ${t.no}, abstain ${t.abstain}`;
  return `<svg class="bar" viewBox="0 0 300 20" preserveAspectRatio="none" role="img" aria-label="${esc(label)}">${rect('yes')}${rect('no')}${rect('abstain')}</svg>${counts}${notes}`;
}

/** Only web addresses become links (the log is data from elsewhere once copied); anything else stays text. */
export function link(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${esc(url)}" rel="nofollow noopener noreferrer">${esc(url)}</a>` : esc(url);
}

export function time(isoTime: string): string {
  return `<time datetime="${esc(isoTime)}">${esc(shortTime(isoTime))}</time>`;
}

/** The definition list under a decision: what was decided, how, and when. */
function facts(d: PublishedDecision): [string, string][] {
  const rows: [string, string][] = [['Action', esc(ACTION_WORDS[d.action]) + (d.rejectMedia ? ', reject media' : '') + (d.rejectReports ? ', reject reports' : '')]];
  if (d.obfuscated) rows.push(['Domain digest', `<code>${esc(d.domainDigest)}</code> (the domain is shown obfuscated)`]);
  const t = turnout(d);
  if (t) rows.push(['Turnout', esc(t)]);
  const rules = rulesInWords(d);
  if (rules) rows.push(['Rules', esc(rules)]);
  // An imported block's comment is the one the instance's staff wrote on it, not a reason anyone voted on.
  if (d.reason) rows.push([d.imported ? 'Instance’s comment' : 'Reason', esc(d.reason)]);
  if (d.evidence.length) rows.push(['Evidence', d.evidence.map(link).join(', ')]);
  if (!d.imported) rows.push(['Proposed by', esc(d.proposer)]);
  if (d.openedAt) rows.push(['Opened', time(d.openedAt)]);
  if (!d.imported) rows.push([d.tally ? 'Closed' : 'Ended', time(d.closedAt)]);
  if (d.applied && !d.imported) rows.push(['Applied', time(d.applied.appliedAt)]);
  if (d.supersedes !== null) rows.push(['Supersedes', `<a href="#decision-${d.supersedes}">proposal ${d.supersedes}</a>`]);
  if (d.supersededBy !== undefined) rows.push(['Superseded by', `<a href="#decision-${d.supersededBy}">proposal ${d.supersededBy}</a>`]);
  if (d.priorBlock) rows.push(['Before', esc(priorBlockWords(d))]);
  if (d.secondStage) rows.push(['Second stage', secondStageWords(d, time)]);
  if (d.reviewAt) rows.push(['Review due', time(d.reviewAt)]);
  return rows;
}

/** The sentence under the heading: the announced result line, or what happened instead of a count. */
function summary(d: PublishedDecision): string {
  if (d.imported) return importedWords(d);
  return endedWords(d) ?? headline(d);
}

export function decisionSection(d: PublishedDecision): string {
  return `<section class="decision" id="decision-${d.number}" aria-labelledby="decision-${d.number}-title">
<h3 id="decision-${d.number}-title">Proposal ${d.number}: ${esc(actionOn(d.action, d.domain))} — <span class="outcome ${d.outcome}">${esc(d.imported ? 'Recorded, not voted' : OUTCOME_WORDS[d.outcome])}</span></h3>
<p>${esc(summary(d))}</p>
${voteBar(d)}
<dl>${facts(d).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</section>`;
}
