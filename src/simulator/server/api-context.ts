import type { AccountData } from '../data/account-data.js';
import type { SimulatorState } from '../core/state.js';
import type { ApiResult } from './http-io.js';

/** One API request, as handlers see it. */
export interface RequestContext {
  state: SimulatorState;
  query: URLSearchParams;
  /** Numeric path parameters in order (e.g. the :id of /reservations/:id). */
  params: number[];
  body: string;
  contentType: string | undefined;
}

/** A request whose bearer token was valid: `data` is the token's account. */
export interface AccountContext extends RequestContext {
  data: AccountData;
}

export type ApiEndpoint =
  | { auth: true; handle: (ctx: AccountContext) => ApiResult }
  | { auth: false; handle: (ctx: RequestContext) => ApiResult };

/** The first numeric path parameter. */
export function idParam(ctx: RequestContext, position = 0): number {
  const value = ctx.params[position];
  if (value === undefined) throw new Error('simulator: route without an id parameter');
  return value;
}
