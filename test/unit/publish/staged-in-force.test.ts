// A staged decision whose second stage was applied stands at that stage's severity in every public form: the CSV,
// the feeds and the FIRES changes read the same fold, so none of them may keep showing the first stage.
import { describe, expect, it } from 'vitest';
import { stageEntry } from '../../../governance/stage-entry.ts';
import { renderGoToSocialCsv, renderPlainList } from '../../../bot/publish/feeds.ts';
import { renderFiresChanges } from '../../../bot/publish/fires.ts';
import { renderCsv } from '../../../bot/publish/formats.ts';
import { appendEntry, entriesOf } from '../../../bot/publish/log-writer.ts';
import { memoryStore, T0 } from '../storage/storage-fixtures.ts';
import { CTX, decide } from './publish-fixtures.ts';

const INFO = { base: CTX.baseUrl!, title: CTX.title, publisher: CTX.publisher };

describe('a second stage applied', () => {
  it('turns the limit of stage one into a suspension everywhere, with a FIRES change of its own', () => {
    const store = memoryStore();
    const id = decide(store, { domain: 'staged.example', action: 'limit', publicReason: 'spam' });
    const before = entriesOf(store);
    expect(renderCsv(before)).toContain('staged.example,silence');
    expect(renderPlainList(before)).toBe('');

    appendEntry(store, id, stageEntry(id, 'suspend', T0 + 90_000, { mastodonBlockId: 'b-stage' }));
    const after = entriesOf(store);
    expect(renderCsv(after)).toContain('staged.example,suspend');
    expect(renderCsv(after)).not.toContain('staged.example,silence');
    expect(renderGoToSocialCsv(after)).toContain('staged.example,suspend');
    expect(renderPlainList(after)).toBe('staged.example\n');
    const changes = (JSON.parse(renderFiresChanges(after, INFO, 'all')) as { orderedItems: { entityKey: string; recommendedPolicy: string; published: string }[] }).orderedItems;
    expect(changes.map((c) => [c.entityKey, c.recommendedPolicy])).toEqual([['staged.example', 'filter'], ['staged.example', 'drop']]);
    expect(changes[1]!.published).toBe(new Date(T0 + 90_000).toISOString());
  });

  it('a superseded stage changes nothing', () => {
    const store = memoryStore();
    const id = decide(store, { domain: 'staged.example', action: 'limit' });
    appendEntry(store, id, stageEntry(id, 'suspend', T0 + 90_000, { supersededBy: 99 }));
    expect(renderCsv(entriesOf(store))).toContain('staged.example,silence');
  });
});
