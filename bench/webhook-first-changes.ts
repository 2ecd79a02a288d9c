/**
 * The upstream changes of the webhook-first fleet and when each reached the mirror: a driver makes them
 * through the simulator's control API (noting when), a watcher reads the mirror every half second and
 * notes when each reservation version and each message was first stored (the row's `updated_at`).
 */
import type { Queryable } from '../src/db/database.js';
import { postControl } from './simulator-process.js';

export interface Change {
  kind: 'reservation' | 'message';
  accountId: number;
  /** reservation id:updatedOn, or the message id. */
  key: string;
  /** When the simulator made it (this process's clock, the same host as the database's). */
  at: number;
}

/** Reservation ids and conversation ids of one account, read from the mirror after the first sync. */
export interface AccountObjects {
  accountId: number;
  reservations: number[];
  conversations: number[];
}

export async function readAccountObjects(db: Queryable): Promise<AccountObjects[]> {
  const { rows } = await db.query<{ accountId: string; reservations: string[]; conversations: string[] }>(
    `SELECT a.account_id::text AS "accountId",
       ARRAY(SELECT id::text FROM hostaway.reservations r WHERE r.account_id = a.account_id) AS reservations,
       ARRAY(SELECT conversation_id::text FROM hostaway.messages m WHERE m.account_id = a.account_id) AS conversations
     FROM hostaway.accounts a ORDER BY a.account_id`,
  );
  return rows.map((r) => ({
    accountId: Number(r.accountId),
    reservations: r.reservations.map(Number),
    conversations: r.conversations.map(Number),
  }));
}

/**
 * Makes changes at random (a Poisson process of `perSecond`, `messageShare` of them guest messages, the
 * rest reservation updates) on random accounts until `until` (performance.now()); returns them.
 */
export async function driveChanges(options: {
  baseUrl: string;
  accounts: AccountObjects[];
  perSecond: number;
  messageShare: number;
  until: number;
}): Promise<Change[]> {
  const changes: Change[] = [];
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  let n = 0;
  while (performance.now() < options.until) {
    await new Promise((resolve) =>
      setTimeout(resolve, (-Math.log(1 - Math.random()) / options.perSecond) * 1000),
    );
    const account = pick(options.accounts);
    const at = Date.now();
    n += 1;
    if (Math.random() < options.messageShare && account.conversations.length > 0) {
      const conversation = pick(account.conversations);
      const message = await postControl(
        options.baseUrl,
        `/accounts/${account.accountId}/conversations/${conversation}/messages`,
        { body: `guest message ${n}`, isIncoming: 1 },
      );
      changes.push({ kind: 'message', accountId: account.accountId, key: String(message['id']), at });
    } else {
      const id = pick(account.reservations);
      const reservation = await postControl(
        options.baseUrl,
        `/accounts/${account.accountId}/reservations/${id}/update`,
        { guestNote: `change ${n}` },
      );
      const key = `${id}:${String(reservation['updatedOn'])}`;
      changes.push({ kind: 'reservation', accountId: account.accountId, key, at });
    }
  }
  return changes;
}

export interface MirrorWatcher {
  /** When each change key was first stored (epoch ms), by `${accountId}/${key}`. */
  storedAt: Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Reads rows written since the last look (minus 30 s: `updated_at` is the writing transaction's start,
 * which may commit later) and notes the first time each reservation version and message id was seen.
 */
export function watchMirror(db: Queryable): MirrorWatcher {
  const storedAt = new Map<string, number>();
  let since = new Date(0);
  let stopped = false;
  const note = (key: string, at: Date) => {
    if (!storedAt.has(key)) storedAt.set(key, at.getTime());
  };
  const look = async () => {
    const from = new Date(since.getTime() - 30_000);
    const reservations = await db.query<{ a: string; id: string; v: string; at: Date }>(
      `SELECT account_id::text AS a, id::text AS id, raw_payload->>'updatedOn' AS v, updated_at AS at
       FROM hostaway.reservations WHERE updated_at > $1`,
      [from],
    );
    for (const r of reservations.rows) note(`${r.a}/${r.id}:${r.v}`, r.at);
    const threads = await db.query<{ a: string; ids: string[]; at: Date }>(
      `SELECT account_id::text AS a, ARRAY(SELECT e->>'id' FROM jsonb_array_elements(raw_messages) e) AS ids,
         updated_at AS at
       FROM hostaway.messages WHERE updated_at > $1`,
      [from],
    );
    for (const t of threads.rows) for (const id of t.ids) note(`${t.a}/${id}`, t.at);
    for (const row of [...reservations.rows, ...threads.rows]) if (row.at > since) since = row.at;
  };
  const loop = (async () => {
    while (!stopped) {
      await look();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await look();
  })();
  return {
    storedAt,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** The changes a webhook delivered (the listener stored its event), by `${accountId}/${key}`. */
export async function deliveredChanges(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ key: string }>(
    `SELECT account_id::text || '/' || CASE WHEN event = 'message.received' THEN object_id::text
       ELSE object_id::text || ':' || COALESCE(payload #>> '{data,updatedOn}', payload #>> '{payload,data,updatedOn}') END AS key
     FROM hostaway.webhook_events`,
  );
  return new Set(rows.map((r) => r.key));
}
