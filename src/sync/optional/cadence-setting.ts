import { OPTIONAL_RESOURCES } from './registry.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
export const MIN_CADENCE_SECONDS = 60;
export const MAX_CADENCE_SECONDS = 30 * 86_400;

/** Thrown with the one-line reason a cadence list is unreadable. */
export class CadenceSyntaxError extends Error {}

/** `90`, `90s`, `15m`, `1h`, `2d` in seconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
}

/**
 * `HOSTAWAY_RESOURCE_CADENCES`: `name=duration` pairs separated by commas (`calendar=1h,reviews=6h`),
 * names from the registry, each between a minute and 30 days.
 */
export function parseCadences(text: string): Record<string, number> {
  const names = new Set(OPTIONAL_RESOURCES.map((r) => r.name));
  const cadences: Record<string, number> = {};
  for (const pair of text.split(',').map((p) => p.trim())) {
    if (pair === '') continue;
    const [name = '', value, ...rest] = pair.split('=').map((p) => p.trim());
    if (value === undefined || rest.length > 0)
      throw new CadenceSyntaxError(`"${pair}" is not name=duration (e.g. calendar=1h)`);
    if (!names.has(name))
      throw new CadenceSyntaxError(`unknown resource "${name}"; valid: ${[...names].join(', ')}`);
    const seconds = parseDuration(value);
    if (seconds === undefined)
      throw new CadenceSyntaxError(`${name}: "${value}" is not a duration (90s, 15m, 1h, 2d)`);
    if (seconds < MIN_CADENCE_SECONDS || seconds > MAX_CADENCE_SECONDS)
      throw new CadenceSyntaxError(`${name}: the cadence must be between 1m and 30d`);
    cadences[name] = seconds;
  }
  return cadences;
}
