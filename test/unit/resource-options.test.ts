import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { ConfigError, ExitCode, UsageError } from '../../src/errors.js';
import { parseDurationSeconds as parseDuration } from '../../src/durations.js';
import { parseCadences } from '../../src/settings/resource-cadences.js';
import { listRequests } from '../../src/sync/resources/object-list.js';
import { RESOURCES } from '../../src/sync/registry.js';
import {
  DEFAULT_RESOURCES,
  enabledResources,
  parseResourceList,
  RESOURCE_GROUPS,
  SELECTABLE_RESOURCES,
} from '../../src/sync/resource-sets.js';

describe('--resources', () => {
  it('takes names and groups, in registry order, without repeats', () => {
    assert.deepEqual(parseResourceList('tasks, reviews,tasks'), ['reviews', 'tasks']);
    assert.deepEqual(parseResourceList('reference'), RESOURCE_GROUPS['reference']);
    assert.deepEqual(parseResourceList('countries,reviews'), ['reviews', 'countries']);
  });

  it('all, none and default', () => {
    assert.deepEqual(parseResourceList('all'), [...SELECTABLE_RESOURCES]);
    assert.ok(!SELECTABLE_RESOURCES.includes('attachments'), 'attachments follow --attachments');
    assert.deepEqual(parseResourceList('none'), []);
    assert.equal(parseResourceList('default'), null);
  });

  it('refuses unknown names with a one-line usage error listing the valid ones', () => {
    for (const bad of ['reveiws', 'reviews,nope', '', ' , ', 'all,reviews'])
      assert.throws(
        () => parseResourceList(bad),
        (error: unknown) =>
          error instanceof UsageError &&
          error.exitCode === ExitCode.usage &&
          !error.message.includes('\n') &&
          error.message.includes('reviews, tasks'),
        JSON.stringify(bad),
      );
  });

  it('enabled resources: the stored choice or the default set, attachments when downloads are on', () => {
    assert.deepEqual(enabledResources({ resources: null, downloadAttachments: false }), [
      ...DEFAULT_RESOURCES,
    ]);
    assert.deepEqual(enabledResources({ resources: [], downloadAttachments: true }), ['attachments']);
    assert.deepEqual(enabledResources({ resources: ['tasks', 'gone'], downloadAttachments: false }), [
      'tasks',
    ]);
  });
});

describe('resource cadences', () => {
  it('reads durations', () => {
    assert.equal(parseDuration('90'), 90);
    assert.equal(parseDuration('15m'), 900);
    assert.equal(parseDuration('6h'), 21_600);
    assert.equal(parseDuration('2d'), 172_800);
    assert.equal(parseDuration('1.5h'), undefined);
    assert.equal(parseDuration('h'), undefined);
  });

  it('HOSTAWAY_RESOURCE_CADENCES sets some, the rest keep their default', () => {
    assert.deepEqual(parseCadences('calendar=1h, reviews=6h'), { calendar: 3600, reviews: 21_600 });
    assert.deepEqual(loadConfig({ HOSTAWAY_RESOURCE_CADENCES: 'tasks=30m' }).resourceCadences, {
      tasks: 1800,
    });
    assert.deepEqual(loadConfig({}).resourceCadences, {});
  });

  it('bad input is one clear line per problem', () => {
    const cases: [string, RegExp][] = [
      ['reviews', /not name=duration/],
      ['reveiws=1h', /unknown resource "reveiws"; valid: reviews, tasks/],
      ['reviews=soon', /"soon" is not a duration/],
      ['reviews=10s', /between 1m and 30d/],
      ['reviews=31d', /between 1m and 30d/],
    ];
    for (const [value, pattern] of cases)
      assert.throws(
        () =>
          loadConfig(
            { HOSTAWAY_RESOURCE_CADENCES: value },
            {},
            { resourceNames: RESOURCES.filter((r) => !r.core).map((r) => r.name) },
          ),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.problems.length === 1 &&
          error.problems[0]!.startsWith('HOSTAWAY_RESOURCE_CADENCES ') &&
          pattern.test(error.problems[0]!),
        value,
      );
  });
});

describe('list cost', () => {
  it('pages of 100: with a count the last page ends the list, without one a short page after a longer one or an empty page does', () => {
    assert.deepEqual(
      [0, 1, 100, 101, 250].map((n) => listRequests('paged-count', n)),
      [1, 1, 1, 2, 3],
    );
    assert.deepEqual(
      [0, 1, 99, 100, 250].map((n) => listRequests('paged', n)),
      [1, 2, 2, 2, 3],
    );
    assert.equal(listRequests('whole', 5000), 1);
  });
});
