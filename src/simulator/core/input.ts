import { SimulatorInputError } from './errors.js';

export type Body = Record<string, unknown>;

export const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON object's text ('' reads as {}); undefined for invalid JSON or another value. */
export function parseJsonObject(text: string): Body | undefined {
  try {
    const parsed: unknown = JSON.parse(text.trim() === '' ? '{}' : text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const isInteger = (value: unknown): value is number => Number.isSafeInteger(value);
const KINDS = {
  'a string': (value: unknown): value is string => typeof value === 'string',
  'a boolean': (value: unknown): value is boolean => typeof value === 'boolean',
  'an object': isObject,
  'a non-negative integer': (value: unknown): value is number => isInteger(value) && value >= 0,
  'a positive integer': (value: unknown): value is number => isInteger(value) && value > 0,
  '0 or 1': (value: unknown): value is 0 | 1 => value === 0 || value === 1,
  'an HTTP status code (100-599)': (value: unknown): value is number =>
    isInteger(value) && value >= 100 && value <= 599,
};
type Kind = keyof typeof KINDS;
type Of<K extends Kind> = (typeof KINDS)[K] extends (value: unknown) => value is infer T ? T : never;

/**
 * The fields of `body` that `kinds` names, each left out when absent (undefined or null) and checked
 * otherwise: a field of another kind throws "`what` `key` must be `kind`".
 */
export function pickFields<S extends Record<string, Kind>>(
  body: Body,
  kinds: S,
  what: string,
): { [K in keyof S]?: Of<S[K]> } {
  const out: Body = {};
  for (const [key, kind] of Object.entries(kinds)) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (!KINDS[kind](value)) throw new SimulatorInputError(`${what} ${key} must be ${kind}`);
    out[key] = value;
  }
  return out as { [K in keyof S]?: Of<S[K]> };
}
