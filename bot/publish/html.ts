// The decision log as one accessible HTML page, for readers first: what is blocked now, how decisions are made and
// how to take part, then every decision by proposal number. Readable on a phone; no scripts; every value escaped.
import type { HashedEntry } from '../../governance/log-entry.ts';
import { blockedNow } from './blocked-now.ts';
import { escapeXml as esc, type PublishContext } from './formats.ts';
import { decisionSection } from './html-decision.ts';
import { SPOILED_MEANING, UNREADABLE_MEANING } from './plain-words.ts';
import { foldLog, type PublishedDecision } from './views.ts';

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:52rem;padding:1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.3rem;margin:1.5rem 0 .5rem}h3{font-size:1.1rem;margin-bottom:.25rem}
.decision{border-top:1px solid #767676;padding:.75rem 0}
.outcome{font-weight:700}.approved{color:#0b6b2b}.rejected,.no_quorum{color:#8a1c1c}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}dt{font-weight:600}dd{margin:0}
.bar{display:block;width:100%;max-width:30rem;height:1.25rem}.key{display:inline-block;width:.8em;height:.8em;margin-right:.25em;vertical-align:-.05em;border-radius:2px}
.note,.small{font-size:.9rem;color:#444}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #c4c4c4}th{border-bottom:2px solid #767676}
a{color:#0645ad}
/* Hashes and room ids have no spaces: they may break anywhere, but only when they would not fit on a line. */
code,.rooms a{overflow-wrap:anywhere}td{overflow-wrap:break-word}.since{white-space:nowrap}
@media (max-width:40rem){
dl{grid-template-columns:1fr}dd{margin-bottom:.35rem}
thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
tr,td{display:block}tr{border-bottom:2px solid #767676;padding:.4rem 0}td{border:0;padding:.1rem 0}
td::before{content:attr(data-label) ": ";font-weight:600}td.domain::before{content:none}td.domain{font-weight:700}
}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#9cf}.approved{color:#7ddc95}.rejected,.no_quorum{color:#ff9b9b}.note,.small{color:#bbb}}
`;

const COLUMNS = ['Domain', 'Severity', 'Since', 'Reason', 'How'] as const;

function blockedNowTable(decisions: readonly PublishedDecision[]): string {
  const rows = blockedNow(decisions);
  const intro = '<h2 id="blocked-now">Blocked now</h2>';
  if (!rows.length) return `${intro}<p>No domain is blocked by a decision in this log.</p>`;
  const body = rows.map((r) => {
    const domain = r.obfuscated ? `${esc(r.domain)} <span class="small">(obfuscated; not in the CSV)</span>` : esc(r.domain);
    const origin = `${esc(r.origin)} <a href="#decision-${r.number}">Details</a>`;
    const cells = [domain, esc(r.severity), esc(r.since), esc(r.reason) || '—', origin];
    const classes = ['domain', '', 'since', '', ''];
    return `<tr id="block-${r.number}">${cells.map((c, i) => `<td${classes[i] ? ` class="${classes[i]}"` : ''} data-label="${COLUMNS[i]}">${c}</td>`).join('')}</tr>`;
  });
  const head = `<thead><tr>${COLUMNS.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>`;
  return `${intro}
<table aria-describedby="blocked-now-about">${head}<tbody>
${body.join('\n')}
</tbody></table>
<p id="blocked-now-about" class="small">Limited: the domain’s posts are hidden unless someone here follows its accounts (Mastodon’s “limit”). Suspended: no contact at all. A block covers the domain’s subdomains.</p>`;
}

function matrixTo(room: string): string {
  return `https://matrix.to/#/${encodeURIComponent(room)}`;
}

function takePart(ctx: PublishContext): string {
  const rooms = ctx.memberRooms ?? [];
  if (!rooms.length) return '';
  const prefix = esc(ctx.commandPrefix ?? '!moot');
  return `<h2 id="take-part">How to take part</h2>
<p>Decisions are proposed and voted on in ${rooms.length === 1 ? 'this Matrix room' : 'these Matrix rooms'}:</p>
<ul class="rooms">${rooms.map((r) => `<li><a href="${esc(matrixTo(r))}">${esc(r)}</a></li>`).join('')}</ul>
<p>Join, then write <code>${prefix} help</code> there. A member proposes with <code>${prefix} propose &lt;domain&gt; suspend</code> (or <code>limit</code>, or <code>lift</code>); the proposal opens a poll in every room. Who may vote is fixed when the poll opens: the people in the rooms at that moment, so joining later gives no vote on it.</p>`;
}

function howDecided(decisions: readonly PublishedDecision[]): string {
  const unreadable = decisions.some((d) => d.tally?.unreadable);
  return `<h2 id="how-decided">How votes are counted</h2>
<p>Each voter’s latest answer before the close counts, whether given in the poll or with a text command. Abstentions count toward the quorum (the minimum number of votes), not toward the threshold (the share of yes among yes and no). A proposal needs more yes than no votes, and each decision below says its rules in words.</p>
<dl><dt>Spoiled</dt><dd>${esc(SPOILED_MEANING)}.</dd>${unreadable ? `<dt>Unreadable</dt><dd>${esc(UNREADABLE_MEANING)}.</dd>` : ''}</dl>`;
}

function formats(): string {
  return `<p>The same log as <a href="decisions.json">JSON</a> (hash-chained: check it with <code>fedimoot verify-log</code>), an <a href="decisions.atom">Atom feed</a>, and a <a href="decisions.csv">Mastodon CSV</a> of the blocks in force, ready for Mastodon’s import. Blocks decided with obfuscation are left out of the CSV: this log never holds their real domain.</p>
<p id="feeds">For other servers and tools that follow these decisions: <a href="gotosocial.csv">a GoToSocial subscription list</a> (the suspensions, which is what GoToSocial keeps), <a href="domain_blocks.json">the blocks as Mastodon publishes its own</a> (for FediBlockHole), <a href="suspended.txt">a plain list of suspended domains</a>, and a <a href="fires">FIRES dataset</a> (<a href="fires/snapshot">snapshot</a>, <a href="fires/changes">changes</a>). Obfuscated blocks are left out of these too.</p>
`;
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
<p>Whom this community federates with, decided by its members in open votes and kept on the record.</p>
${formats()}
</header>
<main>
${blockedNowTable(decisions)}
${takePart(ctx)}
${howDecided(decisions)}
<h2 id="history">Every decision</h2>
<p class="small">By proposal number, newest first.</p>
${decisions.length ? decisions.map(decisionSection).join('\n') : '<p>No decisions yet.</p>'}
</main>
<footer><p class="small">${head ? `Head of the hash chain: <code>${head}</code>` : 'The log is empty.'}</p></footer>
</body>
</html>
`;
}
