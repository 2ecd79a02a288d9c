import type { ExtendOptions, Got, RequestError } from 'got';

export interface LoadedGot {
  client: Got;
  RequestError: typeof RequestError;
}

/**
 * A got instance made on first use: got (and its dependencies, some 18 MiB) is loaded with the first
 * request, so the commands that never reach an HTTP server (status, sql, migrate) start without it.
 */
export function lazyGot(options: ExtendOptions): () => Promise<LoadedGot> {
  let loaded: Promise<LoadedGot> | undefined;
  return () =>
    (loaded ??= import('got').then((got) => ({
      client: got.got.extend(options),
      RequestError: got.RequestError,
    })));
}
