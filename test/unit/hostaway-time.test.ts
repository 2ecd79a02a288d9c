import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostawayTimeKey, parseHostawayTime } from '../../src/hostaway-time.js';

describe('Hostaway times', () => {
  it('reads "YYYY-MM-DD HH:MM:SS" as UTC, also with a T, a fraction or a Z', () => {
    const at = Date.UTC(2026, 0, 1, 10, 0, 0);
    assert.equal(parseHostawayTime('2026-01-01 10:00:00'), at);
    assert.equal(parseHostawayTime('2026-01-01T10:00:00'), at);
    assert.equal(parseHostawayTime('2026-01-01 10:00:00Z'), at);
    assert.equal(parseHostawayTime('2026-01-01 10:00:00.5'), at + 500);
    assert.equal(parseHostawayTime('2026-01-01T10:00:00.123456Z'), at + 123);
    assert.equal(parseHostawayTime('2024-02-29 23:59:59'), Date.UTC(2024, 1, 29, 23, 59, 59));
    assert.equal(parseHostawayTime('2000-02-29 00:00:00'), Date.UTC(2000, 1, 29));
    assert.equal(parseHostawayTime('0050-03-01 00:00:00'), new Date('0050-03-01T00:00:00Z').getTime());
  });

  it('refuses what is not such a time, dates that do not exist included', () => {
    for (const value of [
      '2026-01-01 9:00:00',
      ' 2026-01-01 10:00:00',
      '2026-01-01 10:00:00 ',
      '2026-01-01',
      '2026-13-01 10:00:00',
      '2026-02-29 10:00:00',
      '1900-02-29 10:00:00',
      '2026-02-30 10:00:00',
      '2026-04-31 10:00:00',
      '2026-01-00 10:00:00',
      '2026-01-01 24:00:00',
      '2026-01-01 10:60:00',
      '2026-01-01 10:00:00.1234567',
      '2026-01-01 10:00:00+02:00',
      '2026-01-01t10:00:00',
      '',
      1767261600000,
      null,
      undefined,
    ]) {
      assert.equal(parseHostawayTime(value), undefined, String(value));
      assert.equal(hostawayTimeKey(value), undefined, String(value));
    }
  });

  it('keys sort in time order, so comparing keys and comparing instants agree', () => {
    const values = [
      '2026-01-01 09:00:00',
      '2026-01-01T09:30:00Z',
      '2026-01-01 10:00:00',
      '2026-01-01T10:00:00.001',
      '2026-01-01 10:00:00.5',
      '2026-01-01T10:00:01',
      '2026-12-31 23:59:59',
      '2027-01-01 00:00:00',
    ];
    assert.deepEqual(values.map(hostawayTimeKey), [
      '2026-01-01 09:00:00',
      '2026-01-01 09:30:00',
      '2026-01-01 10:00:00',
      '2026-01-01 10:00:00.001',
      '2026-01-01 10:00:00.5',
      '2026-01-01 10:00:01',
      '2026-12-31 23:59:59',
      '2027-01-01 00:00:00',
    ]);
    for (let i = 1; i < values.length; i += 1) {
      assert.ok(hostawayTimeKey(values[i - 1])! < hostawayTimeKey(values[i])!, values[i]);
      assert.ok(parseHostawayTime(values[i - 1])! < parseHostawayTime(values[i])!, values[i]);
    }
  });
});
