import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { DAY_MS } from '../../src/durations.js';
import { ConfigError } from '../../src/errors.js';
import { calendarWindow } from '../../src/sync/resources/calendar.js';
import { MAX_CALENDAR_DAYS } from '../../src/sync/resources/fan-out-settings.js';
import { statementsToRead } from '../../src/sync/resources/owner-statements.js';

const days = (w: { startDate: string; endDate: string }) =>
  (Date.parse(w.endDate) - Date.parse(w.startDate)) / DAY_MS + 1;

describe('fan-out settings and choices', () => {
  it('the calendar settings default to 30 days back and 365 ahead and never exceed 1,096 days', () => {
    assert.deepEqual(loadConfig({}).fanOut, {
      calendarDaysBack: 30,
      calendarDaysAhead: 365,
      financeFieldsVerifyPerRun: 100,
    });
    const widest = loadConfig({
      HOSTAWAY_CALENDAR_DAYS_BACK: '365',
      HOSTAWAY_CALENDAR_DAYS_AHEAD: '730',
    }).fanOut;
    assert.equal(
      days(calendarWindow(new Date(), widest.calendarDaysBack, widest.calendarDaysAhead)),
      MAX_CALENDAR_DAYS,
    );
    for (const env of [{ HOSTAWAY_CALENDAR_DAYS_BACK: '366' }, { HOSTAWAY_CALENDAR_DAYS_AHEAD: '731' }]) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.exitCode === 78,
      );
    }
  });

  it('the window runs from days back to days ahead of the UTC day', () => {
    const window = calendarWindow(new Date('2026-03-01T23:59:59Z'), 30, 365);
    assert.deepEqual(window, { startDate: '2026-01-30', endDate: '2027-03-01' });
    assert.equal(days(window), 396);
  });

  it('owner statement details: all on full; new, renamed and (reconcile) recently changed ones otherwise', () => {
    const now = new Date('2026-06-15T00:00:00Z');
    const stored = new Map([
      ['1', { key: '1', name: 'A 2026-05', updatedOn: '2026-06-01 10:00:00', deleted: false }],
      ['2', { key: '2', name: 'B 2026-01', updatedOn: '2026-02-01 10:00:00', deleted: false }],
      ['3', { key: '3', name: 'C 2026-01', updatedOn: '2026-02-01 10:00:00', deleted: false }],
      ['4', { key: '4', name: 'D 2026-01', updatedOn: '2026-02-01 10:00:00', deleted: true }],
    ]);
    const listed = [
      { id: 1, statementName: 'A 2026-05' },
      { id: 2, statementName: 'B 2026-01' },
      { id: 3, statementName: 'C renamed' },
      { id: 4, statementName: 'D 2026-01' },
      { id: 5, statementName: 'E 2026-05' },
    ];
    const ids = (mode: 'full' | 'incremental' | 'reconcile') =>
      statementsToRead(mode, listed, stored, now).map((s) => s.id);
    assert.deepEqual(ids('full'), [1, 2, 3, 4, 5]);
    assert.deepEqual(ids('incremental'), [3, 4, 5]);
    assert.deepEqual(ids('reconcile'), [1, 3, 4, 5]);
  });
});
