import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  fuzzIterations,
  fuzzSeed,
  heapAfterGc,
  installCrashGuard,
  mib,
  picker,
} from '../helpers/fuzz-harness.js';
import { rawExchange, requestHead } from '../helpers/fuzz-raw-http.js';
import {
  DOCUMENTED_WEBHOOK_STATUSES,
  FUZZ_WEBHOOK_AUTH as AUTH,
  startFuzzWebhookListener,
} from '../helpers/fuzz-webhook-listener.js';
import { basic, metricValue } from '../helpers/webhook.js';

/** Answers the listener documents, plus node:http's own 400/408/431 for broken requests. */
const DOCUMENTED = new Set([...DOCUMENTED_WEBHOOK_STATUSES, 408, 431]);
const ACCOUNT = 10001;
const PATH = '/webhooks/hostaway';

const guard = installCrashGuard();
let hook: Awaited<ReturnType<typeof startFuzzWebhookListener>>;
let port: number;

before(async () => {
  hook = await startFuzzWebhookListener(ACCOUNT, 4, {
    maxBodyBytes: 64 * 1024,
    requestTimeoutMs: 1_500,
    headersTimeoutMs: 1_000,
    authThrottle: { maxFailures: 1_000_000, windowMs: 60_000 },
  });
  port = Number(new URL(hook.url).port);
});
after(async () => {
  await hook.close();
  guard.dispose();
});

const event = (id: number) =>
  JSON.stringify({
    event: 'reservation.updated',
    accountId: ACCOUNT,
    data: { id, listingMapId: 1, updatedOn: '2026-01-01 00:00:00' },
  });
const BODY = event(900000001);
const len = (body: string) => String(Buffer.byteLength(body));

/** [name, chunks, options] — each a way a client can abuse the request line, headers or framing. */
const CASES: [string, (string | Buffer)[], { gapMs?: number; end?: boolean; waitMs?: number }][] = [
  ['no authorization', [requestHead('POST', PATH, [['content-length', len(BODY)]]), BODY], {}],
  [
    'duplicate authorization',
    [
      requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['authorization', basic('x', 'y')],
        ['content-length', len(BODY)],
      ]),
      BODY,
    ],
    {},
  ],
  [
    'huge authorization',
    [
      requestHead('POST', PATH, [
        ['authorization', `Basic ${'A'.repeat(40_000)}`],
        ['content-length', len(BODY)],
      ]),
      BODY,
    ],
    {},
  ],
  [
    'authorization of 15 KiB',
    [
      requestHead('POST', PATH, [
        ['authorization', `Basic ${'QQ'.repeat(7_500)}`],
        ['content-length', len(BODY)],
      ]),
      BODY,
    ],
    {},
  ],
  [
    'bad content-type',
    [
      requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['content-type', 'multipart/form-data; boundary=\u00ff'],
        ['content-length', len(BODY)],
      ]),
      BODY,
    ],
    {},
  ],
  [
    'content-length larger than the body, then half-close',
    [
      requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['content-length', '5000'],
      ]),
      BODY,
    ],
    { end: true },
  ],
  [
    'content-length larger than the body, then silence',
    [
      requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['content-length', '5000'],
      ]),
      BODY,
    ],
    { waitMs: 4_000 },
  ],
  [
    'content-length smaller than the body',
    [
      requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['content-length', '10'],
      ]),
      BODY,
    ],
    { end: true },
  ],
  ['negative content-length', [requestHead('POST', PATH, [['content-length', '-1']]), BODY], {}],
  ['non-numeric content-length', [requestHead('POST', PATH, [['content-length', '12abc']]), BODY], {}],
  [
    'two different content-lengths',
    [
      requestHead('POST', PATH, [
        ['content-length', '3'],
        ['content-length', '4'],
      ]),
      'abcd',
    ],
    {},
  ],
  [
    'content-length with chunked',
    [
      requestHead('POST', PATH, [
        ['content-length', '4'],
        ['transfer-encoding', 'chunked'],
      ]),
      '4\r\nabcd\r\n0\r\n\r\n',
    ],
    {},
  ],
  [
    'chunked garbage',
    [
      requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['transfer-encoding', 'chunked'],
      ]),
      'zz\r\nnot a chunk\r\n',
    ],
    { end: true },
  ],
  [
    'chunked, huge chunk size',
    [requestHead('POST', PATH, [['transfer-encoding', 'chunked']]), 'ffffffffffffffff\r\nab'],
    { end: true },
  ],
  [
    'chunked, body over the limit',
    [
      requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['transfer-encoding', 'chunked'],
      ]),
      ...Array.from({ length: 20 }, () => `1000\r\n${'x'.repeat(4096)}\r\n`),
      '0\r\n\r\n',
    ],
    {},
  ],
  [
    'slowloris body',
    [
      requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['content-length', len(BODY)],
      ]),
      BODY.slice(0, 10),
    ],
    { waitMs: 4_500 },
  ],
  ['slowloris headers', ['POST /webhooks/hostaway HTTP/1.1\r\nx-a: 1\r\n'], { waitMs: 4_500 }],
  [
    'bytes trickled one by one',
    [...requestHead('POST', PATH, [['content-length', '2']]).split(''), '{}'],
    { gapMs: 1 },
  ],
  [
    'NUL in a header value',
    [
      requestHead('POST', PATH, [
        ['authorization', 'Basic \u0000'],
        ['content-length', '2'],
      ]),
      '{}',
    ],
    {},
  ],
  [
    'newline injection in a header',
    [`POST ${PATH} HTTP/1.1\r\nauthorization: Basic a\nb\r\ncontent-length: 2\r\n\r\n{}`],
    {},
  ],
  ['garbage request line', ['\u0000\u00ff GARBAGE\r\n\r\n'], {}],
  ['HTTP/0.9 style', ['GET /\r\n'], { end: true }],
  [
    'absolute-form URL',
    [requestHead('POST', `http://evil.example${PATH}`, [['content-length', '2']]), '{}'],
    {},
  ],
  [
    'very long URL',
    [requestHead('POST', `${PATH}?${'a'.repeat(20_000)}`, [['content-length', '2']]), '{}'],
    {},
  ],
  [
    'pipelined requests',
    [
      `${requestHead('POST', PATH, [
        ['authorization', AUTH],
        ['content-length', len(BODY)],
      ])}${BODY}${requestHead('GET', '/health', [])}`,
    ],
    { waitMs: 1_000 },
  ],
];

