// The web page, written for readers: what is blocked now, how votes count and how to take part, then each decision
// with its numbers, vote bar, rules in words, reasons, links and dates, in accessible markup.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../bot/publish/html.ts';
import { chain, decisionEntry, type HashedEntry } from '../../../governance/log-entry.ts';
import { domainDigest } from '../../../governance/domain.ts';
import { entriesOf } from '../../../bot/publish/log-writer.ts';
import { CTX, PUBLIC_URL, readerStore, sampleLog } from './publish-fixtures.ts';

const section = (html: string, n: number): string => {
  const start = html.indexOf(`<section class="decision" id="decision-${n}"`);
  expect(start, `section of decision ${n}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
};

describe('the decision log page', () => {
  const html = renderHtml(sampleLog(), CTX);

  it('is a document for phones and screen readers: language, viewport, headings, landmarks', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<h1>Federation decisions of example.social</h1>');
    expect(html).toMatch(/<main>[\s\S]*<\/main>/);
    expect(html.match(/<h2 id="[a-z-]+">/g)).toEqual(['<h2 id="blocked-now">', '<h2 id="how-decided">', '<h2 id="history">']);
    expect(html.match(/<h3 /g)).toHaveLength(7);
    expect(html).toContain('<link rel="alternate" type="application/atom+xml"');
  });

  it('shows a decision with its outcome, numbers, vote bar, reason, evidence and dates', () => {
    const s = section(html, 1);
    expect(s).toContain('<h3 id="decision-1-title">Proposal 1: Suspend threads.net — <span class="outcome approved">Approved</span></h3>');
    expect(s).toContain('<p>Proposal 1 (suspend threads.net): approved — yes 5 · no 1</p>');
    expect(s).toContain('<svg class="bar" viewBox="0 0 300 20" preserveAspectRatio="none" role="img" aria-label="yes 5, no 1, abstain 1">');
    // Widths in proportion: 5, 1 and 1 of 7 votes across 300 units.
    expect(s).toContain('<rect x="0.00" y="0" width="214.29" height="20" fill="#1b7f3b"><title>yes 5</title></rect>');
    expect(s).toContain('<rect x="214.29" y="0" width="42.86" height="20" fill="#b3261e"><title>no 1</title></rect>');
    expect(s).toContain('<rect x="257.14" y="0" width="42.86" height="20" fill="#6b6b6b"><title>abstain 1</title></rect>');
    expect(s).toMatch(/Yes 5 · .*No 1 · .*Abstain 1 · Spoiled 1<\/p>/);
    expect(s).toContain('<dt>Turnout</dt><dd>8 of 10 eligible voted (80%)</dd>');
    expect(s).toContain('<dt>Rules</dt><dd>Approved when at least 2 in 3 of the yes and no votes are yes, with at least 1 vote cast (yes, no or abstain).</dd>');
    expect(s).toContain('<dt>Reason</dt><dd>ads, &quot;tracking&quot;, and &lt;b&gt;more&lt;/b&gt;</dd>');
    expect(s).toContain(`<dt>Evidence</dt><dd><a href="${PUBLIC_URL}" rel="nofollow noopener noreferrer">${PUBLIC_URL}</a></dd>`);
    expect(s).toContain('<dt>Opened</dt><dd><time datetime="2025-06-01T12:00:00.000Z">2025-06-01 12:00 UTC</time></dd>');
    expect(s).toContain('<dt>Applied</dt><dd><time datetime="2025-06-01T12:00:05.000Z">2025-06-01 12:00 UTC</time></dd>');
  });

  it('links a lift and the block it supersedes both ways', () => {
    expect(section(html, 5)).toContain('<h3 id="decision-5-title">Proposal 5: Lift the block on lifted.example');
    expect(section(html, 5)).toContain('<dt>Supersedes</dt><dd><a href="#decision-4">proposal 4</a></dd>');
    expect(section(html, 4)).toContain('<dt>Superseded by</dt><dd><a href="#decision-5">proposal 5</a></dd>');
  });

  it('shows an obfuscated domain with the digest of the real one', () => {
    const s = section(html, 3);
    expect(s).toContain(`<code>${domainDigest('hidden.example')}</code>`);
    expect(s).not.toContain('hidden.example');
  });

  it('shows a withdrawn proposal without a vote bar', () => {
    const s = section(html, 7);
    expect(s).toContain('<span class="outcome withdrawn">Withdrawn</span>');
    expect(s).not.toContain('<svg');
  });

  it('lists decisions by proposal number, newest first, and names the head of the chain', () => {
    expect([...html.matchAll(/<section class="decision" id="decision-(\d+)"/g)].map((m) => Number(m[1]))).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(html).toMatch(/Head of the hash chain: <code>[0-9a-f]{64}<\/code>/);
  });

  it('links only web addresses, and escapes everything from the log', () => {
    const hostile = decisionEntry({
      number: 1, domain: 'x.example', action: 'suspend', rejectMedia: false, rejectReports: false, obfuscate: false,
      publicReason: '<script>alert(1)</script>', publicEvidence: ['javascript:alert(1)', 'https://ok.example/?a=1&b="2"'],
      proposer: '@<img src=x>:example.social', closedAt: 0, outcome: 'rejected', imported: false,
    }, []);
    const page = renderHtml([chain(hostile, undefined)] as HashedEntry[], CTX);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('<a href="https://ok.example/?a=1&amp;b=&quot;2&quot;"');
  });

  it('says so when there are no decisions yet', () => {
    expect(renderHtml([], CTX)).toContain('<p>No decisions yet.</p>');
    expect(renderHtml([], CTX)).toContain('<p>No domain is blocked by a decision in this log.</p>');
  });
});

describe('the page for readers', () => {
  const page = renderHtml(entriesOf(readerStore()), { ...CTX, memberRooms: ['#town-hall:example.social', '!abc:example.social'], commandPrefix: '!moot' });
  const rows = [...page.matchAll(/<tr id="block-\d+">(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]));

  it('shows the blocks in force in a table above the history, by domain', () => {
    expect(page.indexOf('<h2 id="blocked-now">Blocked now</h2>')).toBeLessThan(page.indexOf('<h2 id="history">'));
    expect(page).toContain('<thead><tr><th scope="col">Domain</th><th scope="col">Severity</th><th scope="col">Since</th><th scope="col">Reason</th><th scope="col">How</th></tr></thead>');
    expect(rows).toEqual([
      ['hidd**.****ple <span class="small">(obfuscated; not in the CSV)</span>', 'Suspended', '2025-06-01', 'see hidd**.****ple reports', 'By vote: proposal 3. <a href="#decision-3">Details</a>'],
      ['old.example', 'Limited', 'before 2025-06-01', 'manual', 'Recorded from the instance’s existing blocks on 2025-06-01; not voted here. <a href="#decision-8">Details</a>'],
      ['predating.example', 'Suspended', '2025-06-01', 'harassment', 'By vote: proposal 10. Before it, the domain was limited on the instance since 2024-03-01, by a block that predates fedimoot (not by a vote here). <a href="#decision-10">Details</a>'],
      ['silenced.example', 'Limited, media rejected', '2025-06-01', 'spam', 'By vote: proposal 6. <a href="#decision-6">Details</a>'],
      ['threads.net', 'Suspended', '2025-06-01', 'ads, &quot;tracking&quot;, and &lt;b&gt;more&lt;/b&gt;', 'By vote: proposal 1. <a href="#decision-1">Details</a>'],
    ]);
  });

  it('says an imported block plainly: recorded from the instance, not voted, with the instance’s comment', () => {
    const s = section(page, 8);
    expect(s).toContain('<h3 id="decision-8-title">Proposal 8: Limit old.example — <span class="outcome approved">Recorded, not voted</span></h3>');
    expect(s).toContain('<p>Recorded from the instance’s existing blocks on 2025-06-01; not voted here.</p>');
    expect(s).toContain('<dt>Instance’s comment</dt><dd>manual</dd>');
    expect(s).not.toContain('Proposed by');
    expect(s).not.toContain('fedimoot import');
  });

  it('gives the reason for a cancel', () => {
    expect(section(page, 9)).toContain('<p>Cancelled by staff, who gave the reason: duplicate of proposal 4</p>');
  });

  it('explains spoiled and unreadable votes where a tally shows them, and on the page', () => {
    const s = section(page, 11);
    expect(s).toContain('Spoiled 1 · Unreadable 2</p>');
    expect(s).toContain('<p class="note">Unreadable: an encrypted poll response the bot could not read; it counts as taking part, not as yes, no or abstain.</p>');
    expect(page).toContain('<dt>Spoiled</dt><dd>a vote whose latest answer was not one of the poll’s answers; it counts as taking part, not as yes, no or abstain.</dd>');
    expect(page).toContain('<dt>Unreadable</dt>');
    expect(renderHtml(sampleLog(), CTX)).not.toContain('<dt>Unreadable</dt>');
  });

  it('links each member room through matrix.to, and says how to propose', () => {
    expect(page).toContain('<ul class="rooms"><li><a href="https://matrix.to/#/%23town-hall%3Aexample.social">#town-hall:example.social</a></li><li><a href="https://matrix.to/#/!abc%3Aexample.social">!abc:example.social</a></li></ul>');
    expect(page).toContain('write <code>!moot help</code> there');
    expect(renderHtml(sampleLog(), CTX)).not.toContain('id="take-part"');
  });

  it('links every feed for other servers, and says obfuscated blocks are left out of them', () => {
    const feeds = /<p id="feeds">(.*)<\/p>/.exec(page)![1]!;
    expect([...feeds.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(['gotosocial.csv', 'domain_blocks.json', 'suspended.txt', 'fires', 'fires/snapshot', 'fires/changes']);
    expect(feeds).toContain('Obfuscated blocks are left out of these too.');
  });

  it('says the CSV leaves obfuscated blocks out', () => {
    expect(page).toContain('<a href="decisions.csv">Mastodon CSV</a> of the blocks in force, ready for Mastodon’s import. Blocks decided with obfuscation are left out of the CSV: this log never holds their real domain.');
  });
});
