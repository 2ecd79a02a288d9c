import { CONFIG_DEFAULTS } from '../src/config.js';
import { DAY_SECONDS } from '../src/durations.js';
import { DEFAULT_RESOURCES } from '../src/sync/resource-sets.js';
import type { ResourceCost, ResourceCostFigures } from './resource-costs.js';

/** Hostaway's per-IP limit over a day: 15 requests every 10 s. */
const IP_REQUESTS_PER_DAY = 15 * (DAY_SECONDS / 10);

/**
 * Requests a resource costs per day at its cadence, with incremental runs every `incrementalSeconds` and one
 * nightly reconcile: the reconcile pass, plus one due incremental pass per cadence for the rest of the day
 * (a cadence shorter than the incremental interval is one pass per run). Finance fields add the
 * reservations that changed, which depend on the account's activity, not on its size.
 */
function requestsPerDay(cost: ResourceCost, incrementalSeconds: number): number {
  const interval = Math.max(cost.cadenceSeconds, incrementalSeconds);
  const incrementalPasses = Math.max(0, Math.ceil(DAY_SECONDS / interval) - 1);
  const windowed = cost.made.reconcile + incrementalPasses * cost.made.dueIncremental;
  if (!cost.windowed) return windowed;
  // One pass in each `completeListSeconds` reads the whole list instead of the window.
  const completePasses = Math.ceil(DAY_SECONDS / CONFIG_DEFAULTS.completeListSeconds);
  return windowed + completePasses * (cost.made.full - cost.made.dueIncremental);
}

const isDefaultResource = (name: string) => DEFAULT_RESOURCES.includes(name);

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Incremental runs every 5 minutes, as the shipped CronJob schedules them. */
const INCREMENTAL_SECONDS = 300;

const cadence = (seconds: number) =>
  seconds >= 86_400 ? `${seconds / 86_400} d` : seconds >= 3600 ? `${seconds / 3600} h` : `${seconds} s`;

/** Requests a day of the core three when idle: an idle incremental every 5 minutes plus a nightly reconcile. */
function coreRequestsPerDay(f: ResourceCostFigures): number {
  return (86_400 / INCREMENTAL_SECONDS - 1) * f.core.idleIncremental + f.core.reconcile;
}

/** The checks to fail the bench on (message → broken): a resource's requests differ from its stated cost. */
export function resourceCostProblems(f: ResourceCostFigures): Record<string, boolean> {
  const runs = ['full', 'idleIncremental', 'dueIncremental'] as const;
  return Object.fromEntries(
    f.resources.flatMap((r) =>
      runs.map((run) => [
        `${r.name} made ${r.made[run]} requests in ${run}, states ${r.stated[run]}`,
        r.made[run] !== r.stated[run],
      ]),
    ),
  );
}

export function resourceCostTable(f: ResourceCostFigures): string {
  const perDay = f.resources.map((r) => ({ ...r, day: requestsPerDay(r, INCREMENTAL_SECONDS) }));
  const total = (pick: (r: (typeof perDay)[number]) => number, only = (_: string) => true) =>
    perDay.filter((r) => only(r.name)).reduce((sum, r) => sum + pick(r), 0);
  const core = coreRequestsPerDay(f);
  const all = total((r) => r.day);
  const defaults = total((r) => r.day, isDefaultResource);
  const share = (requests: number) => `${Math.round((requests / IP_REQUESTS_PER_DAY) * 10_000) / 100} %`;
  return [
    `Optional resources, account ${f.listings} / ${f.reservations} (listings / reservations) with \`--resources all\`, ${f.database}, limits off. ` +
      'Requests made (stated cost in brackets where it differs); per day: incremental every 5 minutes, one nightly reconcile, each resource at its default cadence.',
    '',
    '| resource | default | cadence | rows a full reads | full | incremental, not due | incremental, due | reconcile | requests / day |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    `| core three (token, listings, reservations, conversations, threads) | always | 5 min | - | ${f.core.full} | ${f.core.idleIncremental} | ${f.core.dueIncremental} | ${f.core.reconcile} | ${core} |`,
    ...perDay.map((r) => {
      const cell = (run: 'full' | 'idleIncremental' | 'dueIncremental') =>
        r.made[run] === r.stated[run] ? `${r.made[run]}` : `${r.made[run]} (${r.stated[run]})`;
      return `| ${r.name} | ${isDefaultResource(r.name) ? 'yes' : 'no'} | ${cadence(r.cadenceSeconds)} | ${r.objects} | ${cell('full')} | ${cell('idleIncremental')} | ${cell('dueIncremental')} | ${r.made.reconcile} | ${r.day} |`;
    }),
    `| **all optional resources** | | | | ${total((r) => r.made.full)} | ${total((r) => r.made.idleIncremental)} | ${total((r) => r.made.dueIncremental)} | ${total((r) => r.made.reconcile)} | ${all} |`,
    '',
    `Per account and day against one IP's ${IP_REQUESTS_PER_DAY.toLocaleString('en')} requests (15 per 10 s): ` +
      `core three idle ${core} (${share(core)}), default resources ${defaults} more (${share(defaults)}), ` +
      `all resources ${all} more (${share(all)}); ` +
      `accounts one IP keeps at 70 % load: ${Math.floor((IP_REQUESTS_PER_DAY * 0.7) / core)} core only, ` +
      `${Math.floor((IP_REQUESTS_PER_DAY * 0.7) / (core + defaults))} with the defaults, ` +
      `${Math.floor((IP_REQUESTS_PER_DAY * 0.7) / (core + all))} with all. ` +
      'Changed reservations add one finance-fields request each when that resource is on. ' +
      `On disk after the full sync: core tables ${mib(f.databaseBytes.core)} MiB, optional resources ${mib(f.databaseBytes.optional)} MiB more.`,
  ].join('\n');
}
