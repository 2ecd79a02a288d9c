import cliProgress from 'cli-progress';
import type { SyncEvent } from '../../sync/types.js';
import type { Runtime } from '../runtime.js';

/** One bar per account and resource on stderr: items done / total, rate, ETA, API requests, 429s. */
export function createSyncProgress(runtime: Runtime) {
  const { color } = runtime;
  const multibar = new cliProgress.MultiBar(
    {
      stream: runtime.io.stderr as NodeJS.WritableStream,
      format: `{label} ${color.cyan('{bar}')} {value}/{total} | {rate}/s | ETA {eta_formatted} | {requests} req | {limited} 429`,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      // cli-progress clips each line to the terminal width (colour codes included), which would cut off the
      // request counts on a narrow terminal: give it a shorter bar instead.
      barsize: Math.max(6, Math.min(24, (runtime.io.stderr.columns ?? 106) - 82)),
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const started = new Map<string, number>();

  const key = (accountId: number, resource: string) => `${accountId}/${resource}`;
  return {
    onEvent(event: SyncEvent) {
      if (event.type === 'resource.started') {
        const k = key(event.accountId, event.resource);
        started.set(k, Date.now());
        const label = `${event.accountId} ${event.resource.padEnd(12)}`;
        bars.set(k, multibar.create(1, 0, { label, rate: 0, requests: 0, limited: 0 }));
      } else if (event.type === 'resource.page') {
        const k = key(event.accountId, event.resource);
        const bar = bars.get(k);
        const seconds = Math.max(0.001, (Date.now() - (started.get(k) ?? Date.now())) / 1000);
        bar?.setTotal(Math.max(event.total ?? event.done, event.done, 1));
        bar?.update(event.done, {
          rate: Math.round(event.done / seconds),
          requests: event.apiRequests,
          limited: event.rateLimited,
        });
      } else if (event.type === 'resource.done') {
        const bar = bars.get(key(event.accountId, event.resource));
        const done = event.result.fetched;
        bar?.setTotal(Math.max(done, 1));
        bar?.update(done, { label: `${event.accountId} ${event.resource.padEnd(12)}` });
        bar?.stop();
      }
    },
    stop() {
      multibar.stop();
    },
  };
}
