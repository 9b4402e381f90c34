// The log said in plain words: the rules of each vote, the odd counts, ended and imported decisions, and the
// "Blocked now" rows, which fold the log exactly as the CSV does.
import { describe, expect, it } from 'vitest';
import { blockedNow } from '../../../bot/publish/blocked-now.ts';
import { renderCsv } from '../../../bot/publish/formats.ts';
import { entriesOf } from '../../../bot/publish/log-writer.ts';
import { endedWords, quorumWords, rulesInWords, tallyNotes, thresholdWords } from '../../../bot/publish/plain-words.ts';
import { foldLog, type PublishedDecision } from '../../../bot/publish/views.ts';
import { readerStore } from './publish-fixtures.ts';
import { readMastodonImport } from './readers.ts';

const decisions = foldLog(entriesOf(readerStore()));
const byNumber = (n: number): PublishedDecision => decisions.find((d) => d.number === n)!;

describe('the rules in plain words', () => {
  it.each([
    ['2/3', 'at least 2 in 3 of the yes and no votes are yes'],
    ['3/4', 'at least 3 in 4 of the yes and no votes are yes'],
    ['60%', 'at least 60% of the yes and no votes are yes'],
    // More yes than no is required anyway, so a half or less says only that.
    ['1/2', 'there are more yes than no votes'],
    ['1/3', 'there are more yes than no votes'],
    ['40%', 'there are more yes than no votes'],
  ])('threshold %s: %s', (threshold, words) => {
    expect(thresholdWords(threshold)).toBe(words);
  });

  it('says the quorum in votes cast and in turnout of the eligible', () => {
    expect(quorumWords({ minVoters: 10, minTurnoutPercent: 25 }, 40)).toBe('at least 10 votes cast (yes, no or abstain) and votes cast by at least 25% of the 40 eligible');
    expect(quorumWords({ minVoters: 1, minTurnoutPercent: 0 }, 40)).toBe('at least 1 vote cast (yes, no or abstain)');
    expect(quorumWords({ minVoters: 0, minTurnoutPercent: 12.5 }, undefined)).toBe('votes cast by at least 12.5% of those eligible');
    expect(quorumWords({ minVoters: 0, minTurnoutPercent: 0 }, 3)).toBe('no minimum number of votes');
  });

  it('writes one sentence per counted decision, none for one without a vote', () => {
    expect(rulesInWords(byNumber(1))).toBe('Approved when at least 2 in 3 of the yes and no votes are yes, with at least 1 vote cast (yes, no or abstain).');
    expect(rulesInWords({ ...byNumber(1), quorum: { minVoters: 10, minTurnoutPercent: 25 }, tally: { ...byNumber(1).tally!, eligible: 40 } }))
      .toBe('Approved when at least 2 in 3 of the yes and no votes are yes, with at least 10 votes cast (yes, no or abstain) and votes cast by at least 25% of the 40 eligible.');
    expect(rulesInWords(byNumber(8))).toBeUndefined();
    expect(rulesInWords(byNumber(9))).toBeUndefined();
  });
});

describe('counts and endings explained', () => {
  it('explains spoiled and unreadable votes where a tally has them', () => {
    expect(tallyNotes(byNumber(11))).toEqual([
      'Spoiled: a vote whose latest answer was not one of the poll’s answers; it counts as taking part, not as yes, no or abstain.',
      'Unreadable: an encrypted poll response the bot could not read; it counts as taking part, not as yes, no or abstain.',
    ]);
    expect(tallyNotes({ ...byNumber(1), tally: { ...byNumber(1).tally!, spoiled: 0 } })).toEqual([]);
  });

  it('gives the reason staff gave for a cancel, and says plainly who withdrew', () => {
    expect(endedWords(byNumber(9))).toBe('Cancelled by staff, who gave the reason: duplicate of proposal 4');
    expect(endedWords({ ...byNumber(9), cancelReason: undefined })).toBe('Cancelled by staff, without a reason given; not counted.');
    expect(endedWords(byNumber(7))).toBe('Withdrawn by its proposer before the vote closed; not counted.');
    expect(endedWords(byNumber(1))).toBeUndefined();
  });
});

describe('Blocked now', () => {
  it('has one row per block in force, saying since when, why and how it came to be', () => {
    expect(blockedNow(decisions)).toEqual([
      { number: 3, domain: 'hidd**.****ple', obfuscated: true, severity: 'Suspended', since: '2025-06-01', reason: 'see hidd**.****ple reports', origin: 'By vote: proposal 3.' },
      { number: 8, domain: 'old.example', obfuscated: false, severity: 'Limited', since: 'before 2025-06-01', reason: 'manual', origin: 'Recorded from the instance’s existing blocks on 2025-06-01; not voted here.' },
      {
        number: 10, domain: 'predating.example', obfuscated: false, severity: 'Suspended', since: '2025-06-01', reason: 'harassment',
        origin: 'By vote: proposal 10. Before it, the domain was limited on the instance since 2024-03-01, by a block that predates fedimoot (not by a vote here).',
      },
      { number: 6, domain: 'silenced.example', obfuscated: false, severity: 'Limited, media rejected', since: '2025-06-01', reason: 'spam', origin: 'By vote: proposal 6.' },
      { number: 1, domain: 'threads.net', obfuscated: false, severity: 'Suspended', since: '2025-06-01', reason: 'ads, "tracking", and <b>more</b>', origin: 'By vote: proposal 1.' },
    ]);
  });

  it('agrees with the CSV: the same blocks, but for the obfuscated one the CSV leaves out', () => {
    const csv = readMastodonImport(renderCsv(entriesOf(readerStore())));
    const shown = blockedNow(decisions).filter((r) => !r.obfuscated);
    expect(csv.map((r) => r.domain)).toEqual(shown.map((r) => r.domain));
    expect(csv.map((r) => r.severity)).toEqual(shown.map((r) => (r.severity.startsWith('Limited') ? 'silence' : 'suspend')));
  });
});
