// What stays on the staff side: private comments, private evidence, who voted how, and obfuscated domains never
// appear in any published form, nor in the policy room's rules.
import { describe, expect, it } from 'vitest';
import { renderAtom, renderCsv, renderJson, renderMarkdown } from '../../../bot/publish/formats.ts';
import { renderGoToSocialCsv, renderMastodonJson, renderPlainList } from '../../../bot/publish/feeds.ts';
import { renderFiresChanges, renderFiresDataset, renderFiresSnapshot } from '../../../bot/publish/fires.ts';
import { renderHtml } from '../../../bot/publish/html.ts';
import { entriesOf } from '../../../bot/publish/log-writer.ts';
import { wantedRules } from '../../../bot/publish/policy-room.ts';
import { CTX, PRIVATE_COMMENT, PRIVATE_URL, PUBLIC_URL, sampleStore, VOTER } from './publish-fixtures.ts';

const INFO = { base: CTX.baseUrl!, title: CTX.title, publisher: CTX.publisher };

describe('the published log never shows', () => {
  const store = sampleStore();
  const entries = entriesOf(store);
  const forms: [string, string][] = [
    ['JSON', renderJson(entries, CTX)],
    ['CSV', renderCsv(entries)],
    ['Atom', renderAtom(entries, CTX)],
    ['Markdown', renderMarkdown(entries, CTX)],
    ['HTML', renderHtml(entries, CTX)],
    ['policy rules', JSON.stringify([...wantedRules(store)])],
    ['GoToSocial CSV', renderGoToSocialCsv(entries)],
    ['Mastodon JSON', renderMastodonJson(entries)],
    ['plain list', renderPlainList(entries)],
    ['FIRES dataset', renderFiresDataset(entries, INFO)],
    ['FIRES snapshot', renderFiresSnapshot(entries, INFO)],
    ['FIRES changes', renderFiresChanges(entries, INFO, 'all')],
  ];

  it('the fixture holds the secrets it is meant to (so the checks below mean something)', () => {
    expect(store.proposals.get(1)!.privateComment).toBe(PRIVATE_COMMENT);
    expect(store.proposals.evidence(1).map((e) => e.url)).toContain(PRIVATE_URL);
    expect(store.votes.votesFor(1).map((v) => v.voter)).toContain(VOTER);
    expect(renderHtml(entries, CTX)).toContain(PUBLIC_URL);
  });

  it.each(forms)('a private comment, private evidence or a voter, in %s', (_form, text) => {
    expect(text).not.toContain(PRIVATE_COMMENT);
    expect(text).not.toContain(PRIVATE_URL);
    expect(text).not.toContain(VOTER);
  });

  it.each(forms)('the real name of an obfuscated domain, in %s', (_form, text) => {
    expect(text).not.toContain('hidden.example');
  });
});
