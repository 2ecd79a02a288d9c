import { setTimeout as delay } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import type { Response } from 'got';
import PQueue from 'p-queue';
import { createGuardedAgents, type ResolveAll } from './guarded-agents.js';
import { lazyGot } from './lazy-got.js';
import { backoffDelayMs, isRetryableStatus } from './retry-policy.js';
import { sniffMimeType, SNIFF_BYTES } from './sniff-mime.js';
import { refusedUrlReason } from './url-policy.js';

/**
 * Downloads of message attachment files (`attachments[].url`). These are file URLs, not the API: no token,
 * not counted in Hostaway's rate budget, so they get their own small queue (concurrency and requests per
 * second), timeouts and retries. The URLs come from payloads, so they are untrusted: see url-policy.ts.
 */
export interface AttachmentDownloaderOptions {
  /** Files downloaded at once. */
  concurrency: number;
  /** Downloads started per second. */
  perSecond: number;
  /** No response, or no bytes for this long: the attempt fails (a slow but moving download goes on). */
  timeoutMs: number;
  /** Retries of one download on 5xx, 408/429, resets and timeouts. */
  maxRetries: number;
  retryBaseMs: number;
  /** Bytes one file may have; past it the download stops and is refused. */
  maxBytes: number;
  userAgent: string;
  localAddress?: string | undefined;
  /** Hosts reachable over plain http and at internal addresses (HOSTAWAY_ATTACHMENT_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** DNS resolution (tests); default node:dns. */
  resolve?: ResolveAll | undefined;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Where the bytes go while they arrive; `reset` discards them before a retry. */
export interface DownloadSink {
  write(chunk: Buffer): Promise<void>;
  reset(): Promise<void>;
}

export type DownloadOutcome =
  /** `mimeType` sniffed from the first bytes; `declaredMimeType` the server's Content-Type. */
  | {
      kind: 'downloaded';
      sha256: string;
      sizeBytes: number;
      mimeType: string | null;
      declaredMimeType: string | null;
    }
  /** Larger than the cap: `sizeBytes` its Content-Length, or the bytes read when reading stopped. */
  | { kind: 'too-large'; reason: string; sizeBytes: number }
  /** 403/410: a private URL past its expiry (or its signature refused); a fresh URL may work. */
  | { kind: 'expired'; status: number }
  /** The URL, or one it redirects to, is not one to fetch (scheme, internal address, redirect loop). */
  | { kind: 'blocked'; reason: string }
  | { kind: 'failed'; error: string };

export interface AttachmentDownloader {
  download(url: string, sink: DownloadSink): Promise<DownloadOutcome>;
  close(): void;
}

/** Redirects followed for one file; each hop is checked like the first URL. */
export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

class TooLarge extends Error {
  constructor(readonly sizeBytes: number) {
    super('too large');
  }
}

export function createAttachmentDownloader(options: AttachmentDownloaderOptions): AttachmentDownloader {
  const agents = createGuardedAgents({
    maxSockets: options.concurrency,
    localAddress: options.localAddress,
    allowedHosts: options.allowedHosts,
    resolve: options.resolve,
  });
  const load = lazyGot({
    timeout: { response: options.timeoutMs, socket: options.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    decompress: false,
    agent: agents,
    headers: { 'user-agent': options.userAgent },
  });
  const queue = new PQueue({
    concurrency: options.concurrency,
    intervalCap: options.perSecond,
    interval: 1000,
  });
  const sleep = options.sleep ?? delay;
  const timing = { baseMs: options.retryBaseMs, rateLimitBackoffMs: 0, random: options.random };

  /** One attempt, following redirects itself so that each hop's URL and address are checked. */
  async function attempt(url: string, sink: DownloadSink): Promise<DownloadOutcome | { retry: string }> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return { kind: 'blocked', reason: 'not a valid URL' };
    }
    for (let hop = 0; ; hop += 1) {
      const where = hop === 0 ? '' : ` (redirect ${hop}, to ${target.host})`;
      const refused = refusedUrlReason(target, options.allowedHosts);
      if (refused !== undefined) return { kind: 'blocked', reason: `${refused}${where}` };
      const outcome = await fetchOne(target, sink, where);
      if (!('redirect' in outcome)) return outcome;
      if (hop >= MAX_REDIRECTS) return { kind: 'blocked', reason: `more than ${MAX_REDIRECTS} redirects` };
      target = outcome.redirect;
    }
  }

  async function fetchOne(
    target: URL,
    sink: DownloadSink,
    where: string,
  ): Promise<DownloadOutcome | { retry: string } | { redirect: URL }> {
    const { client, RequestError } = await load();
    const stream = client.stream(target);
    try {
      const response = await new Promise<Response>((resolve, reject) => {
        stream.once('response', resolve);
        stream.once('error', reject);
      });
      const status = response.statusCode;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location !== undefined) {
        const next = URL.canParse(location, target.href) ? new URL(location, target) : undefined;
        return next === undefined
          ? { kind: 'failed', error: `HTTP ${status} to a bad Location` }
          : { redirect: next };
      }
      if (status === 403 || status === 410) return { kind: 'expired', status };
      if (status < 200 || status > 299) {
        const error = `HTTP ${status}`;
        return isRetryableStatus(status) ? { retry: error } : { kind: 'failed', error };
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes)
        return {
          kind: 'too-large',
          reason: `${declared} bytes (Content-Length) exceed the ${options.maxBytes}-byte limit`,
          sizeBytes: declared,
        };
      return await receive(stream as AsyncIterable<Buffer>, sink, response);
    } catch (error) {
      if (error instanceof TooLarge)
        return {
          kind: 'too-large',
          reason: `more than the ${options.maxBytes}-byte limit; stopped reading at it`,
          sizeBytes: error.sizeBytes,
        };
      if (error instanceof RequestError && error.code === 'ERR_BLOCKED_ADDRESS')
        return { kind: 'blocked', reason: `${(error.cause as Error).message}${where}` };
      if (error instanceof RequestError) return { retry: `${error.code ?? error.name}: ${error.message}` };
      throw error;
    } finally {
      stream.destroy();
    }
  }

  /** Streams the body into the sink, hashing it and keeping its first bytes to tell its type. */
  async function receive(body: AsyncIterable<Buffer>, sink: DownloadSink, response: Response) {
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      if (size < SNIFF_BYTES) head.push(chunk.subarray(0, SNIFF_BYTES - size));
      size += chunk.length;
      if (size > options.maxBytes) throw new TooLarge(size);
      hash.update(chunk);
      await sink.write(chunk);
    }
    return {
      kind: 'downloaded' as const,
      sha256: hash.digest('hex'),
      sizeBytes: size,
      mimeType: await sniffMimeType(Buffer.concat(head)),
      declaredMimeType: response.headers['content-type']?.split(';')[0]?.trim() || null,
    };
  }

  async function download(url: string, sink: DownloadSink): Promise<DownloadOutcome> {
    for (let retry = 0; ; retry += 1) {
      const outcome = await attempt(url, sink);
      if (!('retry' in outcome)) return outcome;
      await sink.reset();
      if (retry >= options.maxRetries) return { kind: 'failed', error: outcome.retry };
      await sleep(backoffDelayMs(retry, timing));
    }
  }

  return {
    download: (url, sink) => queue.add(() => download(url, sink)),
    close() {
      queue.clear();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
