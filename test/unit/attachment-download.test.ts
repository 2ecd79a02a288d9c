import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  createAttachmentDownloader,
  type AttachmentDownloaderOptions,
  type DownloadSink,
} from '../../src/hostaway/attachment-download.js';
import type { ResolveAll } from '../../src/hostaway/guarded-agents.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/** A file host on loopback whose answers each test scripts, counting the requests per path. */
describe('attachment downloader (a file host on loopback)', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, Handler>();
  const hits = new Map<string, number>();
  const options: AttachmentDownloaderOptions = {
    concurrency: 2,
    perSecond: 1000,
    timeoutMs: 300,
    maxRetries: 2,
    retryBaseMs: 1,
    maxBytes: 100_000,
    userAgent: 'hostaway-sync-test',
    allowedHosts: ['127.0.0.1'],
  };
  const downloader = createAttachmentDownloader(options);
  /** A downloader with other settings, closed after `use`. */
  const withDownloader = async <T>(
    changes: Partial<AttachmentDownloaderOptions>,
    use: (d: typeof downloader) => Promise<T>,
  ) => {
    const other = createAttachmentDownloader({ ...options, ...changes });
    try {
      return await use(other);
    } finally {
      other.close();
    }
  };
  const route = (path: string, handler: Handler) => {
    routes.set(path, handler);
    return `${base}${path}`;
  };
  const sink = () => {
    const state = { chunks: [] as Buffer[], resets: 0 };
    const target: DownloadSink = {
      write: async (chunk) => void state.chunks.push(chunk),
      reset: async () => {
        state.resets += 1;
        state.chunks = [];
      },
    };
    return { state, target, bytes: () => Buffer.concat(state.chunks) };
  };
  const body = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(60_000, 7)]);
  const sha = createHash('sha256').update(body).digest('hex');

  before(async () => {
    server = createServer((req, res) => {
      const hit = (hits.get(req.url!) ?? 0) + 1;
      hits.set(req.url!, hit);
      routes.get(req.url!)?.(req, res, hit);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    downloader.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('retries 5xx and a reset connection, then hashes what it streams and tells its type by its bytes', async () => {
    const url = route('/flaky', (_req, res, hit) => {
      if (hit === 1) res.writeHead(503).end('busy');
      else if (hit === 2) res.socket?.destroy();
      else res.writeHead(200, { 'content-type': 'image/png; name=x' }).end(body);
    });
    const s = sink();
    const outcome = await downloader.download(url, s.target);
    assert.deepEqual(outcome, {
      kind: 'downloaded',
      sha256: sha,
      sizeBytes: body.length,
      mimeType: 'application/pdf',
      declaredMimeType: 'image/png',
    });
    assert.ok(s.bytes().equals(body));
    assert.equal(hits.get('/flaky'), 3);
    assert.equal(s.state.resets, 2, 'each failed attempt discards what it wrote');
  });

  it('refuses a file whose Content-Length is over the cap without reading it', async () => {
    const url = route('/declared', (_req, res) => {
      res.writeHead(200, { 'content-length': 200_000 });
      res.write(Buffer.alloc(1000));
    });
    const s = sink();
    const outcome = await downloader.download(url, s.target);
    assert.deepEqual(outcome, {
      kind: 'too-large',
      reason: '200000 bytes (Content-Length) exceed the 100000-byte limit',
      sizeBytes: 200_000,
    });
    assert.equal(s.bytes().length, 0);
  });

  it('stops reading a file without a length at the cap, and does not retry it', async () => {
    const url = route('/chunked', (_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16_384, 1);
      const timer = setInterval(() => res.write(chunk), 1);
      res.on('close', () => clearInterval(timer));
    });
    const s = sink();
    const outcome = await downloader.download(url, s.target);
    assert.equal(outcome.kind, 'too-large');
    assert.ok(outcome.kind === 'too-large' && outcome.sizeBytes > 100_000, 'the size seen is past the cap');
    assert.ok(s.bytes().length <= 100_000, `${s.bytes().length} bytes kept`);
    assert.equal(hits.get('/chunked'), 1);
  });

  it('403 and 410 are expired URLs, 404 a failure, neither retried', async () => {
    for (const [path, status] of [
      ['/gone', 410],
      ['/denied', 403],
      ['/missing', 404],
    ] as const) {
      const url = route(path, (_req, res) => res.writeHead(status).end());
      const outcome = await downloader.download(url, sink().target);
      assert.deepEqual(
        outcome,
        status === 404 ? { kind: 'failed', error: 'HTTP 404' } : { kind: 'expired', status },
      );
      assert.equal(hits.get(path), 1);
    }
  });

  it('a transfer that stalls times out and fails after its retries', async () => {
    const url = route('/stall', (_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(10));
    });
    const outcome = await downloader.download(url, sink().target);
    assert.equal(outcome.kind, 'failed');
    assert.match(outcome.kind === 'failed' ? outcome.error : '', /ETIMEDOUT|Timeout/i);
    assert.equal(hits.get('/stall'), 3, 'the first try and two retries');
  });

  it('fetches only https, or plain http to a listed host: nothing else is requested', async () => {
    const url = route('/secret', (_req, res) => res.writeHead(200).end('secret'));
    const loopbackHttps = url.replace('http://', 'https://');
    const outcomes = await withDownloader({ allowedHosts: [] }, async (d) => [
      await d.download(url, sink().target),
      await d.download(loopbackHttps, sink().target),
      await d.download('file:///etc/passwd', sink().target),
    ]);
    assert.deepEqual(outcomes, [
      {
        kind: 'blocked',
        reason: `plain http to ${new URL(url).host} (only https, or http to a host in HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS)`,
      },
      { kind: 'blocked', reason: '127.0.0.1 is a loopback address' },
      { kind: 'blocked', reason: 'file: URLs are not fetched' },
    ]);
    assert.equal(hits.get('/secret'), undefined);
  });

  it('refuses a name that resolves to an internal address, when connecting', async () => {
    const port = new URL(base).port;
    const answers: Record<string, string> = {
      'files.private.test': '10.1.2.3',
      'files.mapped.test': '::ffff:127.0.0.1',
      'files.link.test': '169.254.169.254',
      'files.ula.test': 'fd00::1',
    };
    const resolve: ResolveAll = (hostname, _options, callback) => {
      const address = answers[hostname] ?? '127.0.0.1';
      callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
    };
    const outcomes = await withDownloader({ allowedHosts: [], resolve }, async (d) => {
      const results: unknown[] = [];
      for (const host of Object.keys(answers))
        results.push(await d.download(`https://${host}:${port}/secret`, sink().target));
      return results;
    });
    assert.deepEqual(outcomes, [
      { kind: 'blocked', reason: 'files.private.test resolves to 10.1.2.3 is a private address' },
      { kind: 'blocked', reason: 'files.mapped.test resolves to ::ffff:127.0.0.1 is a loopback address' },
      { kind: 'blocked', reason: 'files.link.test resolves to 169.254.169.254 is a link-local address' },
      { kind: 'blocked', reason: 'files.ula.test resolves to fd00::1 is a unique-local address' },
    ]);
    // The real resolver: localhost is loopback.
    const viaDns = await withDownloader({ allowedHosts: [] }, (d) =>
      d.download(`https://localhost:${port}/secret`, sink().target),
    );
    assert.equal(viaDns.kind, 'blocked');
    assert.match(
      viaDns.kind === 'blocked' ? viaDns.reason : '',
      /^localhost resolves to .* loopback address$/,
    );
    assert.equal(hits.get('/secret'), undefined);
  });

  it('checks every redirect hop: a listed host redirecting to an internal one is refused', async () => {
    const port = new URL(base).port;
    route('/internal', (_req, res) => res.writeHead(200).end('{"clientSecret":"x"}'));
    const toHttp = route('/to-http', (_req, res) =>
      res.writeHead(302, { location: `http://localhost:${port}/internal` }).end(),
    );
    const toHttps = route('/to-https', (_req, res) =>
      res.writeHead(301, { location: `https://localhost:${port}/internal` }).end(),
    );
    const listed = { allowedHosts: [`127.0.0.1:${port}`] };
    const outcomes = await withDownloader(listed, async (d) => [
      await d.download(toHttp, sink().target),
      await d.download(toHttps, sink().target),
    ]);
    assert.equal(outcomes[0]!.kind, 'blocked');
    assert.match(
      outcomes[0]!.kind === 'blocked' ? outcomes[0]!.reason : '',
      new RegExp(`^plain http to localhost:${port} .*\\(redirect 1, to localhost:${port}\\)$`),
    );
    assert.equal(outcomes[1]!.kind, 'blocked');
    assert.match(
      outcomes[1]!.kind === 'blocked' ? outcomes[1]!.reason : '',
      /^localhost resolves to .* loopback address \(redirect 1, to localhost:\d+\)$/,
    );
    assert.equal(hits.get('/internal'), undefined);
  });

  it('follows a few redirects between allowed URLs, and no more than five', async () => {
    route('/final', (_req, res) => res.writeHead(200).end('hello'));
    const hop = route('/hop', (_req, res) => res.writeHead(307, { location: '/final' }).end());
    const loop = route('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const moved = await downloader.download(hop, sink().target);
    assert.equal(moved.kind, 'downloaded');
    assert.equal(moved.kind === 'downloaded' && moved.mimeType, 'text/plain');
    assert.equal(hits.get('/final'), 1);
    assert.deepEqual(await downloader.download(loop, sink().target), {
      kind: 'blocked',
      reason: 'more than 5 redirects',
    });
    assert.equal(hits.get('/loop'), 6, 'the URL and five redirects');
  });

  it('sends from the configured local address', async () => {
    const seen: string[] = [];
    const url = route('/from', (req, res) => {
      seen.push(String(req.socket.remoteAddress));
      res.writeHead(200).end('x');
    });
    const outcome = await withDownloader({ localAddress: '127.0.0.2' }, (d) =>
      d.download(url, sink().target),
    );
    assert.equal(outcome.kind, 'downloaded');
    assert.deepEqual(seen, ['127.0.0.2']);
  });
});
