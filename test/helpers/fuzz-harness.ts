import v8 from 'node:v8';
import vm from 'node:vm';
import { createRandom } from './prng.js';

/**
 * Shared pieces of the fuzz tests: a seed (FUZZ_SEED replays one, always printed), an iteration budget
 * (FUZZ_ITERATIONS, default small for CI; `npm run fuzz` raises it), a guard that records every uncaught
 * exception and unhandled rejection, and the heap size after a forced GC.
 */
export function fuzzSeed(label: string): { seed: number; random: () => number } {
  const given = Number(process.env.FUZZ_SEED);
  const seed = Number.isSafeInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
  console.log(`${label}: FUZZ_SEED=${seed}`);
  return { seed, random: createRandom(seed) };
}

/** FUZZ_ITERATIONS × `scale` (at least 1), else `fallback`. */
export function fuzzIterations(fallback: number, scale = 1): number {
  const given = Number(process.env.FUZZ_ITERATIONS);
  return Number.isSafeInteger(given) && given > 0 ? Math.max(1, Math.round(given * scale)) : fallback;
}

/** Records what would crash a server process; `check()` throws if anything was recorded. */
export function installCrashGuard() {
  const seen: string[] = [];
  const onError = (error: unknown) =>
    seen.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    seen,
    dispose() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
    check() {
      if (seen.length > 0) throw new Error(`uncaught errors: ${seen.join('\n---\n')}`);
    },
  };
}

let gc: (() => void) | undefined;

/** Heap in use after a full GC, in bytes. */
export function heapAfterGc(): number {
  if (gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Helpers on a seeded generator. */
export function picker(random: () => number) {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  return {
    int,
    chance: (p: number) => random() < p,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!,
    bytes: (length: number) => Buffer.from(Array.from({ length }, () => int(0, 255))),
  };
}
export type Picker = ReturnType<typeof picker>;
