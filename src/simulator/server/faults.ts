import { SimulatorInputError } from '../core/errors.js';
import type { FaultSpec } from '../core/types.js';

const KINDS: readonly FaultSpec['kind'][] = [
  '429',
  '500',
  '502',
  '503',
  'slow',
  '403',
  'truncated',
  'reset',
  'non-json',
  'body',
  'status',
  'empty',
  'short-page',
];

interface QueuedFault {
  spec: FaultSpec;
  /** Uses left; Infinity until cleared. */
  remaining: number;
}

/**
 * FIFO of scripted faults; each applies to the next `count` API requests (or every one until cleared)
 * whose path and account match.
 */
export interface FaultQueue {
  add(spec: FaultSpec): void;
  clear(): void;
  /** The fault to apply to a request, consuming one use; undefined when none matches. */
  take(path: string, accountId: number | undefined): FaultSpec | undefined;
  readonly pending: number;
}

export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null) throw new SimulatorInputError('a fault must be an object');
  const spec = input as Record<string, unknown>;
  const kind = String(spec['kind']);
  if (!(KINDS as readonly string[]).includes(kind))
    throw new SimulatorInputError(`unknown fault kind ${kind}; use one of ${KINDS.join(', ')}`);
  const out: FaultSpec = { kind: kind as FaultSpec['kind'] };
  for (const key of ['count', 'retryAfterSeconds', 'delayMs', 'limit', 'accountId'] as const) {
    const value = spec[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new SimulatorInputError(`fault ${key} must be a non-negative integer`);
    }
    out[key] = value;
  }
  parseBodyFault(spec, out);
  if (out.kind === 'status' && out.status === undefined)
    throw new SimulatorInputError('a status fault needs status');
  if (out.kind === 'short-page' && !out.limit)
    throw new SimulatorInputError('a short-page fault needs limit');
  for (const key of ['pathPrefix', 'path'] as const) {
    const value = spec[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new SimulatorInputError(`fault ${key} must be a string`);
    out[key] = value;
  }
  const untilCleared = spec['untilCleared'];
  if (untilCleared !== undefined && untilCleared !== null) {
    if (typeof untilCleared !== 'boolean')
      throw new SimulatorInputError('fault untilCleared must be a boolean');
    out.untilCleared = untilCleared;
  }
  return out;
}

/** True when `path` has as many segments as `pattern` and each one equals it or fills a ':name' slot. */
function matchesPattern(pattern: string, path: string): boolean {
  const expected = pattern.split('/');
  const actual = path.split('/');
  return (
    expected.length === actual.length &&
    expected.every((part, index) => (part.startsWith(':') ? actual[index] !== '' : part === actual[index]))
  );
}

function applies(spec: FaultSpec, path: string, accountId: number | undefined): boolean {
  if (spec.accountId !== undefined && spec.accountId !== accountId) return false;
  if (spec.path !== undefined && !matchesPattern(spec.path, path)) return false;
  return path.startsWith(spec.pathPrefix ?? '');
}

/** `body` faults: the text to serve verbatim, its status (100-599) and content type. */
function parseBodyFault(spec: Record<string, unknown>, out: FaultSpec): void {
  const { body, status, contentType } = spec;
  if (out.kind === 'body' && typeof body !== 'string')
    throw new SimulatorInputError('fault body must be a string');
  if (typeof body === 'string') out.body = body;
  if (status !== undefined && status !== null) {
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
      throw new SimulatorInputError('fault status must be an HTTP status code (100-599)');
    out.status = status;
  }
  if (contentType !== undefined && contentType !== null) {
    if (typeof contentType !== 'string') throw new SimulatorInputError('fault contentType must be a string');
    out.contentType = contentType;
  }
}

export function createFaultQueue(): FaultQueue {
  let queue: QueuedFault[] = [];
  return {
    add(spec) {
      const parsed = parseFaultSpec(spec);
      const count = parsed.untilCleared === true ? Infinity : (parsed.count ?? 1);
      if (count > 0) queue.push({ spec: parsed, remaining: count });
    },
    clear() {
      queue = [];
    },
    take(path, accountId) {
      const index = queue.findIndex((fault) => applies(fault.spec, path, accountId));
      const fault = queue[index];
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining === 0) queue.splice(index, 1);
      return fault.spec;
    },
    get pending() {
      return queue.reduce((sum, fault) => sum + fault.remaining, 0);
    },
  };
}
