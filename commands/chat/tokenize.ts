// Splits a command line into words; quotes ("…", '…', “…”, «…») group words, a backslash escapes the next character.

const QUOTE_PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '„': '“', '«': '»', '‘': '’' };

export type TokenizeResult = { ok: true; words: string[] } | { ok: false; reason: string };

export function tokenize(line: string): TokenizeResult {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let closing: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (closing !== undefined) {
      if (ch === closing) closing = undefined;
      else current += ch;
    } else if (ch in QUOTE_PAIRS) {
      closing = QUOTE_PAIRS[ch];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (closing !== undefined) return { ok: false, reason: `a quote was opened but not closed (expected ${closing})` };
  if (inWord) words.push(current);
  return { ok: true, words };
}
