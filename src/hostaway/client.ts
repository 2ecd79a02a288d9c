import { setTimeout as delay } from 'node:timers/promises';
import { CONFIG_DEFAULTS } from '../config.js';
import { AuthError, EndpointForbiddenError, HostawayApiError, RateLimitedError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createHttpTransport, type HttpTransport, type RawRequest } from './http.js';
import { interpretOutcome } from './interpret-response.js';
import { createInProcessBudget, type Grant, type RateBudget, type RequestPriority } from './rate-budget.js';
import { backoffDelayMs, cappedRetryAfterMs, rateLimitDelayMs, type RetryTiming } from './retry-policy.js';
import { createTokenManager, type StoredToken, type TokenManager, type TokenStore } from './token-manager.js';
import type { HostawayEnvelope, HostawayTokenResponse } from './types.js';

export interface HostawayClientOptions {
  baseUrl: string;
  rateLimit: { perIp: number; perAccount: number; windowMs: number };
  http: {
    timeoutMs: number;
    maxRetries: number;
    retryBaseMs: number;
    rateLimitBackoffMs: number;
    /** Longest Retry-After honoured; past it the request fails as rate limited (default 60 s). */
    retryAfterMaxMs?: number;
  };
  tokenActivationMs: number;
  /** Local address Hostaway requests are sent from (HOSTAWAY_LOCAL_ADDRESS). */
  localAddress?: string;
  /** The rate budget requests draw from (default: an in-process one from `rateLimit`). */
  budget?: RateBudget;
  logger: Logger;
  userAgent: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface AccountCredentials {
  accountId: number;
  clientSecret: string;
}

export interface RequestStats {
  requests: number;
  retries: number;
  rateLimited: number;
  rateLimitWaitMs: number;
  tokenMints: number;
}

export interface AccountApi {
  readonly accountId: number;
  readonly stats: RequestStats;
  /** A GET with retries; returns the parsed body (an envelope for list/detail endpoints). */
  get<T>(path: string, searchParams?: Record<string, string | number>): Promise<HostawayEnvelope<T>>;
  /** A write: not retried (it may not be idempotent), but re-authenticated once on 403. */
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, json?: unknown): Promise<HostawayEnvelope<T>>;
  /** Mints (or loads) a token, proving the credentials work. */
  verifyCredentials(): Promise<void>;
}

export interface AccountApiOptions {
  /** Whose request this is, for the rate budget's priorities (default `interactive`). */
  priority?: RequestPriority;
  /** Told when requests of this account start waiting for the rate budget (true) and when none waits (false). */
  onBudgetWait?: (waiting: boolean) => void;
}

export interface HostawayClient {
  forAccount(
    credentials: AccountCredentials,
    tokenStore?: TokenStore,
    options?: AccountApiOptions,
  ): AccountApi;
  readonly stats: RequestStats;
  close(): void;
}

const emptyStats = (): RequestStats => ({
  requests: 0,
  retries: 0,
  rateLimited: 0,
  rateLimitWaitMs: 0,
  tokenMints: 0,
});

export function createHostawayClient(options: HostawayClientOptions): HostawayClient {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? delay;
  const transport = createHttpTransport({
    baseUrl: options.baseUrl,
    timeoutMs: options.http.timeoutMs,
    userAgent: options.userAgent,
    localAddress: options.localAddress,
  });
  const budget = options.budget ?? createInProcessBudget(options.rateLimit, now, sleep);
  const totals = emptyStats();
  const timing: RetryTiming = {
    baseMs: options.http.retryBaseMs,
    rateLimitBackoffMs: options.http.rateLimitBackoffMs,
    ...(options.http.retryAfterMaxMs === undefined ? {} : { retryAfterMaxMs: options.http.retryAfterMaxMs }),
    random: options.random,
  };
  const shared = { transport, budget, totals, timing, now, sleep, options };

  return {
    forAccount(credentials, tokenStore, accountOptions = {}) {
      return createAccountApi(shared, credentials, accountOptions, tokenStore);
    },
    stats: totals,
    close: () => {
      transport.close();
      void budget.close?.();
    },
  };
}

interface Shared {
  transport: HttpTransport;
  budget: RateBudget;
  totals: RequestStats;
  timing: RetryTiming;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  options: HostawayClientOptions;
}

interface ExecuteOptions {
  retry: boolean;
  tokens: TokenManager | null;
}

