import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAttachmentDownloader, type DownloadSink } from '../../src/hostaway/attachment-download.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/** A file host on loopback whose answers each test scripts, counting the requests per path. */
describe('attachment downloader (a file host on loopback)', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, Handler>();
  const hits = new Map<string, number>();
  const downloader = createAttachmentDownloader({
    concurrency: 2,
    perSecond: 1000,
    timeoutMs: 300,
    maxRetries: 2,
    retryBaseMs: 1,
    maxBytes: 100_000,
    userAgent: 'hostaway-sync-test',
  });
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
  const body = Buffer.alloc(60_000, 7);
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

  it('retries 5xx and a reset connection, then hashes what it streams', async () => {
    const url = route('/flaky', (_req, res, hit) => {
      if (hit === 1) res.writeHead(503).end('busy');
      else if (hit === 2) res.socket?.destroy();
      else res.writeHead(200, { 'content-type': 'application/pdf; name=x' }).end(body);
    });
    const s = sink();
    const outcome = await downloader.download(url, s.target);
    assert.deepEqual(outcome, {
      kind: 'downloaded',
      sha256: sha,
      sizeBytes: body.length,
      mimeType: 'application/pdf',
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
});
