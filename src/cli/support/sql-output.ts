import stringWidth from 'string-width';
import type { TextQueryResult } from '../../db/queries/read-only-query.js';

/** Type OIDs whose text is a number (int2, int4, int8, oid, float4, float8, numeric). */
const NUMERIC_TYPES = new Set([21, 23, 20, 26, 700, 701, 1700]);
const BOOL = 16;
const JSON_TYPES = new Set([114, 3802]);
const TIMESTAMP_TYPES = new Set([1114, 1184]);
const MAX_CELL = 80;

/** The rows as JSON objects: numbers, booleans and JSON as such, everything else as PostgreSQL's text. */
export function toJsonRows(result: TextQueryResult): Record<string, unknown>[] {
  const names = uniqueNames(result.fields.map((f) => f.name));
  return result.rows.map((row) =>
    Object.fromEntries(row.map((value, i) => [names[i]!, toJsonValue(value, result.fields[i]!.typeId)])),
  );
}

/** `count`, `count` → `count`, `count_2`: JSON objects cannot repeat a key. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
}

/** The rows as CSV (RFC 4180) with a header line: NULL as an empty field, timestamps as ISO 8601. */
export function toCsv(result: TextQueryResult): string {
  const field = (value: string | null) =>
    value === null || !/[",\r\n]/.test(value) ? (value ?? '') : `"${value.replaceAll('"', '""')}"`;
  const line = (values: (string | null)[]) => `${values.map(field).join(',')}\r\n`;
  const rows = result.rows.map((row) =>
    line(row.map((value, i) => (value === null ? null : toIsoTimestamp(value, result.fields[i]!.typeId)))),
  );
  return line(result.fields.map((f) => f.name)) + rows.join('');
}

/** `2026-12-07 03:42:37.241+00` (PostgreSQL's text) → `2026-12-07T03:42:37.241+00:00`; other types unchanged. */
function toIsoTimestamp(value: string, typeId: number): string {
  if (!TIMESTAMP_TYPES.has(typeId) || !/^\d{4}-\d\d-\d\d \d/.test(value)) return value;
  return value
    .replace(' ', 'T')
    .replace(
      /([+-]\d\d)(?::?(\d\d))?(?::?(\d\d))?$/,
      (_, h: string, m?: string, sec?: string) => `${h}:${m ?? '00'}${sec ? `:${sec}` : ''}`,
    );
}

function toJsonValue(value: string | null, typeId: number): unknown {
  if (value === null) return null;
  if (TIMESTAMP_TYPES.has(typeId)) return toIsoTimestamp(value, typeId);
  if (typeId === BOOL) return value === 't';
  if (JSON_TYPES.has(typeId)) return JSON.parse(value) as unknown;
  if (NUMERIC_TYPES.has(typeId)) {
    // Beyond 2^53 (or NaN/Infinity) a JSON number would lie: keep the exact text.
    const number = Number(value);
    return Number.isFinite(number) && Math.abs(number) <= Number.MAX_SAFE_INTEGER ? number : value;
  }
  return value;
}

export interface FormattedTable {
  text: string;
  /** Some value was longer than a cell and was cut. */
  truncated: boolean;
}

/** A psql-like table: NULL as empty, numbers right-aligned, line breaks shown as ↵, long values cut. */
export function formatResultTable(result: TextQueryResult): FormattedTable {
  let truncated = false;
  const cells = result.rows.map((row) =>
    row.map((value) => {
      const flat = (value ?? '').replace(/\r?\n/g, '↵');
      if (flat.length <= MAX_CELL) return flat;
      truncated = true;
      return `${flat.slice(0, MAX_CELL - 1)}…`;
    }),
  );
  const headers = result.fields.map((f) => f.name);
  const right = result.fields.map((f) => NUMERIC_TYPES.has(f.typeId));
  const widths = headers.map((h, i) => Math.max(stringWidth(h), ...cells.map((row) => stringWidth(row[i]!))));
  const pad = (cell: string, width: number) => ' '.repeat(Math.max(0, width - stringWidth(cell)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (right[i] ? pad(cell, widths[i]!) + cell : cell + pad(cell, widths[i]!)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return { text: [line(headers), rule, ...cells.map(line)].join('\n') + '\n', truncated };
}
