import type { Picker } from './fuzz-harness.js';

/** Real delivery shapes (hostaway-api.md §6.2): flat `data` and the nested `payload.data` variant. */
export function seedBodies(accountId: number): Record<string, unknown>[] {
  return [
    {
      object: 'reservation',
      event: 'reservation.created',
      accountId,
      data: {
        id: 49264388,
        listingMapId: 218666,
        listingName: '100 Example Ave',
        channelId: 2018,
        guestName: 'Guest',
        status: 'pending',
        arrivalDate: '2025-11-21',
        departureDate: '2025-11-23',
        nights: 2,
        totalPrice: 696.67,
        updatedOn: '2025-10-25 15:30:19',
      },
    },
    {
      object: 'conversationMessage',
      event: 'message.received',
      accountId,
      data: {
        id: 340127415,
        accountId,
        listingMapId: 218666,
        reservationId: 49264388,
        conversationId: 35460020,
        body: "Hi, can't wait to enjoy our stay at your home.",
        isIncoming: 1,
        date: '2025-10-25 15:30:19',
        status: 'sent',
      },
    },
    {
      object: 'reservation',
      event: 'reservation.updated',
      accountId,
      payload: {
        data: {
          id: 48464658,
          listingMapId: 218666,
          guestName: 'Test Guest',
          status: 'modified',
          updatedOn: '2025-10-26 08:00:00',
        },
      },
    },
    { data: 'test' },
  ];
}

export const BODY_KINDS = [
  'random-bytes',
  'mutated',
  'huge-number',
  'deep-nesting',
  'wrong-types',
  'invalid-utf8',
  'nul',
  'lone-surrogate',
  'oversized',
] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  '',
  'test',
  '12abc',
  ' 42 ',
  '9'.repeat(400),
  [],
  {},
  [1, 2],
  { id: 1 },
  'reservation.updated',
  'message.received',
  '\u0000',
  '\ud800',
  '2025-13-45 99:99:99',
];
const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '1e999999',
  '9'.repeat(5000),
  '1e-999999',
  '0.' + '0'.repeat(20000) + '1',
];

/** Replaces one value somewhere inside `value` (objects and arrays walked at random). */
function mutate(value: unknown, p: Picker, depth = 0): unknown {
  if (depth > 0 && (p.chance(0.35) || typeof value !== 'object' || value === null))
    return p.pick(HOSTILE_VALUES);
  if (Array.isArray(value))
    return value.length === 0
      ? [p.pick(HOSTILE_VALUES)]
      : value.map((v) => (p.chance(0.5) ? mutate(v, p, depth + 1) : v));
  if (typeof value !== 'object' || value === null) return p.pick(HOSTILE_VALUES);
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const action = p.int(0, 3);
  const key = keys.length > 0 ? p.pick(keys) : 'data';
  if (action === 0) delete copy[key];
  else if (action === 1)
    copy[p.pick(['__proto__', 'constructor', 'toString', 'x', 'eventType'])] = p.pick(HOSTILE_VALUES);
  else copy[key] = mutate(copy[key], p, depth + 1);
  return copy;
}

const deep = (levels: number, open: string, close: string) =>
  open.repeat(levels) + '1' + close.repeat(levels);

/** Splices raw JSON text into a seed body in place of one of its values. */
function withRawValue(seed: Record<string, unknown>, raw: string, p: Picker): string {
  const marker = '"__RAW__"';
  const target = p.pick(['id', 'accountId', 'listingMapId', 'updatedOn', 'guestName', 'body']);
  const copy = structuredClone(seed);
  const data = (copy.data ?? (copy.payload as Record<string, unknown> | undefined)?.data) as
    Record<string, unknown> | undefined;
  if (target === 'accountId' || typeof data !== 'object' || data === null) copy.accountId = '__RAW__';
  else data[target] = '__RAW__';
  return JSON.stringify(copy).replace(marker, raw);
}

/** One hostile body of `kind`, derived from `seeds` where the kind is a mutation. */
export function hostileBody(
  kind: BodyKind,
  seeds: Record<string, unknown>[],
  p: Picker,
  maxBodyBytes: number,
): Buffer {
  const seed = p.pick(seeds);
  switch (kind) {
    case 'random-bytes':
      return p.bytes(p.int(0, 600));
    case 'mutated': {
      let body: unknown = seed;
      for (let i = p.int(1, 4); i > 0; i -= 1) body = mutate(body, p);
      return Buffer.from(JSON.stringify(body));
    }
    case 'huge-number':
      return Buffer.from(withRawValue(seed, p.pick(HUGE_NUMBERS), p));
    case 'deep-nesting': {
      const levels = p.pick([64, 1_000, 10_000, 100_000]);
      const raw = p.chance(0.5) ? deep(levels, '[', ']') : deep(levels, '{"a":', '}');
      return Buffer.from(p.chance(0.3) ? raw : withRawValue(seed, raw, p));
    }
    case 'wrong-types':
      return Buffer.from(JSON.stringify(mutate(mutate(seed, p), p)));
    case 'invalid-utf8': {
      const text = Buffer.from(JSON.stringify(seed));
      const bad = p.pick([
        [0xff],
        [0xc3, 0x28],
        [0xed, 0xa0, 0x80],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0xe2, 0x82],
      ]);
      const at = p.int(0, text.length);
      return Buffer.concat([text.subarray(0, at), Buffer.from(bad), text.subarray(at)]);
    }
    case 'nul':
      return p.chance(0.5)
        ? Buffer.from(withRawValue(seed, p.pick(['"a\\u0000b"', '"\\u0000"']), p))
        : Buffer.concat([Buffer.from(JSON.stringify(seed)), Buffer.from([0])]);
    case 'lone-surrogate':
      return Buffer.from(withRawValue(seed, p.pick(['"\\ud800"', '"x\\udfff"', '"\\udc00\\ud800"']), p));
    case 'oversized': {
      const size = p.pick([maxBodyBytes - 64, maxBodyBytes + 1, maxBodyBytes * 3]);
      return Buffer.from(withRawValue(seed, JSON.stringify('x'.repeat(Math.max(0, size))), p));
    }
  }
}
