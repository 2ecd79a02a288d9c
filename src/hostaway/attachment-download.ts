import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { got, RequestError, type Got, type Response } from 'got';
import PQueue from 'p-queue';
import { backoffDelayMs, isRetryableStatus } from './retry-policy.js';

/**
 * Downloads of message attachment files (`attachments[].url`). These are file URLs, not the API: no token,
 * not counted in Hostaway's rate budget, so they get their own small queue (concurrency and requests per
 * second), timeouts and retries.
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
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** Where the bytes go while they arrive; `reset` discards them before a retry. */
export interface DownloadSink {
  write(chunk: Buffer): Promise<void>;
  reset(): Promise<void>;
}

export type DownloadOutcome =
  | { kind: 'downloaded'; sha256: string; sizeBytes: number; mimeType: string | null }
  /** The file is larger than the cap (by its Content-Length, or by the bytes read up to the cap). */
  | { kind: 'too-large'; reason: string }
  /** 403/410: a private URL past its expiry (or its signature refused); a fresh URL may work. */
  | { kind: 'expired'; status: number }
  | { kind: 'failed'; error: string };

export interface AttachmentDownloader {
  download(url: string, sink: DownloadSink): Promise<DownloadOutcome>;
  close(): void;
}

class TooLarge extends Error {}

export function createAttachmentDownloader(options: AttachmentDownloaderOptions): AttachmentDownloader {
  const agents = {
    http: new http.Agent({
      keepAlive: true,
      maxSockets: options.concurrency,
      localAddress: options.localAddress,
    }),
    https: new https.Agent({
      keepAlive: true,
      maxSockets: options.concurrency,
      localAddress: options.localAddress,
    }),
  };
  const client: Got = got.extend({
    timeout: { response: options.timeoutMs, socket: options.timeoutMs },
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: true,
    decompress: false,
    agent: agents,
    headers: { 'user-agent': options.userAgent },
  });
  const queue = new PQueue({
    concurrency: options.concurrency,
    intervalCap: options.perSecond,
    interval: 1000,
  });
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timing = { baseMs: options.retryBaseMs, rateLimitBackoffMs: 0, random: options.random };

  async function attempt(url: string, sink: DownloadSink): Promise<DownloadOutcome | { retry: string }> {
    const stream = client.stream(url);
    try {
      const response = await new Promise<Response>((resolve, reject) => {
        stream.once('response', resolve);
        stream.once('error', reject);
      });
      const status = response.statusCode;
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
        };
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > options.maxBytes) throw new TooLarge();
        hash.update(chunk);
        await sink.write(chunk);
      }
      const mimeType = response.headers['content-type']?.split(';')[0]?.trim() || null;
      return { kind: 'downloaded', sha256: hash.digest('hex'), sizeBytes: size, mimeType };
    } catch (error) {
      if (error instanceof TooLarge)
        return {
          kind: 'too-large',
          reason: `more than the ${options.maxBytes}-byte limit; stopped reading at it`,
        };
      if (error instanceof RequestError) return { retry: `${error.code ?? error.name}: ${error.message}` };
      throw error;
    } finally {
      stream.destroy();
    }
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
