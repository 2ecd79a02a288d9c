import { parseJsonObject } from '../core/input.js';
import type { HostawayRecord } from '../templates/key-template.js';
import { idParam, type AccountContext } from './api-context.js';
import { badRequest, notFound, success, type ApiResult } from './http-io.js';
import { countEnvelope, intParam, parsePage } from './pagination.js';

const FIELDS = ['isEnabled', 'url', 'login', 'password', 'alertingEmailAddress'] as const;

/** The stored object with its password masked as "****" (as the legacy webhook API echoes it). */
function masked(webhook: HostawayRecord): HostawayRecord {
  return { ...webhook, password: webhook['password'] === null ? null : '****' };
}

/** Validates the writable fields of `input` on top of `base`; a string error when invalid. */
function merge(base: HostawayRecord, input: Record<string, unknown>): HostawayRecord | string {
  const next = { ...base };
  for (const field of FIELDS) {
    if (!(field in input)) continue;
    const value = input[field];
    if (field === 'isEnabled') {
      if (value !== 0 && value !== 1 && value !== true && value !== false)
        return 'The "isEnabled" parameter must be 0 or 1.';
      next[field] = value === true || value === 1 ? 1 : 0;
    } else if (value !== null && typeof value !== 'string') {
      return `The "${field}" parameter must be a string or null.`;
    } else {
      next[field] = value;
    }
  }
  if (typeof next['url'] !== 'string' || !/^https?:\/\/\S+$/.test(next['url']))
    return 'The "url" parameter is required and must be a URL.';
  return next;
}

/** GET /webhooks/unifiedWebhooks */
export function listWebhooks(ctx: AccountContext): ApiResult {
  return success([...ctx.data.webhooks.values()].map(masked));
}

/** POST /webhooks/unifiedWebhooks (JSON body) */
export function createWebhook(ctx: AccountContext): ApiResult {
  const input = parseJsonObject(ctx.body);
  if (input === undefined) return badRequest('The request body must be a JSON object.');
  const id = ctx.state.webhookIds.next;
  const base = { id, isEnabled: 1, url: null, login: null, password: null, alertingEmailAddress: null };
  const webhook = merge(base, input);
  if (typeof webhook === 'string') return badRequest(webhook);
  ctx.state.webhookIds.next += 1;
  ctx.data.webhooks.set(id, webhook);
  return success(masked(webhook));
}

/** GET /webhooks/unifiedWebhooks/:id */
export function getWebhook(ctx: AccountContext): ApiResult {
  const webhook = ctx.data.webhooks.get(idParam(ctx));
  return webhook === undefined ? notFound() : success(masked(webhook));
}

/** PUT /webhooks/unifiedWebhooks/:id (fields given replace the stored ones) */
export function updateWebhook(ctx: AccountContext): ApiResult {
  const existing = ctx.data.webhooks.get(idParam(ctx));
  if (existing === undefined) return notFound();
  const input = parseJsonObject(ctx.body);
  if (input === undefined) return badRequest('The request body must be a JSON object.');
  const webhook = merge(existing, input);
  if (typeof webhook === 'string') return badRequest(webhook);
  ctx.data.webhooks.set(idParam(ctx), webhook);
  return success(masked(webhook));
}

/** DELETE /webhooks/unifiedWebhooks/:id (answer undocumented; the deleted object is returned) */
export function deleteWebhook(ctx: AccountContext): ApiResult {
  const webhook = ctx.data.webhooks.get(idParam(ctx));
  if (webhook === undefined) return notFound();
  ctx.data.webhooks.delete(idParam(ctx));
  return success(masked(webhook));
}

/** GET /unifiedWebhookLogs?limit&offset&unifiedWebhookId&listingMapId: deliveries, newest first. */
export function listWebhookLogs(ctx: AccountContext): ApiResult {
  const page = parsePage(ctx.query, ctx.state.options.maxLimit);
  const webhookId = intParam(ctx.query, 'unifiedWebhookId');
  const listingMapId = intParam(ctx.query, 'listingMapId');
  const logs = ctx.state.webhooks
    .logs(ctx.data.accountId)
    .filter(
      (log) =>
        (webhookId === null || log['unifiedWebhookId'] === webhookId) &&
        (listingMapId === null || log['listingMapId'] === listingMapId),
    );
  return {
    status: 200,
    body: countEnvelope(logs.slice(page.offset, page.offset + page.limit), logs.length, page),
  };
}
