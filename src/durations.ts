import prettyMilliseconds from 'pretty-ms';

/**
 * Durations, read and written in one place: `90s`, `30m`, `2h`, `1d` (or plain seconds) in, short human text
 * out (`23h 57m`, `1m 52s ago`, `in 4m`). A leaf: it imports no other layer.
 */
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90`, `90s`, `15m`, `1h`, `2d` in milliseconds; undefined when it is not such a duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d{1,15})\s*([smhd]?)$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2] || 's']! : undefined;
}

/** `45s`, `1m 52s`, `23h 57m`, `2d 3h`: the two largest units, to the second. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return '0s';
  return prettyMilliseconds(ms, { unitCount: 2, secondsDecimalDigits: 0 });
}

/** How long ago, or `never`. */
export function formatAgo(ms: number | null): string {
  return ms === null ? 'never' : `${formatDuration(Math.max(0, ms))} ago`;
}

/** How long until, or `now` once it is due. */
export function formatIn(ms: number): string {
  return ms < 1_000 ? 'now' : `in ${formatDuration(ms)}`;
}