function createAccountApi(
  shared: Shared,
  credentials: AccountCredentials,
  accountOptions: AccountApiOptions,
  tokenStore: TokenStore | undefined,
): AccountApi {
  const stats = emptyStats();
  const priority = accountOptions.priority ?? 'interactive';
  let waiting = 0;
  const acquire = async () => {
    if (waiting++ === 0) accountOptions.onBudgetWait?.(true);
    try {
      return await shared.budget.acquire({ accountId: credentials.accountId, priority });
    } finally {
      if (--waiting === 0) accountOptions.onBudgetWait?.(false);
    }
  };
  const log = shared.options.logger.child({ accountId: credentials.accountId });
  const count = (key: keyof RequestStats, by = 1) => {
    stats[key] += by;
    shared.totals[key] += by;
  };

  const execute = (request: RawRequest, opts: ExecuteOptions) =>
    executeWithRetries(shared, {
      request,
      opts,
      acquire,
      accountId: credentials.accountId,
      log,
      count,
    });

  const tokens = createTokenManager({
    accountId: credentials.accountId,
    store: tokenStore,
    activationMs: shared.options.tokenActivationMs,
    now: shared.now,
    sleep: shared.sleep,
    mint: async () => {
      const body = await execute(
        {
          method: 'POST',
          path: '/accessTokens',
          form: {
            grant_type: 'client_credentials',
            client_id: String(credentials.accountId),
            client_secret: credentials.clientSecret,
            scope: 'general',
          },
        },
        { retry: true, tokens: null },
      );
      count('tokenMints');
      return parseToken(body, shared.now());
    },
  });

  return {
    accountId: credentials.accountId,
    stats,
    get: async (path, searchParams) =>
      (await execute(
        { method: 'GET', path, searchParams },
        { retry: true, tokens },
      )) as HostawayEnvelope<never>,
    send: async (method, path, json) =>
      (await execute({ method, path, json }, { retry: false, tokens })) as HostawayEnvelope<never>,
    verifyCredentials: async () => {
      await tokens.get();
    },
  };
}

interface ExecuteContext {
  request: RawRequest;
  opts: ExecuteOptions;
  /** A slot in the rate budget for this account's next request. */
  acquire: () => Promise<Grant>;
  accountId: number;
  log: Logger;
  count: (key: keyof RequestStats, by?: number) => void;
}

async function executeWithRetries(shared: Shared, ctx: ExecuteContext): Promise<unknown> {
  const { request, opts, log, count } = ctx;
  const label = `${request.method} ${request.path}`;
  let reauthenticated = false;
  for (let attempt = 0; ;) {
    const token = opts.tokens ? await opts.tokens.get() : undefined;
    const grant = await ctx.acquire();
    count('rateLimitWaitMs', grant.waitedMs);
    count('requests');
    const headers = token ? { authorization: `Bearer ${token}` } : undefined;
    const outcome = await shared.transport.send({ ...request, headers }).finally(grant.release);
    const verdict = interpretOutcome(outcome, label, shared.now());
    if (verdict.kind === 'ok') return verdict.body;
    if (verdict.kind === 'fatal') throw verdict.error;
    if (verdict.kind === 'auth') {
      // A 403 means the token is no longer valid: mint a new one once and repeat the request once.
      if (opts.tokens && token && !reauthenticated) {
        reauthenticated = true;
        opts.tokens.invalidate(token);
        log.warn({ request: label, status: verdict.status }, 'access token rejected, minting a new one');
        continue;
      }
      const message = `Hostaway rejected the credentials of account ${credentialsLabel(ctx)} (${verdict.message})`;
      const hint = 'check the account id and client secret (hostaway-sync accounts update)';
      // A fresh token refused too: this endpoint refuses the account (the caller knows if others accept it).
      if (token) throw new EndpointForbiddenError(message, label, { hint });
      throw new AuthError(message, { hint });
    }
    if (verdict.rateLimited) count('rateLimited');
    if (!opts.retry || attempt >= shared.options.http.maxRetries) throw verdict.error;
    const askedMs =
      verdict.retryAfterMs === undefined
        ? undefined
        : cappedRetryAfterMs(verdict.retryAfterMs, shared.timing);
    if (verdict.retryAfterMs !== undefined && askedMs === undefined) {
      log.warn(
        { request: label, retryAfterMs: verdict.retryAfterMs },
        'Retry-After longer than the cap; giving up',
      );
      throw new RateLimitedError(
        `Hostaway asked to retry ${label} after ${Math.round(verdict.retryAfterMs / 1000)} s, longer than the ${Math.round((shared.timing.retryAfterMaxMs ?? CONFIG_DEFAULTS.http.retryAfterMaxMs) / 1000)} s cap`,
        { hint: 'a later run tries again; raise HOSTAWAY_RETRY_AFTER_MAX_MS to wait longer' },
      );
    }
    const delayMs = verdict.rateLimited
      ? rateLimitDelayMs(askedMs, shared.timing)
      : (askedMs ?? backoffDelayMs(attempt, shared.timing));
    // Charged to what was full: the pool (every process of it backs off) or only this account.
    const paused = verdict.rateLimited
      ? await shared.budget.reportRateLimited(delayMs, ctx.accountId)
      : undefined;
    attempt += 1;
    count('retries');
    log.warn(
      { request: label, attempt, delayMs, reason: verdict.error.message, ...(paused ? { paused } : {}) },
      'retrying Hostaway request',
    );
    await shared.sleep(delayMs);
  }
}

function credentialsLabel(ctx: ExecuteContext): string {
  return String(ctx.log.bindings().accountId ?? '?');
}

function parseToken(body: unknown, now: number): StoredToken {
  const token = body as Partial<HostawayTokenResponse> | null;
  if (!token || typeof token.access_token !== 'string' || typeof token.expires_in !== 'number') {
    throw new HostawayApiError('Hostaway sent a token response without access_token/expires_in', {
      path: '/accessTokens',
    });
  }
  return { accessToken: token.access_token, expiresAt: new Date(now + token.expires_in * 1000) };
}
