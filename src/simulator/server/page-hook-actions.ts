import { SimulatorInputError } from '../core/errors.js';
import type { PageHookAction, PageHookMatch, Simulator } from '../core/types.js';

/** The scripted page-hook actions the control API accepts (`POST /_sim/page-hooks`). */
export const PAGE_HOOK_ACTION_KINDS = [
  'deleteListing',
  'deleteReservation',
  'updateReservation',
  'cancelReservation',
  'addReservation',
] as const;

type Kind = (typeof PAGE_HOOK_ACTION_KINDS)[number];

export interface ScriptedPageHook {
  match: PageHookMatch;
  action: PageHookAction;
  /** e.g. 'deleteListing 10001/100003', shown by GET /_sim/page-hooks. */
  label: string;
}

type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalId(body: Body, key: string, what: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
    throw new SimulatorInputError(`${what} ${key} must be a positive integer`);
  return value;
}

function requiredId(body: Body, key: string, what: string): number {
  const value = optionalId(body, key, what);
  if (value === undefined) throw new SimulatorInputError(`${what} needs ${key}`);
  return value;
}

function optionalObject(body: Body, key: string): Record<string, unknown> {
  const value = body[key];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new SimulatorInputError(`page hook action ${key} must be an object`);
  return value;
}

function parseMatch(body: Body): PageHookMatch {
  const { path, pathPrefix, afterNth, once } = body;
  if (path !== undefined && typeof path !== 'string') throw new SimulatorInputError('path must be a string');
  if (pathPrefix !== undefined && typeof pathPrefix !== 'string')
    throw new SimulatorInputError('pathPrefix must be a string');
  if (afterNth !== undefined && (typeof afterNth !== 'number' || !Number.isSafeInteger(afterNth)))
    throw new SimulatorInputError('afterNth must be a positive integer');
  if (once !== undefined && typeof once !== 'boolean')
    throw new SimulatorInputError('once must be a boolean');
  const accountId = optionalId(body, 'accountId', 'page hook');
  return {
    ...(accountId === undefined ? {} : { accountId }),
    ...(path === undefined ? {} : { path }),
    ...(pathPrefix === undefined ? {} : { pathPrefix }),
    ...(afterNth === undefined ? {} : { nth: afterNth }),
    ...(once === undefined ? {} : { once }),
  };
}

function toAction(kind: Kind, accountId: number, action: Body): { run: PageHookAction; target: string } {
  const what = `page hook action ${kind}`;
  if (kind === 'deleteListing') {
    const id = requiredId(action, 'listingId', what);
    return { run: (sim) => sim.deleteListing(accountId, id), target: `${accountId}/${id}` };
  }
  if (kind === 'addReservation') {
    const overrides = optionalObject(action, 'overrides');
    return { run: (sim) => void sim.addReservation(accountId, overrides), target: `${accountId}` };
  }
  const id = requiredId(action, 'reservationId', what);
  const runs: Record<Exclude<Kind, 'deleteListing' | 'addReservation'>, (sim: Simulator) => void> = {
    deleteReservation: (sim) => sim.deleteReservation(accountId, id),
    cancelReservation: (sim) => void sim.cancelReservation(accountId, id),
    updateReservation: (sim) => void sim.updateReservation(accountId, id, optionalObject(action, 'patch')),
  };
  return { run: runs[kind], target: `${accountId}/${id}` };
}

/**
 * `{"pathPrefix":"/v1/listings","afterNth":1,"action":{"kind":"deleteListing","accountId":10001,
 * "listingId":100003}}`: match fields as in PageHookMatch (`afterNth` for `nth`); the action's accountId
 * defaults to the match's.
 */
export function parseScriptedPageHook(input: unknown): ScriptedPageHook {
  if (!isObject(input)) throw new SimulatorInputError('a page hook must be an object');
  const match = parseMatch(input);
  const action = input['action'];
  if (!isObject(action)) throw new SimulatorInputError('a page hook needs an action object');
  const kind = String(action['kind']);
  if (!(PAGE_HOOK_ACTION_KINDS as readonly string[]).includes(kind))
    throw new SimulatorInputError(
      `unknown page hook action ${kind}; use one of ${PAGE_HOOK_ACTION_KINDS.join(', ')}`,
    );
  const accountId = optionalId(action, 'accountId', 'page hook action') ?? match.accountId;
  if (accountId === undefined) throw new SimulatorInputError('page hook action needs accountId');
  const built = toAction(kind as Kind, accountId, action);
  return { match, action: built.run, label: `${kind} ${built.target}` };
}
