import { z } from 'zod';
import { DAY_SECONDS, MINUTE_SECONDS, parseDurationSeconds } from '../durations.js';

export const MIN_CADENCE_SECONDS = MINUTE_SECONDS;
export const MAX_CADENCE_SECONDS = 30 * DAY_SECONDS;

/**
 * `HOSTAWAY_RESOURCE_CADENCES`: `name=duration` pairs separated by commas (`calendar=1h,reviews=6h`), each
 * between a minute and 30 days, in seconds by name. With `names` (the optional resources' registry) an
 * unknown name is refused too. Returns the one-line reason when the text is unreadable.
 */
export function parseCadences(text: string, names?: readonly string[]): Record<string, number> | string {
  const cadences: Record<string, number> = {};
  for (const pair of text.split(',').map((p) => p.trim())) {
    if (pair === '') continue;
    const [name = '', value, ...rest] = pair.split('=').map((p) => p.trim());
    if (value === undefined || rest.length > 0) return `"${pair}" is not name=duration (e.g. calendar=1h)`;
    if (names && !names.includes(name)) return `unknown resource "${name}"; valid: ${names.join(', ')}`;
    const seconds = parseDurationSeconds(value);
    if (seconds === undefined) return `${name}: "${value}" is not a duration (90s, 15m, 1h, 2d)`;
    if (seconds < MIN_CADENCE_SECONDS || seconds > MAX_CADENCE_SECONDS)
      return `${name}: the cadence must be between 1m and 30d`;
    cadences[name] = seconds;
  }
  return cadences;
}

/** The setting's value: seconds between two passes, by resource name. */
export const resourceCadences = (names?: readonly string[]) =>
  z
    .string()
    .transform((value, ctx) => {
      const parsed = parseCadences(value, names);
      if (typeof parsed !== 'string') return parsed;
      ctx.addIssue({ code: 'custom', message: parsed });
      return z.NEVER;
    })
    .default({});
