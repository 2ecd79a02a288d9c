import type { Logger } from '../logger.js';

/**
 * SIGINT/SIGTERM during a sync: ask every account to stop after its current page (the run is recorded
 * as interrupted); a second signal ends the process at once.
 */
export interface StopSignal {
  signal: AbortSignal;
  received(): 'SIGINT' | 'SIGTERM' | undefined;
  dispose(): void;
}

export function onStopSignal(logger: Logger): StopSignal {
  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (received) {
      // Progress bars hide the cursor; quitting now must not leave the terminal without one.
      if (process.stderr.isTTY) process.stderr.write('\u001b[?25h\n');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    received = signal;
    logger.warn({ signal }, 'stopping after the current page (send the signal again to quit now)');
    controller.abort(signal);
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
