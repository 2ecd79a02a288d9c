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
import type { Route } from './router.js';
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
  { method: 'POST', pattern: '/accessTokens', handler: open(mintToken) },
  { method: 'DELETE', pattern: '/accessTokens', handler: open(revokeToken) },
  { method: 'GET', pattern: '/listings', handler: authed(listListings) },
  { method: 'GET', pattern: '/listings/:id', handler: authed(getListing) },
  { method: 'GET', pattern: '/reservations', handler: authed(listReservations) },
  { method: 'GET', pattern: '/reservations/:id', handler: authed(getReservation) },
  {
    method: 'GET',
    pattern: '/reservations/:id/conversations',
    handler: authed(listReservationConversations),
  },
  { method: 'GET', pattern: '/conversations', handler: authed(listConversations) },
  { method: 'GET', pattern: '/conversations/:id', handler: authed(getConversation) },
  { method: 'GET', pattern: '/conversations/:id/messages', handler: authed(listMessages) },
  { method: 'GET', pattern: '/conversations/:id/messages/:messageId', handler: authed(getMessage) },
  { method: 'GET', pattern: '/webhooks/unifiedWebhooks', handler: authed(listWebhooks) },
  { method: 'POST', pattern: '/webhooks/unifiedWebhooks', handler: authed(createWebhook) },
  { method: 'GET', pattern: '/webhooks/unifiedWebhooks/:id', handler: authed(getWebhook) },
  { method: 'PUT', pattern: '/webhooks/unifiedWebhooks/:id', handler: authed(updateWebhook) },
  { method: 'DELETE', pattern: '/webhooks/unifiedWebhooks/:id', handler: authed(deleteWebhook) },
  { method: 'GET', pattern: '/unifiedWebhookLogs', handler: authed(listWebhookLogs) },
  ...FURTHER_ROUTES,
];
