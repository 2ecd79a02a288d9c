import type { ResourceOptions } from './resource-options.js';
import type { ResourceMethods } from '../further/methods.js';
import type { FAULT_KINDS } from '../server/faults.js';

/** A Hostaway object exactly as the API serves it (camelCase keys, 0/1 booleans, UTC datetime strings). */
export type HostawayObject = Record<string, unknown>;

export interface RateLimitOptions {
  /** Default true. */
  enabled?: boolean;
  /** Requests per window per client IP; default 15 (documented Hostaway limit). */
  perIp?: number;
  /** Requests per window per account; default 20 (documented Hostaway limit). */
  perAccount?: number;
  /** Sliding window length; default 10 000 ms. */
  windowMs?: number;
}

export interface SimulatorOptions {
  /** Default 1; the same seed (and the same clock day) gives byte-identical data. */
  seed?: number;
  /** Default 1; account ids are 10001, 10002, ... */
  accounts?: number;
  /** Listings per account; default 10 (at most 1000). */
  listings?: number;
  /** Reservations per account; default 100 (at most 90 000). */
  reservations?: number;
  /**
   * Conversations per account; default = reservations (one per reservation, newest reservations first).
   * Extra conversations beyond the reservation count have `reservationId: null`.
   */
  conversations?: number;
  /** Additional conversations with `reservationId: null`; default 0. */
  orphanConversations?: number;
  /**
   * Order of GET /conversations: 'latestSent' (default) serves `messageSentOn` DESC, nulls last, then id
   * DESC, as the real capture came; 'unsorted' serves a fixed pseudo-random order (Hostaway does not
   * document the order, so clients must cope with both).
   */
  conversationOrder?: ConversationOrder;
  /** Silent cap of `limit` on every list endpoint; default 500. */
  maxLimit?: number;
  rateLimit?: RateLimitOptions;
  /** Sizes of reviews, expenses, statements, users and attachments (README "Further resources"). */
  resources?: ResourceOptions;
  /** Default 0 (off). When > 0 a token used earlier than this after minting gets 403. */
  tokenActivationMs?: number;
  /** Injectable clock (token times, rate-limit windows, mutation timestamps, data anchor). */
  now?: () => Date;
  /** Receives one line per API request. */
  logRequests?: (line: string) => void;
  /** When given, mutations POST unified webhooks to the registered URLs (README "Webhook delivery"). */
  webhookDelivery?: WebhookDeliveryOptions;
}

/** How the simulator delivers webhooks; every fault is off by default. */
export interface WebhookDeliveryOptions {
  /** 'flat' (default: `data`), 'nested' (`payload.data`) or 'mixed' (either, at random). */
  bodyVariant?: 'flat' | 'nested' | 'mixed';
  /** Delays before the retries of a delivery answered 5xx/429 or not answered; default 1, 5, 20 minutes. */
  retryDelaysMs?: number[];
  /** Probability that an event is never sent (and never logged); default 0. */
  lossRate?: number;
  /** Probability that an event is sent twice; default 0. */
  duplicateRate?: number;
  /** Each delivery waits a random 0..maxDelayMs first, so deliveries arrive out of order; default 0. */
  maxDelayMs?: number;
  /** A webhook whose deliveries failed (retries exhausted) this many times in a row is disabled. */
  disableAfterFailures?: number;
}

export type ConversationOrder = 'latestSent' | 'unsorted';

export interface SimulatedAccount {
  accountId: number;
  clientSecret: string;
}

export interface FaultSpec {
  /**
   * 'status': answer `status` with a fail envelope (the documented 404 body for 404); 'empty': a success
   * with an empty result list; 'short-page': answer normally but with `limit` capped at `limit` (echoed).
   */
  kind: (typeof FAULT_KINDS)[number];
  /** Next N matching requests; default 1. */
  count?: number;
  /** Every matching request until the faults are cleared (`count` is then ignored). */
  untilCleared?: boolean;
  /** Request path prefix, e.g. '/v1/reservations'; default: every API path. */
  pathPrefix?: string;
  /** Request path pattern, whole path, ':name' matching one segment, e.g. '/v1/listings/:id/calendar'. */
  path?: string;
  /** Only requests of this account (the token's, or client_id when minting). */
  accountId?: number;
  /** Only for '429': send a Retry-After header (absent when omitted). */
  retryAfterSeconds?: number;
  /** For 'slow': wait this long before answering normally; default 1000. */
  delayMs?: number;
  /** For 'short-page': the largest `limit` served. */
  limit?: number;
  /** For 'body': the exact response text (any bytes a server could send) and its status (default 200). */
  body?: string;
  /** For 'body' (default 200) and 'status' (required). */
  status?: number;
  contentType?: string;
}

/** Which sent API responses a page hook counts: normal answers with a 2xx status (injected faults and 429s
 * are not counted). Every field given must match. */
export interface PageHookMatch {
  /** Only requests of this account (the token's, or client_id when minting). */
  accountId?: number;
  /** The exact request path, query excluded, e.g. '/v1/reservations'. */
  path?: string;
  /** A request path prefix, e.g. '/v1/listings' (also matches '/v1/listings/100001'). */
  pathPrefix?: string;
  /** Run after the nth matching response (1-based); default 1. */
  nth?: number;
  /** Default true: run once; false: after the nth matching response and after every later one. */
  once?: boolean;
}

