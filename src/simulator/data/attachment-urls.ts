import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ResourceState } from '../core/resource-state.js';
import { DAY_MS } from '../core/time.js';

/** Where an attachment lives: /files/{accountId}/{conversationId}/{messageId}/{attachmentId}/{name}. */
export interface FileAddress {
  accountId: number;
  conversationId: number;
  messageId: number;
  attachmentId: number;
  name: string;
}

export function filePath(address: FileAddress): string {
  const { accountId, conversationId, messageId, attachmentId, name } = address;
  return `/files/${accountId}/${conversationId}/${messageId}/${attachmentId}/${encodeURIComponent(name)}`;
}

function sign(state: ResourceState, path: string, expires: number, generation: number): string {
  return createHmac('sha256', state.fileKey).update(`${path}|${expires}|${generation}`).digest('hex');
}

/**
 * Private URLs are signed for a bucket of ttl/7 (1 s to 1 day) and expire `ttl` after the bucket began:
 * repeated fetches within a bucket see the same URL (so a re-sync of unchanged data stays unchanged), a
 * fetch in a later bucket gets a fresh one, and every URL is valid for at least 6/7 of the ttl.
 */
export function attachmentUrl(state: ResourceState, address: FileAddress, isPublic: boolean): string {
  const path = filePath(address);
  if (isPublic) return `${state.origin}${path}`;
  const ttl = state.options.attachmentUrlTtlMs;
  const bucket = Math.max(1000, Math.floor(Math.min(DAY_MS, ttl / 7) / 1000) * 1000);
  const issuedMs = Math.floor(state.nowMs() / bucket) * bucket;
  const expires = Math.floor((issuedMs + ttl) / 1000);
  const generation = state.urlGenerations.get(address.accountId) ?? 0;
  const query = `expires=${expires}&g=${generation}&signature=${sign(state, path, expires, generation)}`;
  return `${state.origin}${path}?${query}`;
}

export type UrlCheck = 'ok' | 'forbidden' | 'expired';

/** Checks the query of a private URL: a bad or missing signature is forbidden, a past expiry expired. */
export function checkUrl(state: ResourceState, address: FileAddress, query: URLSearchParams): UrlCheck {
  const expires = Number(query.get('expires'));
  const generation = Number(query.get('g'));
  const given = Buffer.from(query.get('signature') ?? '', 'utf8');
  const wanted = Buffer.from(sign(state, filePath(address), expires, generation), 'utf8');
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'forbidden';
  const current = state.urlGenerations.get(address.accountId) ?? 0;
  if (generation < current || state.nowMs() >= expires * 1000) return 'expired';
  return 'ok';
}
