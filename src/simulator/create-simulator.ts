import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readNumber } from './data/account-data.js';
import { addMessage, deleteListing, updateListing } from './data/other-mutations.js';
import {
  addReservation,
  cancelReservation,
  deleteReservation,
  moveReservation,
  updateReservation,
} from './data/reservation-mutations.js';
import {
  conversationView,
  messagesNewestFirst,
  reservationView,
  listedConversations,
  sortedReservations,
} from './data/views.js';
import { found } from './core/errors.js';
import { handleApiRequest, type Delay } from './server/api-server.js';
import { handleControlRequest } from './server/control-api.js';
import { FILES_PREFIX, handleFileRequest } from './server/file-endpoint.js';
import { resourceMethods } from './further/methods.js';
import { writeResult } from './server/http-io.js';
import { resetStats } from './server/stats.js';
import { openingMessages, setWebhookEnabled, webhookEmitters } from './server/webhook-emitters.js';
import { createState, type SimulatorState } from './core/state.js';
import type { HostawayObject, Simulator, SimulatorOptions } from './core/types.js';

const copy = <T>(value: T): T => structuredClone(value);

/** A faithful fake of the Hostaway public API over real HTTP; see src/simulator/README.md. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const state = createState(options);
  const http = createHttp(state);
  const sim: Simulator = {
    listen: (port, host) => http.listen(sim, port ?? 0, host ?? '127.0.0.1'),
    close: () => (state.webhooks.close(), http.close()),
    get baseUrl() {
      return http.baseUrl();
    },
    accounts: state.accounts.map((account) => ({ ...account })),
    ...readViews(state),
    ...mutations(state),
    ...resourceMethods(state),
    injectFaults: (fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    afterRequest: (match, action, label) =>
      state.pageHooks.add(match, (served) => action(sim, served), label),
    listPageHooks: () => state.pageHooks.list(),
    clearPageHooks: () => state.pageHooks.clear(),
    setRateLimit: (rateLimit) => state.limiter.configure(rateLimit),
    revokeAllTokens: () => state.tokens.revokeAll(),
    setWebhookEnabled: (accountId, webhookId, enabled) =>
      setWebhookEnabled(state.requireAccount(accountId), webhookId, enabled),
    settleWebhooks: () => state.webhooks.settle(),
    stats: state.stats,
    resetStats: () => resetStats(state.stats),
  };
  return sim;
}

function readViews(state: SimulatorState) {
  return {
    listListings: (accountId) =>
      copy(
        [...state.requireAccount(accountId).listings.values()].sort(
          (a, b) => readNumber(a, 'id') - readNumber(b, 'id'),
        ),
      ),
    listReservations: (accountId, view) => {
      const data = state.requireAccount(accountId);
      const includeResources = view?.includeResources ?? true;
      return copy(sortedReservations(data, null).map((r) => reservationView(data, r, includeResources)));
    },
    listConversations: (accountId, view) => {
      const data = state.requireAccount(accountId);
      return copy(
        listedConversations(data, state.options.conversationOrder).map((c) =>
          conversationView(data, c, view?.includeResources ?? true),
        ),
      );
    },
    listMessages: (accountId, conversationId) => {
      return copy(
        found(
          messagesNewestFirst(state.requireAccount(accountId), conversationId),
          `conversation ${conversationId} not found in account ${accountId}`,
        ),
      );
    },
  } satisfies Partial<Simulator>;
}

function mutations(state: SimulatorState) {
  const data = (accountId: number) => state.requireAccount(accountId);
  const { emitReservation, emitMessage } = webhookEmitters(state);
  const updated = (accountId: number, reservation: HostawayObject): HostawayObject =>
    emitReservation(data(accountId), 'reservation.updated', reservation);
  return {
    updateReservation: (a, id, patch) =>
      updated(a, updateReservation(data(a), id, patch ?? {}, state.nowMs())),
    cancelReservation: (a, id) => updated(a, cancelReservation(data(a), id, state.nowMs())),
    moveReservation: (a, id, listingId) => updated(a, moveReservation(data(a), id, listingId, state.nowMs())),
    addReservation: (a, overrides) => {
      const reservation = addReservation(data(a), overrides ?? {}, state.nowMs());
      const served = emitReservation(data(a), 'reservation.created', reservation);
      for (const message of openingMessages(data(a), reservation)) emitMessage(data(a), message);
      return served;
    },
    deleteReservation: (a, id) => deleteReservation(data(a), id),
    addMessage: (a, conversationId, message) =>
      emitMessage(data(a), addMessage(data(a), conversationId, message ?? {}, state.nowMs())),
    deleteListing: (a, id) => deleteListing(data(a), id),
    updateListing: (a, id, patch) => copy(updateListing(data(a), id, patch ?? {}, state.nowMs())),
  } satisfies Partial<Simulator>;
}

function createHttp(state: SimulatorState) {
  let server: Server | undefined;
  let baseUrl: string | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const delay: Delay = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  return {
    async listen(sim: Simulator, port: number, host: string) {
      if (server !== undefined) throw new Error('simulator is already listening');
      const created = createServer((req, res) => void route(sim, state, delay, req, res));
      server = created;
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(port, host, () => resolve());
      });
      const address = created.address() as AddressInfo;
      baseUrl = `http://${urlHost(host)}:${address.port}/v1`;
      state.resources.origin = `http://${urlHost(host)}:${address.port}`;
      return { port: address.port, baseUrl };
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closing = server;
      server = undefined;
      baseUrl = undefined;
      if (closing === undefined) return;
      const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
      closing.closeAllConnections();
      await closed;
    },
    baseUrl() {
      if (baseUrl === undefined) throw new Error('simulator is not listening; call listen() first');
      return baseUrl;
    },
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function route(
  sim: Simulator,
  state: SimulatorState,
  delay: Delay,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    if ((req.url ?? '').startsWith('/_sim')) await handleControlRequest(sim, req, res);
    else if ((req.url ?? '').startsWith(FILES_PREFIX)) handleFileRequest(state, req, res);
    else await handleApiRequest(state, req, res, delay);
  } catch (error) {
    state.options.logRequests?.(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
    writeResult(res, { status: 500, body: { status: 'fail', message: 'Internal simulator error' } });
  }
}
