/**
 * A key template: the keys of a Hostaway object in response order, each with the JSON types observed in
 * the real API ('integer', 'number', 'string', 'datetime', 'date', 'null', 'array', 'object', joined by '|').
 */
export type KeyTemplate = Readonly<Record<string, string>>;

export type HostawayRecord = Record<string, unknown>;

/** A key template from `name:types` pairs in response order, separated by white space. */
export function keyTemplate(pairs: string): KeyTemplate {
  return Object.fromEntries(
    pairs
      .trim()
      .split(/\s+/)
      .map((pair) => pair.split(':') as [string, string]),
  );
}

const blanks = new WeakMap<KeyTemplate, HostawayRecord>();

/**
 * An object with every template key set to null. Made by JSON.parse so V8 gives it fast properties; a
 * spread copy keeps them (objects built key by key with computed names fall into slow dictionary mode,
 * which made generation several times slower and heavier).
 */
function blankOf(template: KeyTemplate): HostawayRecord {
  let blank = blanks.get(template);
  if (blank === undefined) {
    blank = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.keys(template).map((key) => [key, null]))),
    ) as HostawayRecord;
    blanks.set(template, blank);
  }
  return blank;
}

/**
 * Builds an object with exactly the template's keys in template order from one or more parts (later parts
 * win). Keys no part sets stay null; a key the template does not know is a programming error and throws.
 * Pass parts separately rather than spreading them into one literal: a literal with spreads gets slow
 * dictionary properties too.
 */
export function buildFromTemplate(template: KeyTemplate, ...parts: HostawayRecord[]): HostawayRecord {
  const blank = blankOf(template);
  const out: HostawayRecord = { ...blank };
  for (const part of parts) {
    for (const key in part) {
      if (!(key in blank)) throw new Error(`simulator: key ${key} is not in the template`);
      const value = part[key];
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}

const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The template type names a JSON value satisfies (a whole number satisfies both 'integer' and 'number'). */
export function jsonTypesOf(value: unknown): string[] {
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  if (typeof value === 'string') {
    if (DATETIME.test(value)) return ['datetime', 'string'];
    if (DATE.test(value)) return ['date', 'string'];
    return ['string'];
  }
  if (typeof value === 'boolean') return ['boolean'];
  return ['object'];
}

/** True when `value` has one of the types listed in `spec` (e.g. 'datetime|null'). */
export function matchesTemplateType(spec: string, value: unknown): boolean {
  const allowed = spec.split('|');
  return jsonTypesOf(value).some((type) => allowed.includes(type));
}
