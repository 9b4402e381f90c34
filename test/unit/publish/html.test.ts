// The web page: each decision with its numbers, vote bar, reasons, links and dates, in accessible markup.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../bot/publish/html.ts';
import { chain, decisionEntry, type HashedEntry } from '../../../governance/log-entry.ts';
import { domainDigest } from '../../../governance/domain.ts';
import { CTX, PUBLIC_URL, sampleLog } from './publish-fixtures.ts';

const section = (html: string, n: number): string => {
  const start = html.indexOf(`<section id="decision-${n}"`);
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
    expect(html.match(/<h2 /g)).toHaveLength(7);
    expect(html).toContain('<link rel="alternate" type="application/atom+xml"');
  });

  it('shows a decision with its outcome, numbers, vote bar, reason, evidence and dates', () => {
    const s = section(html, 1);
    expect(s).toContain('<h2 id="decision-1-title">Proposal 1: Suspend threads.net — <span class="outcome approved">Approved</span></h2>');
    expect(s).toContain('<p>Proposal 1 (suspend threads.net): approved — yes 5 · no 1</p>');
    expect(s).toContain('<svg class="bar" viewBox="0 0 300 20" preserveAspectRatio="none" role="img" aria-label="yes 5, no 1, abstain 1">');
    // Widths in proportion: 5, 1 and 1 of 7 votes across 300 units.
    expect(s).toContain('<rect x="0.00" y="0" width="214.29" height="20" fill="#1b7f3b"><title>yes 5</title></rect>');
    expect(s).toContain('<rect x="214.29" y="0" width="42.86" height="20" fill="#b3261e"><title>no 1</title></rect>');
    expect(s).toContain('<rect x="257.14" y="0" width="42.86" height="20" fill="#6b6b6b"><title>abstain 1</title></rect>');
    expect(s).toMatch(/Yes 5 · .*No 1 · .*Abstain 1 · Spoiled 1<\/p>/);
    expect(s).toContain('<dt>Turnout</dt><dd>8 of 10 eligible voted (80%)</dd>');
    expect(s).toContain('<dt>Rules</dt><dd>quorum 1 votes and 0%; threshold 2/3</dd>');
    expect(s).toContain('<dt>Reason</dt><dd>ads, &quot;tracking&quot;, and &lt;b&gt;more&lt;/b&gt;</dd>');
    expect(s).toContain(`<dt>Evidence</dt><dd><a href="${PUBLIC_URL}" rel="nofollow noopener noreferrer">${PUBLIC_URL}</a></dd>`);
    expect(s).toContain('<dt>Opened</dt><dd><time datetime="2025-06-01T12:00:00.000Z">2025-06-01 12:00 UTC</time></dd>');
    expect(s).toContain('<dt>Applied</dt><dd><time datetime="2025-06-01T12:00:05.000Z">2025-06-01 12:00 UTC</time></dd>');
  });

  it('links a lift and the block it supersedes both ways', () => {
    expect(section(html, 5)).toContain('<h2 id="decision-5-title">Proposal 5: Lift the block on lifted.example');
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

  it('lists the newest decision first and names the head of the chain', () => {
    expect(html.indexOf('id="decision-7"')).toBeLessThan(html.indexOf('id="decision-1"'));
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
  });
});
