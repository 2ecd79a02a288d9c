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
];

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

/** FIFO of scripted faults; each applies to the next `count` API requests whose path matches. */
export interface FaultQueue {
  add(spec: FaultSpec): void;
  clear(): void;
  /** The fault to apply to a request for `path`, consuming one use; undefined when none matches. */
  take(path: string): FaultSpec | undefined;
  readonly pending: number;
}

export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null) throw new SimulatorInputError('a fault must be an object');
  const spec = input as Record<string, unknown>;
  const kind = String(spec['kind']);
  if (!(KINDS as readonly string[]).includes(kind))
    throw new SimulatorInputError(`unknown fault kind ${kind}; use one of ${KINDS.join(', ')}`);
  const out: FaultSpec = { kind: kind as FaultSpec['kind'] };
  for (const key of ['count', 'retryAfterSeconds', 'delayMs'] as const) {
    const value = spec[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new SimulatorInputError(`fault ${key} must be a non-negative integer`);
    }
    out[key] = value;
  }
  parseBodyFault(spec, out);
  const prefix = spec['pathPrefix'];
  if (prefix !== undefined && prefix !== null) {
    if (typeof prefix !== 'string') throw new SimulatorInputError('fault pathPrefix must be a string');
    out.pathPrefix = prefix;
  }
  return out;
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
      const count = parsed.count ?? 1;
      if (count > 0) queue.push({ spec: parsed, remaining: count });
    },
    clear() {
      queue = [];
    },
    take(path) {
      const index = queue.findIndex((fault) => path.startsWith(fault.spec.pathPrefix ?? ''));
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
