import type { Logger } from '../logger.js';

/** Longest a stop waits for the current page (or a database wait) before the process quits anyway. */
const STOP_GRACE_MS = 5_000;

/**
 * SIGINT/SIGTERM: ask the work to stop (a sync: every account after its current page, the run recorded as
 * interrupted; the webhook listener: after its in-flight requests). A second signal ends the process at once
 * with the same code (130/143); so does a stop still unfinished after `graceMs` (Hostaway or PostgreSQL not
 * answering, a lock held elsewhere), when given: the account's next run records the cut-off run as
 * interrupted.
 */
export interface StopSignal {
  signal: AbortSignal;
  received(): 'SIGINT' | 'SIGTERM' | undefined;
  dispose(): void;
}

export function onStopSignal(
  logger: Logger,
  {
    stopping = 'stopping after the current page',
    level = 'warn' as 'warn' | 'info',
    graceMs = STOP_GRACE_MS as number | null,
  } = {},
): StopSignal {
  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const quit = (signal: 'SIGINT' | 'SIGTERM') => process.exit(signal === 'SIGINT' ? 130 : 143);
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (received) {
      // Progress bars hide the cursor; quitting now must not leave the terminal without one.
      if (process.stderr.isTTY) process.stderr.write('\u001b[?25h\n');
      quit(signal);
    }
    received = signal;
    logger[level]({ signal }, `${stopping} (send the signal again to quit now)`);
    controller.abort(signal);
    if (graceMs === null) return;
    // Kept after dispose: closing the database waits for its connections too. Unref'd: a run that ends
    // in time exits on its own.
    setTimeout(() => {
      logger.error(
        { signal, graceMs },
        `interrupted by ${signal}: still waiting after ${graceMs} ms, quitting`,
      );
      quit(signal);
    }, graceMs).unref();
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    received: () => received,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
