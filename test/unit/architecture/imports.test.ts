// The shape the README promises, read from the real import graph: no import cycle between files, none between the folders of bot/, and bot/ using
// commands/ only where the bot is composed (the chat commands are registered there).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { botFolderGraph, cycles, importGraph } from './import-graph.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Where the bot is put together: the one file of bot/ that may import commands/. */
const COMPOSITION_ROOT = 'bot/compose.ts';

const graph = importGraph(ROOT);

/** The services: they return data (refusals as bot/contracts/refusals.ts), and commands word it. */
const SERVICE_FOLDERS = ['bot/proposals/', 'bot/decisions/', 'bot/pledges/', 'bot/links/'];
/**
 * Service files that send a message themselves (to a room, a member's direct message, or the instance), so they word
 * it: a service that refuses or answers a command returns data instead.
 */
const SENDS_MESSAGES: Record<string, string> = {
  'bot/proposals/open-poll.ts': 'posts the poll, its notice and the no-poll notices of encrypted rooms',
  'bot/proposals/notice-extras.ts': "the impact and linked-account lines of the poll's notice",
  'bot/proposals/close.ts': 'ends the polls and announces the result, a withdrawal or a cancel in every room',
  'bot/proposals/poll-end.ts': 'tells a room that a poll end by a non-staff member does not end the vote',
  'bot/proposals/remind.ts': 'posts the reminder before the deadline',
  'bot/proposals/room-turned-encrypted.ts': 'warns a room that turned encrypted while a vote is open there',
  'bot/decisions/apply.ts': 'tells the rooms that a decision is in force, and staff that applying failed',
  'bot/decisions/hook.ts': 'tells staff an approved decision awaits them, and everyone when it will be applied',
  'bot/decisions/capability.ts': 'tells staff of drift found by the periodic check',
  'bot/decisions/announce.ts': 'posts each result and application as a status on the instance (mastodon.announce)',
  'bot/pledges/hook.ts': 'announces released pledges and tells each pledger in a direct message',
  'bot/links/service.ts': 'posts the link code to the account as a direct status on the instance',
};

describe('the import graph of the product code', () => {
  it('is read: every folder has files, every relative import resolves to one', () => {
    expect(graph.size).toBeGreaterThan(150);
    const unresolved = [...graph].flatMap(([file, targets]) => targets.filter((t) => /^(bot|commands|governance|storage)\//.test(t) && !graph.has(t)).map((t) => `${file} -> ${t}`));
    expect(unresolved).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no cycle between the folders of bot/', () => {
    expect(cycles(botFolderGraph(graph))).toEqual([]);
  });

  it('bot/ imports commands/ only in the composition root', () => {
    const importers = [...graph].filter(([file, targets]) => file.startsWith('bot/') && targets.some((t) => t.startsWith('commands/'))).map(([file]) => file);
    expect(importers).toEqual([COMPOSITION_ROOT]);
  });

  it('services import bot/wording only where they send a message themselves', () => {
    const wording = [...graph]
      .filter(([file, targets]) => SERVICE_FOLDERS.some((folder) => file.startsWith(folder)) && targets.some((t) => t.startsWith('bot/wording/')))
      .map(([file]) => file)
      .sort();
    expect(wording).toEqual(Object.keys(SENDS_MESSAGES).sort());
  });

  it('finds a cycle and a folder cycle when there is one (the check can fail)', () => {
    const looped = new Map([['bot/a/x.ts', ['bot/b/y.ts']], ['bot/b/y.ts', ['bot/b/z.ts']], ['bot/b/z.ts', ['bot/a/w.ts']], ['bot/a/w.ts', []]]);
    expect(cycles(looped)).toEqual([]);
    expect(cycles(botFolderGraph(looped))).toEqual([['bot/a', 'bot/b']]);
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts']]);
  });
});
