import cliProgress from 'cli-progress';
import { formatDuration } from '../../durations.js';
import { RESOURCES } from '../../sync/registry.js';
import type { SyncEvent } from '../../sync/types.js';
import type { Runtime } from '../runtime.js';

/** Every resource name fits its label, so the bars stay in line. */
const NAME_WIDTH = Math.max(...RESOURCES.map((r) => r.name.length));

/**
 * One bar per account and resource on stderr: items done / total, rate, ETA, the resource's API requests
 * and 429s.
 */
export function createSyncProgress(runtime: Runtime) {
  const { color } = runtime;
  const multibar = new cliProgress.MultiBar(
    {
      stream: runtime.io.stderr as NodeJS.WritableStream,
      format: `{label} ${color.cyan('{bar}')} {value}/{total} | {rate}/s | ETA {eta} | {requests} req | {limited} 429`,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      // cli-progress clips each line to the terminal width (colour codes included), which would cut off the
      // request counts on a narrow terminal: give it a shorter bar instead.
      barsize: Math.max(6, Math.min(24, (runtime.io.stderr.columns ?? 106) - 76 - NAME_WIDTH)),
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const started = new Map<string, { at: number; requests: number; limited: number }>();
  // The account's running totals, from which each resource's own share is taken.
  const totals = new Map<number, { requests: number; limited: number }>();

  const key = (accountId: number, resource: string) => `${accountId}/${resource}`;
  const label = (accountId: number, resource: string) => `${accountId} ${resource.padEnd(NAME_WIDTH)}`;
  return {
    onEvent(event: SyncEvent) {
      if (event.type === 'resource.started') {
        const k = key(event.accountId, event.resource);
        const before = totals.get(event.accountId) ?? { requests: 0, limited: 0 };
        started.set(k, { at: Date.now(), ...before });
        const payload = {
          label: label(event.accountId, event.resource),
          rate: 0,
          eta: '-',
          requests: 0,
          limited: 0,
        };
        bars.set(k, multibar.create(1, 0, payload));
      } else if (event.type === 'resource.page') {
        const k = key(event.accountId, event.resource);
        totals.set(event.accountId, { requests: event.apiRequests, limited: event.rateLimited });
        const start = started.get(k) ?? { at: Date.now(), requests: 0, limited: 0 };
        const seconds = Math.max(0.001, (Date.now() - start.at) / 1000);
        const total = Math.max(event.total ?? event.done, event.done, 1);
        const rate = event.done / seconds;
        const bar = bars.get(k);
        bar?.setTotal(total);
        bar?.update(event.done, {
          rate: Math.round(rate),
          eta:
            event.total === undefined || rate <= 0
              ? '-'
              : formatDuration(((total - event.done) / rate) * 1000),
          requests: event.apiRequests - start.requests,
          limited: event.rateLimited - start.limited,
        });
      } else if (event.type === 'resource.done') {
        const bar = bars.get(key(event.accountId, event.resource));
        const done = event.result.fetched;
        bar?.setTotal(Math.max(done, 1));
        bar?.update(done, {
          eta: '0s',
          ...(event.result.requests === undefined ? {} : { requests: event.result.requests }),
        });
        bar?.stop();
      }
    },
    stop() {
      multibar.stop();
    },
  };
}
