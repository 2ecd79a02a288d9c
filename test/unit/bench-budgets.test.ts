import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUDGETS, checkBudgets, describeOverrun, type Reading } from '../../bench/budgets.js';

/** The seed-size account: 100 listings / 5,000 reservations / 5,000 threads. */
const SEED_SIZE = { fullSyncRequests: 5_160 };

/** Every budgeted figure exactly at its limit (a limit is a maximum, so these all pass). */
function atTheLimits(scale = SEED_SIZE): Reading[] {
  return BUDGETS.map((b) => ({
    case: b.case.endsWith('*') ? `${b.case.slice(0, -1)}2 processes` : b.case,
    figure: b.figure,
    value: b.limit(scale),
  }));
}

describe('bench budgets', () => {
  it('passes figures at their limits, and states the targets at the seed-size account', () => {
    assert.deepEqual(checkBudgets(atTheLimits(), SEED_SIZE), []);
    const limit = (c: string, f: Reading['figure']) =>
      BUDGETS.find((b) => b.case === c && b.figure === f)!.limit(SEED_SIZE);
    assert.ok(limit('full sync', 'transactions') <= 300);
    assert.ok(limit('unchanged full re-sync', 'WAL bytes') <= 60_000);
    assert.ok(limit('unchanged reconcile', 'WAL bytes') <= 60_000);
    assert.equal(limit('unchanged full re-sync', 'mirror rows written'), 0);
    assert.equal(limit('idle incremental', 'API requests'), 4);
    assert.equal(limit('shared budget, *', 'transactions per API request'), 0.1);
  });

  it('lists every figure pushed over its budget, and only those', () => {
    const readings = atTheLimits();
    const broken = new Set([
      'full sync/transactions',
      'unchanged full re-sync/WAL bytes',
      'unchanged reconcile/mirror rows written',
      'idle incremental/API requests',
      'shared budget, 2 processes/transactions per API request',
    ]);
    const over = readings.map((r) =>
      broken.has(`${r.case}/${r.figure}`) ? { ...r, value: r.value! + (r.value! < 1 ? 0.001 : 1) } : r,
    );
    const overruns = checkBudgets(over, SEED_SIZE);
    assert.deepEqual(new Set(overruns.map((o) => `${o.case}/${o.figure}`)), broken);
    const requests = overruns.find((o) => o.figure === 'API requests')!;
    assert.equal(describeOverrun(requests), 'idle incremental: API requests 5 over its budget 4 (4)');
  });

  it('matches a shared-budget case at any process count', () => {
    const at = (processes: number, value: number): Reading => ({
      case: `shared budget, ${processes} processes`,
      figure: 'transactions per API request',
      value,
    });
    const overruns = checkBudgets([at(1, 0.05), at(2, 2.1), at(4, 0.1)], SEED_SIZE);
    assert.deepEqual(
      overruns.map((o) => [o.case, o.value]),
      [['shared budget, 2 processes', 2.1]],
    );
  });

  it('scales the limits with the account, so a small account is held to the same rate', () => {
    const small = { fullSyncRequests: 209 };
    const full: Reading = { case: 'full sync', figure: 'transactions', value: 250 };
    assert.equal(checkBudgets([full], SEED_SIZE).length, 0, '250 fits the seed-size account');
    assert.deepEqual(
      checkBudgets([full], small).map((o) => o.limit),
      [50],
      'but not one of 209 requests: 40 + 0.05 × 209',
    );
  });

  it('skips figures not measured in this run', () => {
    const wal: Reading = { case: 'unchanged full re-sync', figure: 'WAL bytes', value: null };
    assert.deepEqual(checkBudgets([wal], SEED_SIZE), []);
  });
});
