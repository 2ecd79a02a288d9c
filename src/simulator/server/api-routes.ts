import type { ApiEndpoint } from './api-context.js';
import {
  getConversation,
  getMessage,
  listConversations,
  listMessages,
  listReservationConversations,
} from './conversation-endpoints.js';
import { getListing, listListings } from './listing-endpoints.js';
import { getReservation, listReservations } from './reservation-endpoints.js';
import { FURTHER_ROUTES } from '../further/routes.js';
import { route, type Route } from './router.js';
import { mintToken, revokeToken } from './token-endpoints.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookLogs,
  listWebhooks,
  updateWebhook,
} from './webhook-endpoints.js';

const open = (handle: Extract<ApiEndpoint, { auth: false }>['handle']): ApiEndpoint => ({
  auth: false,
  handle,
});
const authed = (handle: Extract<ApiEndpoint, { auth: true }>['handle']): ApiEndpoint => ({
  auth: true,
  handle,
});

/** The Hostaway API surface the simulator serves, relative to /v1. The pattern is the stats route name. */
export const API_ROUTES: readonly Route<ApiEndpoint>[] = [
  route('POST /accessTokens', open(mintToken)),
  route('DELETE /accessTokens', open(revokeToken)),
  route('GET /listings', authed(listListings)),
  route('GET /listings/:id', authed(getListing)),
  route('GET /reservations', authed(listReservations)),
  route('GET /reservations/:id', authed(getReservation)),
  route('GET /reservations/:id/conversations', authed(listReservationConversations)),
  route('GET /conversations', authed(listConversations)),
  route('GET /conversations/:id', authed(getConversation)),
  route('GET /conversations/:id/messages', authed(listMessages)),
  route('GET /conversations/:id/messages/:messageId', authed(getMessage)),
  route('GET /webhooks/unifiedWebhooks', authed(listWebhooks)),
  route('POST /webhooks/unifiedWebhooks', authed(createWebhook)),
  route('GET /webhooks/unifiedWebhooks/:id', authed(getWebhook)),
  route('PUT /webhooks/unifiedWebhooks/:id', authed(updateWebhook)),
  route('DELETE /webhooks/unifiedWebhooks/:id', authed(deleteWebhook)),
  route('GET /unifiedWebhookLogs', authed(listWebhookLogs)),
  ...FURTHER_ROUTES,
];
