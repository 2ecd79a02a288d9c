import { CONFIG_DEFAULTS } from '../src/config.js';
import { createEngineForFirstAccount, round, withBenchAccount } from './harness.js';

/**
 * Requests made ÷ the minimum the data needs, per account size, limits off. The minimum of a full sync is
 * 1 token + listing pages + reservation pages + conversation pages + one message request per 100 messages of
 * each thread (at least one); of an idle incremental sync (token stored): listing pages (listings have no
 * change marker) + 1 reservation page + 1 conversation page, the least that can show nothing changed at the
 * front of the lists, + the sweep's pages (HOSTAWAY_CONVERSATION_SWEEP_PAGES, default 1), which bound how long
 * a conversation that changes without moving to the front goes unseen.
 */
export type ApiEfficiency = Awaited<ReturnType<typeof benchApiEfficiency>>;

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));

export async function benchApiEfficiency(size: { listings: number; reservations: number }) {
  return withBenchAccount(size, undefined, async (simulator, bench) => {
    const { account, client, engine } = await createEngineForFirstAccount(bench, simulator);
    const full = await engine.run(account.accountId, 'full');
    const idle = await engine.run(account.accountId, 'incremental');
    client.close();
    if (full.status !== 'succeeded' || idle.status !== 'succeeded') throw new Error('sync failed');
    const { rows } = await bench.db.query<{ messages: number }>(
      'SELECT jsonb_array_length(raw_messages) AS messages FROM hostaway.messages WHERE account_id = $1',
      [account.accountId],
    );
    const messagePages = rows.reduce((sum, r) => sum + pages(Number(r.messages)), 0);
    const listingPages = pages(full.resources.listings!.fetched);
    const conversationPages = pages(full.resources.threads!.fetched);
    const fullMinimum =
      1 + listingPages + pages(full.resources.reservations!.fetched) + conversationPages + messagePages;
    const idleMinimum =
      listingPages + 1 + Math.min(conversationPages, 1 + CONFIG_DEFAULTS.conversationSweepPages);
    return {
      size: `${size.listings} / ${size.reservations}`,
      full: {
        requests: full.apiRequests,
        minimum: fullMinimum,
        ratio: round(full.apiRequests / fullMinimum, 3),
      },
      idleIncremental: {
        requests: idle.apiRequests,
        minimum: idleMinimum,
        ratio: round(idle.apiRequests / idleMinimum, 3),
      },
    };
  });
}