describe('fuzz: headers and framing over raw sockets', () => {
  it('answers each abuse with a documented status (or closes), never 5xx, and keeps serving', async () => {
    const heapBefore = heapAfterGc();
    const results = await Promise.all(CASES.map(([, chunks, options]) => rawExchange(port, chunks, options)));
    CASES.forEach(([name], i) => {
      for (const status of results[i]!.statuses) assert.ok(DOCUMENTED.has(status), `${name}: ${status}`);
    });
    if (process.env.FUZZ_DEBUG)
      CASES.forEach(([name], i) =>
        console.log(name, JSON.stringify(results[i]!.text.slice(0, 300)), results[i]!.closed),
      );
    const byName = new Map(CASES.map(([name], i) => [name, results[i]!]));
    assert.deepEqual(byName.get('huge authorization')!.statuses, [431]);
    assert.deepEqual(byName.get('slowloris body')!.statuses, [408]);
    assert.deepEqual(byName.get('chunked, body over the limit')!.statuses, [413]);
    assert.deepEqual(byName.get('pipelined requests')!.statuses, [200, 200]);
    const { random } = fuzzSeed('webhook headers');
    const p = picker(random);
    const iterations = fuzzIterations(200, 0.1);
    const quick = CASES.filter(([, , o]) => !o.waitMs);
    for (let i = 0; i < iterations; i += 10) {
      const batch = Array.from({ length: Math.min(10, iterations - i) }, () => {
        const [name, chunks] = p.pick(quick);
        const cut = chunks.map((c) =>
          typeof c === 'string' && p.chance(0.3) ? c.slice(0, p.int(0, c.length)) : c,
        );
        const noise = p.chance(0.3) ? [p.bytes(p.int(1, 64))] : [];
        return rawExchange(port, [...cut, ...noise], { end: p.chance(0.5), waitMs: 500 }).then(
          ({ statuses }) => {
            for (const status of statuses) assert.ok(DOCUMENTED.has(status), `${name} (mutated): ${status}`);
          },
        );
      });
      await Promise.all(batch);
    }
    const health = await fetch(`${hook.url}/health`);
    assert.equal(health.status, 200);
    const ok = await fetch(`${hook.url}${PATH}`, {
      method: 'POST',
      headers: { authorization: AUTH },
      body: event(900000002),
    });
    assert.equal(ok.status, 200);
    const metrics = await (await fetch(`${hook.url}/metrics`)).text();
    for (const code of ['500', '502', '503'])
      assert.equal(
        metricValue(metrics, 'hostaway_webhook_requests_total', `route="webhook",code="${code}"`),
        0,
        code,
      );
    const heapAfter = heapAfterGc();
    console.log(
      `${CASES.length} cases + ${iterations} mutations; heap ${mib(heapBefore)} → ${mib(heapAfter)}`,
    );
    assert.ok(heapAfter - heapBefore < 64 * 1024 * 1024);
    guard.check();
  });
});
