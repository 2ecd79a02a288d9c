import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { SimulatorState } from '../core/state.js';
import { attachmentChunks } from '../data/attachment-bytes.js';
import { checkUrl, type FileAddress } from '../data/attachment-urls.js';
import { attachmentsOf } from '../data/attachments.js';
import { threadMessages } from '../data/threads.js';
import type { StoredAttachment } from '../further/store.js';

export const FILES_PREFIX = '/files/';

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function parseAddress(pathname: string): FileAddress | undefined {
  const match = /^\/files\/(\d{1,12})\/(\d{1,12})\/(\d{1,12})\/(\d{1,12})\/([^/]+)$/.exec(pathname);
  if (match === null) return undefined;
  const [, accountId, conversationId, messageId, attachmentId, name] = match;
  try {
    return {
      accountId: Number(accountId),
      conversationId: Number(conversationId),
      messageId: Number(messageId),
      attachmentId: Number(attachmentId),
      name: decodeURIComponent(name ?? ''),
    };
  } catch {
    return undefined;
  }
}

function findAttachment(state: SimulatorState, address: FileAddress): StoredAttachment | undefined {
  const data = state.findAccount(address.accountId);
  if (data === undefined) return undefined;
  const message = threadMessages(data, address.conversationId)?.find((m) => m['id'] === address.messageId);
  if (message === undefined) return undefined;
  return attachmentsOf(state.resources, data, message).find(
    (a) => a.object['id'] === address.attachmentId && a.object['name'] === address.name,
  );
}

/**
 * GET/HEAD /files/{accountId}/{conversationId}/{messageId}/{attachmentId}/{name}: the attachment's bytes with
 * its Content-Type and Content-Length. No bearer token, not rate limited, faulted or counted. Private files
 * need the URL's signature: missing or wrong 403, expired 410; unknown file 404. A file added with
 * `redirectTo` answers 302 to it.
 */
export function handleFileRequest(state: SimulatorState, req: IncomingMessage, res: ServerResponse): void {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return text(res, 405, 'Method not allowed\n');
  const url = new URL(req.url ?? '/', 'http://simulator.invalid');
  const address = parseAddress(url.pathname);
  const attachment = address === undefined ? undefined : findAttachment(state, address);
  if (address === undefined || attachment === undefined) return text(res, 404, 'File not found\n');
  if (attachment.object['isPublic'] !== 1) {
    const check = checkUrl(state.resources, address, url.searchParams);
    if (check === 'forbidden') return text(res, 403, 'Access denied: bad or missing signature\n');
    if (check === 'expired') return text(res, 410, 'This link has expired\n');
  }
  if (attachment.redirectTo !== undefined) {
    res.writeHead(302, { location: attachment.redirectTo, 'content-length': 0 });
    res.end();
    return;
  }
  const mimeType = String(attachment.object['mimeType']);
  res.writeHead(200, {
    'content-type': mimeType,
    'content-length': attachment.sizeBytes,
    'cache-control': attachment.object['isPublic'] === 1 ? 'public, max-age=86400' : 'private, no-store',
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  Readable.from(attachmentChunks(mimeType, attachment.sizeBytes, attachment.seed)).pipe(res);
}
