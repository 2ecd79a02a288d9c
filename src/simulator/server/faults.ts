import { SimulatorInputError } from '../core/errors.js';
import { isObject, pickFields } from '../core/input.js';
import type { FaultSpec } from '../core/types.js';

export const FAULT_KINDS = [
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
] as const;

interface QueuedFault {
  spec: FaultSpec;
  /** Uses left; Infinity until cleared. */
  remaining: number;
}

const count = 'a non-negative integer';
/** A fault's optional fields and their kinds. */
const FIELDS = {
  count,
  retryAfterSeconds: count,
  delayMs: count,
  limit: count,
  accountId: count,
  pathPrefix: 'a string',
  path: 'a string',
  untilCleared: 'a boolean',
  body: 'a string',
  status: 'an HTTP status code (100-599)',
  contentType: 'a string',
} as const;

export function parseFaultSpec(input: unknown): FaultSpec {
  if (!isObject(input)) throw new SimulatorInputError('a fault must be an object');
  const kind = String(input['kind']);
  if (!(FAULT_KINDS as readonly string[]).includes(kind))
    throw new SimulatorInputError(`unknown fault kind ${kind}; use one of ${FAULT_KINDS.join(', ')}`);
  const out: FaultSpec = { kind: kind as FaultSpec['kind'], ...pickFields(input, FIELDS, 'fault') };
  if (out.kind === 'body' && out.body === undefined) throw new SimulatorInputError('a body fault needs body');
  if (out.kind === 'status' && out.status === undefined)
    throw new SimulatorInputError('a status fault needs status');
  if (out.kind === 'short-page' && !out.limit)
    throw new SimulatorInputError('a short-page fault needs limit');
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

/**
 * FIFO of scripted faults; each applies to the next `count` API requests (or every one until cleared)
 * whose path and account match.
 */
export function createFaultQueue() {
  let queue: QueuedFault[] = [];
  return {
    add(spec: FaultSpec) {
      const parsed = parseFaultSpec(spec);
      const count = parsed.untilCleared === true ? Infinity : (parsed.count ?? 1);
      if (count > 0) queue.push({ spec: parsed, remaining: count });
    },
    clear() {
      queue = [];
    },
    /** The fault to apply to a request, consuming one use; undefined when none matches. */
    take(path: string, accountId: number | undefined): FaultSpec | undefined {
      const index = queue.findIndex((fault) => applies(fault.spec, path, accountId));
      const fault = queue[index];
      if (fault === undefined) return undefined;
      fault.remaining -= 1;
      if (fault.remaining === 0) queue.splice(index, 1);
      return fault.spec;
    },
  };
}
