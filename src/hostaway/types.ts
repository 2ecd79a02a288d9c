/**
 * Wire types: what Hostaway sends, in its own spelling (camelCase, 0/1 booleans, "YYYY-MM-DD HH:MM:SS"
 * UTC datetimes). Only the fields the sync reads are named; every object keeps all its other keys, because
 * payloads are stored exactly as served.
 */
export type HostawayBoolean = 0 | 1;
export type HostawayDateTime = string;

export interface HostawayObject {
  [key: string]: unknown;
}

export interface HostawayListing extends HostawayObject {
  id: number;
  name?: string;
  insertedOn?: HostawayDateTime | null;
  latestActivityOn?: HostawayDateTime | null;
}

export interface HostawayReservation extends HostawayObject {
  id: number;
  listingMapId?: number | null;
  status?: string;
  updatedOn?: HostawayDateTime | null;
}

export interface HostawayMessage extends HostawayObject {
  id: number;
  conversationId?: number;
  reservationId?: number | null;
  insertedOn?: HostawayDateTime | null;
  updatedOn?: HostawayDateTime | null;
  date?: HostawayDateTime | null;
}

export interface HostawayConversation extends HostawayObject {
  id: number;
  accountId?: number;
  listingMapId?: number | null;
  reservationId?: number | null;
  messageSentOn?: HostawayDateTime | null;
  messageReceivedOn?: HostawayDateTime | null;
  conversationMessages?: HostawayMessage[] | null;
  Reservation?: HostawayReservation | null;
}

export interface HostawayUnifiedWebhook extends HostawayObject {
  id: number;
  isEnabled: HostawayBoolean;
  url: string;
  login: string | null;
  password: string | null;
  alertingEmailAddress: string | null;
}

/** The list envelope; which of the paging keys appear differs per endpoint (hostaway-api.md §3.2). */
export interface HostawayEnvelope<T> {
  status: 'success' | 'fail';
  result: T;
  count?: number | null;
  limit?: number | null;
  offset?: number | null;
  message?: string;
}

export interface HostawayTokenResponse {
  token_type: string;
  expires_in: number;
  access_token: string;
}
