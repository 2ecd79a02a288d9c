import { HostawayApiError } from '../errors.js';
import type { AccountApi } from './client.js';
import type { HostawayUnifiedWebhook } from './types.js';

/** Unified webhook CRUD (hostaway-api.md §6.1): `/webhooks/unifiedWebhooks`, JSON bodies, enveloped answers. */
const PATH = '/webhooks/unifiedWebhooks';

export interface UnifiedWebhookInput {
  url: string;
  login: string;
  password: string;
}

export interface EnsureResult {
  webhook: HostawayUnifiedWebhook;
  action: 'created' | 'updated';
  /** Other hooks with the same URL, deleted so Hostaway delivers each event once. */
  removedDuplicates: number[];
}

/** URLs compared as URLs (host case, default port, empty path), else as trimmed strings. */
export function sameWebhookUrl(a: string, b: string): boolean {
  const normal = (value: string) => {
    try {
      return new URL(value.trim()).href;
    } catch {
      return value.trim();
    }
  };
  return normal(a) === normal(b);
}

export async function listUnifiedWebhooks(api: AccountApi): Promise<HostawayUnifiedWebhook[]> {
  const envelope = await api.get<HostawayUnifiedWebhook[]>(PATH);
  return Array.isArray(envelope.result) ? envelope.result : [];
}

const body = (input: UnifiedWebhookInput) => ({
  isEnabled: 1,
  url: input.url,
  login: input.login,
  password: input.password,
});

export async function createUnifiedWebhook(api: AccountApi, input: UnifiedWebhookInput) {
  return (await api.send<HostawayUnifiedWebhook>('POST', PATH, body(input))).result;
}

export async function updateUnifiedWebhook(api: AccountApi, id: number, input: UnifiedWebhookInput) {
  return (await api.send<HostawayUnifiedWebhook>('PUT', `${PATH}/${id}`, body(input))).result;
}

/** Deletes one hook; false when Hostaway no longer has it. */
export async function deleteUnifiedWebhook(api: AccountApi, id: number): Promise<boolean> {
  try {
    await api.send('DELETE', `${PATH}/${id}`);
    return true;
  } catch (error) {
    if (error instanceof HostawayApiError && error.status === 404) return false;
    throw error;
  }
}

/**
 * Makes the account have exactly one enabled hook for `input.url`, with these credentials: an existing
 * hook for the URL is updated (the oldest, if several: the others are deleted), else the hook `reuseId`
 * (the one registered before, maybe for another URL) is pointed at it, else one is created. Running it
 * twice changes nothing but the password.
 */
export async function ensureUnifiedWebhook(
  api: AccountApi,
  input: UnifiedWebhookInput,
  reuseId?: number | null,
): Promise<EnsureResult> {
  const hooks = await listUnifiedWebhooks(api);
  const matching = hooks.filter((h) => sameWebhookUrl(String(h.url), input.url)).sort((a, b) => a.id - b.id);
  const target = matching[0] ?? hooks.find((h) => reuseId != null && h.id === reuseId);
  const webhook = target
    ? await updateUnifiedWebhook(api, target.id, input)
    : await createUnifiedWebhook(api, input);
  const removedDuplicates: number[] = [];
  for (const duplicate of matching.slice(1)) {
    if (await deleteUnifiedWebhook(api, duplicate.id)) removedDuplicates.push(duplicate.id);
  }
  return { webhook, action: target ? 'updated' : 'created', removedDuplicates };
}

/** Deletes every hook for `url` and the hook `id`; returns the ids deleted. */
export async function removeUnifiedWebhooks(
  api: AccountApi,
  target: { url?: string | null; id?: number | null },
): Promise<number[]> {
  const hooks = await listUnifiedWebhooks(api);
  const doomed = hooks.filter(
    (h) =>
      (target.id != null && h.id === target.id) ||
      (target.url != null && sameWebhookUrl(String(h.url), target.url)),
  );
  const removed: number[] = [];
  for (const hook of doomed) if (await deleteUnifiedWebhook(api, hook.id)) removed.push(hook.id);
  return removed;
}

/** The latest delivery attempts of one hook (`GET /unifiedWebhookLogs`, hostaway-api.md §6.1). */
export async function listUnifiedWebhookLogs(
  api: AccountApi,
  unifiedWebhookId: number,
  limit = 50,
): Promise<Record<string, unknown>[]> {
  const envelope = await api.get<Record<string, unknown>[]>('/unifiedWebhookLogs', {
    unifiedWebhookId,
    limit,
  });
  return Array.isArray(envelope.result) ? envelope.result : [];
}

/**
 * The account's hook in Hostaway (by id, else by the login its deliveries carry) and how many of its
 * latest deliveries failed for good: a non-2xx attempt with no later 2xx attempt for the same event and
 * object (a retry that succeeded is not a failure). Null when Hostaway has no such hook.
 */
export async function fetchWebhookHealth(
  api: AccountApi,
  hook: { id: number | null; login: string | null },
): Promise<{ id: number; enabled: boolean; failedDeliveries: number } | null> {
  const hooks = await listUnifiedWebhooks(api);
  const found =
    hooks.find((h) => h.id === hook.id) ?? hooks.find((h) => hook.login !== null && h.login === hook.login);
  if (found === undefined) return null;
  const logs = (await listUnifiedWebhookLogs(api, found.id)).sort(
    (a, b) => Number(b['id']) - Number(a['id']),
  );
  const delivered = new Set<string>();
  let failedDeliveries = 0;
  for (const log of logs) {
    const key = `${String(log['event'])}/${String(log['objectId'])}`;
    const status = Number(log['responseStatus']);
    if (status >= 200 && status < 300) delivered.add(key);
    else if (!delivered.has(key)) {
      failedDeliveries += 1;
      delivered.add(key);
    }
  }
  return { id: found.id, enabled: Number(found.isEnabled) === 1, failedDeliveries };
}
