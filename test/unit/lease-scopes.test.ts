import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLeaseScopes } from '../../src/hostaway/lease-scopes.js';

const NO_PAUSES = { poolMs: 0, accountsMs: {} };
const POOL = 'pool:p';

/** Whether `promise` has settled once pending timers and I/O have had their turn. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  return done;
}

describe('leased shares, spent locally', () => {
  it('sends no more than a renewal was told still counts until its answer arrives', async () => {
    const scopes = createLeaseScopes({ pool: 'p', perPool: 4, perAccount: 100, windowMs: 60_000 });
    scopes.onNeedRenewal(() => undefined);
    const first = scopes.acquire(null, 0);
    const granted = (asked: ReturnType<typeof scopes.requests>, share: number) =>
      scopes.apply(
        asked,
        [{ scope: POOL, share, expiresInMs: 60_000, retryInMs: null }],
        NO_PAUSES,
        Date.now(),
      );
    granted(scopes.requests(false), 4);
    await first;
    await scopes.acquire(null, 0);
    // The renewal says two requests count; the store may shrink the share to one and record two as given up.
    const asked = scopes.requests(false);
    assert.equal(asked.find((a) => a.scope === POOL)!.counted, 2);
    const third = scopes.acquire(null, 0);
    assert.equal(await settled(third), false, 'a third request was sent while the renewal was under way');
    granted(asked, 4);
    assert.equal(await settled(third), true, 'the renewed share lets it through');
  });

  it('a failed renewal lifts the cap again', async () => {
    const scopes = createLeaseScopes({ pool: 'p', perPool: 4, perAccount: 100, windowMs: 60_000 });
    scopes.onNeedRenewal(() => undefined);
    const first = scopes.acquire(null, 0);
    scopes.apply(
      scopes.requests(false),
      [{ scope: POOL, share: 4, expiresInMs: 60_000, retryInMs: null }],
      NO_PAUSES,
      Date.now(),
    );
    await first;
    scopes.requests(false);
    const second = scopes.acquire(null, 0);
    assert.equal(await settled(second), false);
    scopes.fail(new Error('store unreachable'));
    assert.equal(await settled(second), true, 'the share still held serves it');
  });
});

describe('a request that comes during a renewal', () => {
  it('on a scope the renewal gave back, asks for a share again once the answer arrives', async () => {
    const scopes = createLeaseScopes({ pool: 'p', perPool: 4, perAccount: 100, windowMs: 50 });
    let renewals = 0;
    scopes.onNeedRenewal(() => (renewals += 1));
    const first = scopes.acquire(null, 0);
    const lease = (share: number) => [{ scope: POOL, share, expiresInMs: 60_000, retryInMs: null }];
    scopes.apply(scopes.requests(false), lease(4), NO_PAUSES, Date.now());
    (await first).release();
    scopes.takeSent();
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Idle now: this renewal gives the pool's share back. A request arrives while it is under way.
    const asked = scopes.requests(false);
    assert.equal(asked[0]!.wanted, 0);
    const late = scopes.acquire(null, 0);
    const before = renewals;
    scopes.apply(asked, lease(0), NO_PAUSES, Date.now());
    assert.equal(renewals, before + 1, 'nothing asks for a share for the waiting request');
    scopes.apply(scopes.requests(false), lease(4), NO_PAUSES, Date.now());
    assert.equal(await settled(late), true);
  });
});
