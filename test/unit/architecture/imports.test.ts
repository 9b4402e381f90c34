// The shape the README promises, read from the real import graph: no import cycle between files, none between the folders of bot/, and bot/ using
// commands/ only where the bot is composed (the chat commands are registered there).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { botFolderGraph, cycles, importGraph } from './import-graph.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Where the bot is put together: the one file of bot/ that may import commands/. */
const COMPOSITION_ROOT = 'bot/app.ts';

const graph = importGraph(ROOT);

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

  it('finds a cycle and a folder cycle when there is one (the check can fail)', () => {
    const looped = new Map([['bot/a/x.ts', ['bot/b/y.ts']], ['bot/b/y.ts', ['bot/b/z.ts']], ['bot/b/z.ts', ['bot/a/w.ts']], ['bot/a/w.ts', []]]);
    expect(cycles(looped)).toEqual([]);
    expect(cycles(botFolderGraph(looped))).toEqual([['bot/a', 'bot/b']]);
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts']]);
  });
});
