import { conversationView, listedConversations, messagesNewestFirst } from '../data/views.js';
import { idParam, type AccountContext } from './api-context.js';
import { notFound, success, type ApiResult } from './http-io.js';
import { flagParam, intParam, pagedEnvelope, parsePage } from './pagination.js';

function conversationPage(ctx: AccountContext, reservationId: number | null): ApiResult {
  const page = parsePage(ctx.query, ctx.state.options.maxLimit);
  let rows = listedConversations(ctx.data, ctx.state.options.conversationOrder);
  if (reservationId !== null) rows = rows.filter((row) => row['reservationId'] === reservationId);
  const includeResources = flagParam(ctx.query, 'includeResources');
  const result = rows
    .slice(page.offset, page.offset + page.limit)
    .map((row) => conversationView(ctx.data, row, includeResources));
  return { status: 200, body: pagedEnvelope(result, rows.length, page) };
}

/**
 * GET /conversations: messageSentOn DESC (nulls last), id DESC, or unsorted when the simulator is told so;
 * optional reservationId filter.
 */
export function listConversations(ctx: AccountContext): ApiResult {
  return conversationPage(ctx, intParam(ctx.query, 'reservationId'));
}

/** GET /reservations/:id/conversations: served like /conversations?reservationId=:id. */
export function listReservationConversations(ctx: AccountContext): ApiResult {
  const reservationId = idParam(ctx);
  if (!ctx.data.reservations.has(reservationId)) return notFound();
  return conversationPage(ctx, reservationId);
}

/** GET /conversations/:id */
export function getConversation(ctx: AccountContext): ApiResult {
  const conversation = ctx.data.conversations.get(idParam(ctx));
  if (conversation === undefined) return notFound();
  return success(conversationView(ctx.data, conversation, flagParam(ctx.query, 'includeResources')));
}

/**
 * GET /conversations/:id/messages: newest first (id DESC; the real order is undocumented). Only 'sent'
 * messages unless includeScheduledMessages=1.
 */
export function listMessages(ctx: AccountContext): ApiResult {
  const all = messagesNewestFirst(ctx.data, idParam(ctx));
  if (all === undefined) return notFound();
  const rows = flagParam(ctx.query, 'includeScheduledMessages')
    ? all
    : all.filter((m) => m['status'] === 'sent');
  const page = parsePage(ctx.query, ctx.state.options.maxLimit);
  return {
    status: 200,
    body: pagedEnvelope(rows.slice(page.offset, page.offset + page.limit), rows.length, page),
  };
}

/** GET /conversations/:id/messages/:messageId */
export function getMessage(ctx: AccountContext): ApiResult {
  const messageId = idParam(ctx, 1);
  const message = messagesNewestFirst(ctx.data, idParam(ctx))?.find((m) => m['id'] === messageId);
  return message === undefined ? notFound() : success(message);
}
