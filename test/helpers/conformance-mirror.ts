import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../../src/db/database.js';
import type { Simulator } from '../../src/simulator/index.js';
import { calendarWindow } from '../../src/sync/resources/calendar.js';
import { CONFIG_DEFAULTS } from '../../src/config.js';
import type { FanOutSettings } from '../../src/sync/resources/fan-out-settings.js';
import { parentKindOf, servedAsDeleted, type MatrixResource } from './conformance-resources.js';
import { compareWithSimulator, findWronglyDeleted } from './mirror-compare.js';
import { accessToken } from './optional-resources.js';

type Account = { accountId: number; clientSecret: string };
type Rows = Map<string, { payload: unknown; deleted: boolean }>;

/** What a run compares against: the account, and the run's start (the calendar window hangs on it). */
export interface MirrorScope {
  db: Database;
  sim: Simulator;
  account: Account;
  startedAt: Date;
  fanOut?: Partial<FanOutSettings>;
}

const memo = new WeakMap<MirrorScope, Map<string, Promise<unknown>>>();

/** `make()` once per scope and key: one judgement reads the simulator and the mirror once. */
function once<T>(scope: MirrorScope, key: string, make: () => Promise<T>): Promise<T> {
  let cache = memo.get(scope);
  if (cache === undefined) memo.set(scope, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key) as Promise<T>;
}

/** Core resources as named in compareWithSimulator's lines. */
const CORE_NAMES: Record<string, string[]> = {
  listings: ['listing'],
  reservations: ['reservation'],
  threads: ['conversation', 'thread', 'message'],
};

