import { financeFieldsOf } from '../data/finance-fields.js';
import { resourcesOf } from '../data/resource-lists.js';
import { idParam, type AccountContext } from './api-context.js';
import { notFound, success, type ApiResult } from './http-io.js';
import { intParam } from './pagination.js';
import { countOffsetList, oneOrNotFound, plainList } from './resource-pages.js';

/** Documented maximum page size of /expenses. */
const EXPENSE_LIMIT = 500;

/** GET /expenses: id ASC, soft-deleted rows included (isDeleted 1); limit ≤ 500; envelope status, result. */
export function listExpenses(ctx: AccountContext): ApiResult {
  let rows = [...resourcesOf(ctx.state.resources, ctx.data, 'expenses').values()];
  for (const name of ['listingMapId', 'reservationId']) {
    const value = intParam(ctx.query, name);
    if (value !== null) rows = rows.filter((r) => r[name] === value);
  }
  return plainList(ctx, rows, EXPENSE_LIMIT);
}

export function getExpense(ctx: AccountContext): ApiResult {
  return oneOrNotFound(resourcesOf(ctx.state.resources, ctx.data, 'expenses').get(idParam(ctx)));
}

/** GET /ownerStatements: only id and statementName per row; envelope status, result. */
export function listOwnerStatements(ctx: AccountContext): ApiResult {
  const rows = [...resourcesOf(ctx.state.resources, ctx.data, 'ownerStatements').values()].map((row) => ({
    id: row['id'],
    statementName: row['statementName'],
  }));
  return plainList(ctx, rows);
}

/** GET /ownerStatement/:id (singular path, as documented): the full statement. */
export function getOwnerStatement(ctx: AccountContext): ApiResult {
  return oneOrNotFound(resourcesOf(ctx.state.resources, ctx.data, 'ownerStatements').get(idParam(ctx)));
}

/** GET /financeField/:reservationId: the reservation's fields, soft-deleted ones included; 404 if unknown. */
export function getFinanceFields(ctx: AccountContext): ApiResult {
  const fields = financeFieldsOf(ctx.data, idParam(ctx));
  return fields === undefined ? notFound() : success(fields);
}

/** GET /guestPayments/charges: filters reservationId, listingMapId; envelope status, result, count, offset. */
export function listGuestCharges(ctx: AccountContext): ApiResult {
  let rows = [...resourcesOf(ctx.state.resources, ctx.data, 'guestCharges').values()];
  for (const name of ['reservationId', 'listingMapId']) {
    const value = intParam(ctx.query, name);
    if (value !== null) rows = rows.filter((r) => r[name] === value);
  }
  return countOffsetList(ctx, rows);
}

export function getGuestCharge(ctx: AccountContext): ApiResult {
  return oneOrNotFound(resourcesOf(ctx.state.resources, ctx.data, 'guestCharges').get(idParam(ctx)));
}