/** The response a page hook runs after, as sent (a copy: the action's mutations do not change it). */
export interface ServedResponse {
  accountId: number | undefined;
  method: string;
  /** e.g. '/v1/reservations' */
  path: string;
  query: Record<string, string>;
  status: number;
  /** The decoded JSON body (an envelope for list endpoints). */
  body: unknown;
}

/** Runs between two API responses; whatever it changes shows from the next request on. */
export type PageHookAction = (sim: Simulator, served: ServedResponse) => void;

export interface PageHook {
  readonly id: number;
  readonly match: PageHookMatch;
  /** What the control API registered (absent for programmatic hooks). */
  readonly label?: string;
  /** Matching responses counted so far. */
  readonly matched: number;
  /** Times the action ran. */
  readonly fired: number;
  /** The message of the last error the action threw (it is logged and the server goes on). */
  readonly error: string | undefined;
  remove(): void;
}

export interface SimulatorStats {
  /** All API requests received (control API excluded). */
  requests: number;
  /** Normalised route names, e.g. 'GET /reservations/:id'; unmatched routes count as 'GET (unmatched)'. */
  byEndpoint: Record<string, number>;
  /** Requests per account id (from the token, or client_id for the token endpoint). */
  byAccount: Record<string, number>;
  /** Responses by HTTP status code served. */
  status: Record<string, number>;
  /** 429s caused by the rate limiter (not injected faults). */
  rateLimited: number;
  tokensIssued: number;
  /** Count of each query parameter name seen. */
  queryParams: Record<string, number>;
}

export interface ViewOptions {
  /** Serve the includeResources=1 form (customFieldValues, reservationFees filled). */
  includeResources?: boolean;
}

export interface NewMessage {
  body?: string;
  isIncoming?: 0 | 1;
  status?: string;
}

export interface Simulator extends ResourceMethods {
  /** Starts listening; host defaults to 127.0.0.1, port to 0 (any free port). */
  listen(port?: number, host?: string): Promise<{ port: number; baseUrl: string }>;
  /** Stops listening and closes every open socket. */
  close(): Promise<void>;
  /** e.g. http://127.0.0.1:PORT/v1 ; throws when not listening. */
  readonly baseUrl: string;
  readonly accounts: readonly SimulatedAccount[];
  /** Listings as served by GET /listings (deep copies). */
  listListings(accountId: number): HostawayObject[];
  /** Reservations in the default order; includeResources defaults to true. */
  listReservations(accountId: number, options?: ViewOptions): HostawayObject[];
  /**
   * Conversations as served by GET /conversations (latest message and Reservation embedded); like
   * listReservations, the embedded Reservation has the includeResources=1 form unless told otherwise.
   */
  listConversations(accountId: number, options?: ViewOptions): HostawayObject[];
  /** Every message of a conversation incl. scheduled ones, in the order the endpoint serves them. */
  listMessages(accountId: number, conversationId: number): HostawayObject[];
  updateReservation(
    accountId: number,
    reservationId: number,
    patch?: Record<string, unknown>,
  ): HostawayObject;
  cancelReservation(accountId: number, reservationId: number): HostawayObject;
  moveReservation(accountId: number, reservationId: number, listingId: number): HostawayObject;
  addReservation(accountId: number, overrides?: Record<string, unknown>): HostawayObject;
  deleteReservation(accountId: number, reservationId: number): void;
  addMessage(accountId: number, conversationId: number, message?: NewMessage): HostawayObject;
  deleteListing(accountId: number, listingId: number): void;
  updateListing(accountId: number, listingId: number, patch?: Record<string, unknown>): HostawayObject;
  /** Queues a fault (FIFO); throws SimulatorInputError for an invalid spec. */
  injectFaults(fault: FaultSpec): void;
  clearFaults(): void;
  /** Merges into the current settings and forgets past requests; undefined restores the defaults. */
  setRateLimit(rateLimit: RateLimitOptions | undefined): void;
  /** Every issued token becomes invalid (403). */
  revokeAllTokens(): void;
  /**
   * Runs `action` right after the nth API response matching `match` has been sent, before the next request
   * is read: the response shows the state before the change, the next page the state after it.
   */
  afterRequest(match: PageHookMatch, action: PageHookAction, label?: string): PageHook;
  /** Hooks still registered (a `once` hook leaves when it has run). */
  listPageHooks(): PageHook[];
  clearPageHooks(): void;
  /** Sets a unified webhook's isEnabled, as the dashboard (or Hostaway disabling a failing hook) does. */
  setWebhookEnabled(accountId: number, webhookId: number, enabled: boolean): void;
  /** Resolves once every webhook delivery queued so far was answered or gave up (retries included). */
  settleWebhooks(): Promise<void>;
  /** Live counters (the same object keeps updating; resetStats() zeroes it in place). */
  readonly stats: SimulatorStats;
  resetStats(): void;
}
