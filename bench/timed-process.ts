import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from './cli-process.js';

/** What one process cost, as GNU time reports it (wall clock, CPU of the process and its children, RSS). */
export interface ProcessCost {
  wallSeconds: number;
  /** User + system CPU seconds. */
  cpuSeconds: number;
  /** Peak resident set size. */
  maxRssMiB: number;
}

export interface TimedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  cost: ProcessCost;
}

/**
 * Runs `command args…` under /usr/bin/time with exactly `env` (plus PATH and HOME), in `cwd`, so every
 * program (Node or not) is measured the same way.
 */
export async function runTimed(
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string },
): Promise<TimedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'hs-bench-time-'));
  const out = join(dir, 'time');
  try {
    const { code, stdout, stderr } = await startProcess(
      '/usr/bin/time',
      ['-f', '%e %U %S %M', '-o', out, command, ...args],
      options.env,
      options.cwd,
    ).done;
    // The last line: GNU time puts "Command exited with non-zero status N" above it on failure.
    const [wall, user, system, rssKiB] = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .at(-1)!
      .split(' ')
      .map(Number);
    return {
      code,
      stdout,
      stderr: stderr.slice(-2_000),
      cost: {
        wallSeconds: wall!,
        cpuSeconds: Number((user! + system!).toFixed(2)),
        maxRssMiB: Number((rssKiB! / 1024).toFixed(1)),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
