// The decision log as one accessible HTML page: readable on a phone, headings and lists, a vote bar drawn in SVG
// with the numbers in text beside it. Every value from the log is escaped.
import type { HashedEntry } from '../../governance/log-entry.ts';
import { escapeXml as esc, headline, type PublishContext } from './formats.ts';
import { ACTION_WORDS, foldLog, OUTCOME_WORDS, turnout, type PublishedDecision } from './views.ts';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-bottom:.25rem}
section{border-top:1px solid #767676;padding:.75rem 0}
.outcome{font-weight:700}.approved{color:#0b6b2b}.rejected,.no_quorum{color:#8a1c1c}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}dt{font-weight:600}dd{margin:0}
.bar{display:block;width:100%;max-width:30rem;height:1.25rem}
a{color:#0645ad}code{word-break:break-all}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#9cf}.approved{color:#7ddc95}.rejected,.no_quorum{color:#ff9b9b}}
`;

function voteBar(d: PublishedDecision): string {
  const t = d.tally;
  if (!t) return '';
  const total = t.yes + t.no + t.abstain;
  const label = `yes ${t.yes}, no ${t.no}, abstain ${t.abstain}`;
  if (total === 0) return `<p>No votes were cast.</p>`;
  let x = 0;
  const rect = (n: number, color: string, name: string) => {
    const w = (n / total) * 300;
    const out = n ? `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="20" fill="${color}"><title>${name} ${n}</title></rect>` : '';
    x += w;
    return out;
  };
  return `<svg class="bar" viewBox="0 0 300 20" preserveAspectRatio="none" role="img" aria-label="${esc(label)}">` +
    rect(t.yes, '#1b7f3b', 'yes') + rect(t.no, '#b3261e', 'no') + rect(t.abstain, '#6b6b6b', 'abstain') + '</svg>' +
    `<p class="votes">Yes ${t.yes} · No ${t.no} · Abstain ${t.abstain} · Spoiled ${t.spoiled}</p>`;
}

function decisionSection(d: PublishedDecision): string {
  const rows: [string, string][] = [['Action', esc(ACTION_WORDS[d.action]) + (d.rejectMedia ? ', reject media' : '') + (d.rejectReports ? ', reject reports' : '')]];
  if (d.obfuscated) rows.push(['Domain digest', `<code>${esc(d.domainDigest)}</code> (the domain is shown obfuscated)`]);
  const t = turnout(d);
  if (t) rows.push(['Turnout', esc(t)]);
  if (d.quorum && d.threshold) rows.push(['Rules', esc(`quorum ${d.quorum.minVoters} votes and ${d.quorum.minTurnoutPercent}%; threshold ${d.threshold}`)]);
  if (d.reason) rows.push(['Reason', esc(d.reason)]);
  if (d.evidence.length) rows.push(['Evidence', d.evidence.map((u) => `<a href="${esc(u)}" rel="nofollow noopener">${esc(u)}</a>`).join(', ')]);
  rows.push(['Proposed by', esc(d.proposer)]);
  if (d.openedAt) rows.push(['Opened', `<time datetime="${d.openedAt}">${esc(d.openedAt.replace('T', ' ').slice(0, 16))} UTC</time>`]);
  rows.push(['Closed', `<time datetime="${d.closedAt}">${esc(d.closedAt.replace('T', ' ').slice(0, 16))} UTC</time>`]);
  if (d.applied) rows.push(['Applied', `<time datetime="${d.applied.appliedAt}">${esc(d.applied.appliedAt.replace('T', ' ').slice(0, 16))} UTC</time>`]);
  if (d.supersedes !== null) rows.push(['Supersedes', `<a href="#decision-${d.supersedes}">proposal ${d.supersedes}</a>`]);
  if (d.supersededBy !== undefined) rows.push(['Superseded by', `<a href="#decision-${d.supersededBy}">proposal ${d.supersededBy}</a>`]);
  if (d.imported) rows.push(['Record', 'recorded from the instance’s existing blocks, not voted']);
  return `<section id="decision-${d.number}" aria-labelledby="decision-${d.number}-title">
<h2 id="decision-${d.number}-title">Proposal ${d.number}: ${esc(ACTION_WORDS[d.action])} ${esc(d.domain)} — <span class="outcome ${d.outcome}">${esc(OUTCOME_WORDS[d.outcome])}</span></h2>
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
