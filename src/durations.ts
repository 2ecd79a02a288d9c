import prettyMilliseconds from 'pretty-ms';

/**
 * Durations, read and written in one place: `90s`, `30m`, `2h`, `1d` (or plain seconds) in, short human text
 * out (`23h 57m`, `1m 52s ago`, `in 4m`), and the units every other file counts in. A leaf: it imports no
 * other layer. Every name carries its unit.
 */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const MINUTE_SECONDS = 60;
export const HOUR_SECONDS = 60 * MINUTE_SECONDS;
export const DAY_SECONDS = 24 * HOUR_SECONDS;

const UNIT_MS: Record<string, number> = { s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };

/** `90`, `90s`, `15m`, `1h`, `2d` in milliseconds; undefined when it is not such a duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d{1,15})\s*([smhd]?)$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2] || 's']! : undefined;
}

/** The same durations in seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const ms = parseDurationMs(text);
  return ms === undefined ? undefined : ms / SECOND_MS;
}

/** `45s`, `1m 52s`, `23h 57m`, `2d 3h`: the two largest units, to the second. */
export function formatDuration(ms: number): string {
  if (ms < SECOND_MS) return '0s';
  return prettyMilliseconds(ms, { unitCount: 2, secondsDecimalDigits: 0 });
}

/** How long ago, or `never`. */
export function formatAgo(ms: number | null): string {
  return ms === null ? 'never' : `${formatDuration(Math.max(0, ms))} ago`;
}

/** How long until, or `now` once it is due. */
export function formatIn(ms: number): string {
  return ms < SECOND_MS ? 'now' : `in ${formatDuration(ms)}`;
}