async function getResult(scope: MirrorScope, token: string, path: string): Promise<unknown> {
  const response = await fetch(`${scope.sim.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return ((await response.json()) as { result: unknown }).result;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The objects of a whole list or a paged one (pages of 500), keyed by `parent/id` or `/code`. */
async function servedList(scope: MirrorScope, token: string, path: string, parent = ''): Promise<Rows> {
  const served: Rows = new Map();
  const joiner = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 500) {
    const result = await getResult(scope, token, `${path}${joiner}limit=500&offset=${offset}`);
    if (isObject(result)) {
      for (const [code, payload] of Object.entries(result))
        if (payload !== null) served.set(`${parent}/${code}`, { payload, deleted: false });
      return served;
    }
    const items = result as Record<string, unknown>[];
    for (const item of items)
      served.set(`${parent}/${String(item['id'])}`, { payload: item, deleted: false });
    if (items.length < 500 || parent !== '') return served;
  }
}

/** What the simulator serves for an optional resource now, by the key its stored rows carry. */
async function servedRows(scope: MirrorScope, resource: MatrixResource): Promise<Rows> {
  const [endpoint, detail] = resource.endpoint.split(' + ').map((part) => part.trim()) as [
    string,
    string | undefined,
  ];
  const token = await accessToken(scope.sim.baseUrl, scope.account);
  const kind = parentKindOf(endpoint);
  if (kind === undefined && detail === undefined) return servedList(scope, token, endpoint);
  if (kind === undefined) {
    // Listed, then stored as each object's detail.
    const served: Rows = new Map();
    for (const key of (await servedList(scope, token, endpoint)).keys()) {
      const payload = await getResult(scope, token, detail!.replace(/\{[^}]+\}/, key.slice(1)));
      served.set(key, { payload, deleted: false });
    }
    return served;
  }
  const { accountId } = scope.account;
  const parents =
    kind === 'listings' ? scope.sim.listListings(accountId) : scope.sim.listReservations(accountId);
  const fanOut = { ...CONFIG_DEFAULTS.fanOut, ...scope.fanOut };
  const window = calendarWindow(scope.startedAt, fanOut.calendarDaysBack, fanOut.calendarDaysAhead);
  const served: Rows = new Map();
  for (const parent of parents) {
    const id = String(parent['id']);
    const path = endpoint.replace(/\{[^}]+\}/, id);
    if (resource.table !== 'listing_calendar') {
      for (const [key, row] of await servedList(scope, token, path, id)) served.set(key, row);
      continue;
    }
    const days = (await getResult(
      scope,
      token,
      `${path}?startDate=${window.startDate}&endDate=${window.endDate}`,
    )) as Record<string, unknown>[];
    for (const day of days) served.set(`${id}/${String(day['date'])}`, { payload: day, deleted: false });
  }
  return served;
}

async function storedRows(scope: MirrorScope, resource: MatrixResource): Promise<Rows> {
  const { accountId } = scope.account;
  const sql =
    resource.table === 'listing_calendar'
      ? `SELECT listing_id::text || '/' || day::text AS key, raw_payload AS payload, false AS deleted
           FROM hostaway.listing_calendar WHERE account_id = $1`
      : `SELECT coalesce(parent_id::text, '') || '/' || key AS key, raw_payload AS payload,
                deleted_at IS NOT NULL AS deleted
           FROM hostaway.resource_objects WHERE account_id = $1 AND resource = '${resource.name}'`;
  const { rows } = await scope.db.query<{ key: string; payload: unknown; deleted: boolean }>(sql, [
    accountId,
  ]);
  return new Map(rows.map((row) => [row.key, { payload: row.payload, deleted: row.deleted }]));
}

/** Every attachment of the account's served messages against the stored attachment rows (ids). */
async function attachmentDifferences(scope: MirrorScope): Promise<string[]> {
  const { accountId } = scope.account;
  const served = new Set<number>();
  for (const conversation of scope.sim.listConversations(accountId))
    for (const message of scope.sim.listMessages(accountId, Number(conversation['id'])))
      for (const item of (message['attachments'] as { id: number }[] | null) ?? [])
        served.add(Number(item.id));
  const { rows } = await scope.db.query<{ id: string }>(
    'SELECT attachment_id::text AS id FROM hostaway.message_attachments WHERE account_id = $1',
    [accountId],
  );
  const stored = new Set(rows.map((row) => Number(row.id)));
  return [
    ...[...served].filter((id) => !stored.has(id)).map((id) => `attachment ${id} missing`),
    ...[...stored].filter((id) => !served.has(id)).map((id) => `attachment ${id} stored but not served`),
  ];
}

/**
 * How the stored rows of one resource differ from what the simulator serves: missing, extra live, changed
 * or wrongly (un)marked rows, one line each (the first 10). Empty when the mirror of it is exact.
 */
export async function resourceDifferences(scope: MirrorScope, resource: MatrixResource): Promise<string[]> {
  if (resource.core) {
    const { differences } = await once(scope, 'core', () =>
      compareWithSimulator(scope.db, scope.sim, scope.account.accountId),
    );
    const names = CORE_NAMES[resource.name] ?? [resource.name];
    return differences.filter((line) => names.includes(line.split(' ')[0]!));
  }
  if (resource.table === 'message_attachments') return (await attachmentDifferences(scope)).slice(0, 10);
  const served = await once(scope, 'served', () => servedRows(scope, resource));
  const stored = await once(scope, 'stored', () => storedRows(scope, resource));
  const lines: string[] = [];
  for (const [key, { payload }] of served) {
    const row = stored.get(key);
    const marked = servedAsDeleted(payload, resource.deletion);
    if (row === undefined) lines.push(`${key} missing`);
    else if (!isDeepStrictEqual(row.payload, payload)) lines.push(`${key} differs`);
    else if (row.deleted !== marked) lines.push(`${key} ${marked ? 'not ' : ''}marked deleted`);
  }
  for (const [key, row] of stored)
    if (!row.deleted && !served.has(key)) lines.push(`${key} stored but not served`);
  return lines.slice(0, 10);
}

/** Rows of the resource marked deleted although the simulator serves the object live. */
export async function wronglyDeleted(scope: MirrorScope, resource: MatrixResource): Promise<string[]> {
  if (resource.core) {
    const names = CORE_NAMES[resource.name] ?? [resource.name];
    const wrong = await once(scope, 'core deleted', () =>
      findWronglyDeleted(scope.db, scope.sim, scope.account.accountId),
    );
    return wrong.filter((line) => names.includes(line.split(' ')[0]!));
  }
  if (resource.table !== 'resource_objects') return [];
  const served = await once(scope, 'served', () => servedRows(scope, resource));
  const stored = await once(scope, 'stored', () => storedRows(scope, resource));
  return [...stored]
    .filter(([key, row]) => {
      const live = served.get(key);
      return row.deleted && live !== undefined && !servedAsDeleted(live.payload, resource.deletion);
    })
    .map(([key]) => `${resource.name} ${key}`);
}
