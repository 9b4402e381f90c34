// Durations as people write them in chat and config: "7d", "36h", "90m", "45s", or combined "1d12h"; "1y" is 365
// days (a review date a year on need not follow leap years).

const UNIT_MS = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export type DurationResult = { ok: true; ms: number } | { ok: false; reason: string };

export const DURATION_HINT = 'write a duration like 7d, 36h, 90m or 1d12h';

export function parseDuration(input: string): DurationResult {
  const text = input.trim().toLowerCase();
  const match = DURATION_RE.exec(text);
  if (text === '' || !match) return { ok: false, reason: `"${input}" is not a duration; ${DURATION_HINT}` };
  const [, y, w, d, h, m, s] = match;
  const ms =
    Number(y ?? 0) * UNIT_MS.y +
    Number(w ?? 0) * UNIT_MS.w +
    Number(d ?? 0) * UNIT_MS.d +
    Number(h ?? 0) * UNIT_MS.h +
    Number(m ?? 0) * UNIT_MS.m +
    Number(s ?? 0) * UNIT_MS.s;
  if (!Number.isSafeInteger(ms)) return { ok: false, reason: `"${input}" is too long` };
  return { ok: true, ms };
}

/** The shortest exact spelling of a duration, e.g. 129600000 → "1d12h". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * UNIT_MS[unit];
  }
  return out || `${ms}ms`;
}
