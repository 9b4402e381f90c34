// The decision log as one accessible HTML page: readable on a phone, headings and lists, a vote bar drawn in SVG
// with the numbers in text beside it. Every value from the log is escaped.
import type { HashedEntry } from '../../governance/log-entry.ts';
import { escapeXml as esc, headline, priorBlockWords, type PublishContext } from './formats.ts';
import { ACTION_WORDS, actionOn, foldLog, OUTCOME_WORDS, shortTime, turnout, type PublishedDecision } from './views.ts';

const COLORS = { yes: '#1b7f3b', no: '#b3261e', abstain: '#6b6b6b' } as const;

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-bottom:.25rem}
section{border-top:1px solid #767676;padding:.75rem 0}
.outcome{font-weight:700}.approved{color:#0b6b2b}.rejected,.no_quorum{color:#8a1c1c}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}dt{font-weight:600}dd{margin:0}
.bar{display:block;width:100%;max-width:30rem;height:1.25rem}.key{display:inline-block;width:.8em;height:.8em;margin-right:.25em;vertical-align:-.05em;border-radius:2px}
a{color:#0645ad}code{word-break:break-all}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#9cf}.approved{color:#7ddc95}.rejected,.no_quorum{color:#ff9b9b}}
`;

function voteBar(d: PublishedDecision): string {
  const t = d.tally;
  if (!t) return '';
  const total = t.yes + t.no + t.abstain;
  const counts = `<p class="votes">${(['yes', 'no', 'abstain'] as const).map((k) => `<span class="key" style="background:${COLORS[k]}" aria-hidden="true"></span>${k[0]!.toUpperCase()}${k.slice(1)} ${t[k]}`).join(' · ')} · Spoiled ${t.spoiled}${t.unreadable ? ` · Unreadable ${t.unreadable}` : ''}</p>`;
  if (total === 0) return `<p>No votes were cast.</p>${counts}`;
  let x = 0;
  const rect = (k: keyof typeof COLORS) => {
    const w = (t[k] / total) * 300;
    const out = t[k] ? `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="20" fill="${COLORS[k]}"><title>${k} ${t[k]}</title></rect>` : '';
    x += w;
    return out;
  };
  const label = `yes ${t.yes}, no ${t.no}, abstain ${t.abstain}`;
  return `<svg class="bar" viewBox="0 0 300 20" preserveAspectRatio="none" role="img" aria-label="${esc(label)}">${rect('yes')}${rect('no')}${rect('abstain')}</svg>${counts}`;
}

/** Only web addresses become links (the log is data from elsewhere once copied); anything else stays text. */
function link(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${esc(url)}" rel="nofollow noopener noreferrer">${esc(url)}</a>` : esc(url);
}

function time(isoTime: string): string {
  return `<time datetime="${esc(isoTime)}">${esc(shortTime(isoTime))}</time>`;
}

function decisionSection(d: PublishedDecision): string {
  const rows: [string, string][] = [['Action', esc(ACTION_WORDS[d.action]) + (d.rejectMedia ? ', reject media' : '') + (d.rejectReports ? ', reject reports' : '')]];
  if (d.obfuscated) rows.push(['Domain digest', `<code>${esc(d.domainDigest)}</code> (the domain is shown obfuscated)`]);
  const t = turnout(d);
  if (t) rows.push(['Turnout', esc(t)]);
  if (d.quorum && d.threshold) rows.push(['Rules', esc(`quorum ${d.quorum.minVoters} votes and ${d.quorum.minTurnoutPercent}%; threshold ${d.threshold}`)]);
  if (d.reason) rows.push(['Reason', esc(d.reason)]);
  if (d.evidence.length) rows.push(['Evidence', d.evidence.map(link).join(', ')]);
  rows.push(['Proposed by', esc(d.proposer)]);
  if (d.openedAt) rows.push(['Opened', time(d.openedAt)]);
  rows.push([d.imported ? 'Recorded' : 'Closed', time(d.closedAt)]);
  if (d.applied) rows.push(['Applied', time(d.applied.appliedAt)]);
  if (d.supersedes !== null) rows.push(['Supersedes', `<a href="#decision-${d.supersedes}">proposal ${d.supersedes}</a>`]);
  if (d.supersededBy !== undefined) rows.push(['Superseded by', `<a href="#decision-${d.supersededBy}">proposal ${d.supersededBy}</a>`]);
  if (d.imported) rows.push(['Record', 'recorded from the instance’s existing blocks, not voted']);
  if (d.priorBlock) rows.push(['Before', esc(priorBlockWords(d))]);
  return `<section id="decision-${d.number}" aria-labelledby="decision-${d.number}-title">
<h2 id="decision-${d.number}-title">Proposal ${d.number}: ${esc(actionOn(d.action, d.domain))} — <span class="outcome ${d.outcome}">${esc(OUTCOME_WORDS[d.outcome])}</span></h2>
<p>${esc(headline(d))}</p>
${voteBar(d)}
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</section>`;
}

export function renderHtml(entries: readonly HashedEntry[], ctx: PublishContext): string {
  const decisions = foldLog(entries);
  const head = entries.at(-1)?.hash;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(ctx.title)}</title>
<link rel="alternate" type="application/atom+xml" title="${esc(ctx.title)}" href="decisions.atom">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(ctx.title)}</h1>
<p>Every federation decision of this community, newest first. Also as <a href="decisions.json">JSON</a> (hash-chained, check it with <code>fedimoot verify-log</code>), <a href="decisions.csv">Mastodon CSV</a> (blocks in force) and an <a href="decisions.atom">Atom feed</a>.</p>
</header>
<main>
${decisions.length ? decisions.map(decisionSection).join('\n') : '<p>No decisions yet.</p>'}
</main>
<footer><p>${head ? `Head of the hash chain: <code>${head}</code>` : 'The log is empty.'}</p></footer>
</body>
</html>
`;
}
