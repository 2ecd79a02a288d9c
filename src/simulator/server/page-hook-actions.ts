import { SimulatorInputError } from '../core/errors.js';
import { isObject, pickFields, type Body } from '../core/input.js';
import type { PageHookAction, PageHookMatch, Simulator } from '../core/types.js';
import { parsePageHookMatch } from './page-hooks.js';

/** The scripted page-hook actions the control API accepts (`POST /_sim/page-hooks`). */
export const PAGE_HOOK_ACTION_KINDS = [
  'deleteListing',
  'deleteReservation',
  'updateReservation',
  'cancelReservation',
  'addReservation',
] as const;

type Kind = (typeof PAGE_HOOK_ACTION_KINDS)[number];

const ID = 'a positive integer';

function requiredId(body: Body, key: string, what: string): number {
  const id = pickFields(body, { [key]: ID }, what)[key];
  if (id === undefined) throw new SimulatorInputError(`${what} needs ${key}`);
  return id;
}

const optionalObject = (body: Body, key: string): Body =>
  pickFields(body, { [key]: 'an object' }, 'page hook action')[key] ?? {};

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
export function parseScriptedPageHook(input: unknown) {
  if (!isObject(input)) throw new SimulatorInputError('a page hook must be an object');
  const { accountId, path, pathPrefix, afterNth: nth, once } = input;
  const match = parsePageHookMatch({ accountId, path, pathPrefix, nth, once } as PageHookMatch);
  const action = input['action'];
  if (!isObject(action)) throw new SimulatorInputError('a page hook needs an action object');
  const kind = String(action['kind']);
  if (!(PAGE_HOOK_ACTION_KINDS as readonly string[]).includes(kind))
    throw new SimulatorInputError(
      `unknown page hook action ${kind}; use one of ${PAGE_HOOK_ACTION_KINDS.join(', ')}`,
    );
  const account = pickFields(action, { accountId: ID }, 'page hook action').accountId ?? match.accountId;
  if (account === undefined) throw new SimulatorInputError('page hook action needs accountId');
  const built = toAction(kind as Kind, account, action);
  // The label (e.g. 'deleteListing 10001/100003') is shown by GET /_sim/page-hooks.
  return { match, action: built.run, label: `${kind} ${built.target}` };
}
