import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// BENCH_CLI: another build of the CLI (e.g. of a commit exported elsewhere), so a rebuild of dist/ during a
// long run cannot change the code under measurement.
export const CLI =
  process.env.BENCH_CLI ?? fileURLToPath(new URL('../bin/hostaway-sync.js', import.meta.url));
const BUILT = process.env.BENCH_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface CliRun {
  code: number | null;
  seconds: number;
  stdout: string;
  stderr: string;
}

/** The process benchmarks run the built CLI as a deployment would: `npm run build` first. */
export function assertCliBuilt(): void {
  if (!existsSync(BUILT)) throw new Error('the process benchmarks run the built CLI: npm run build first');
}

/** Starts `command args…` with exactly `env` (plus PATH and HOME); `done` resolves when it exits. */
export function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): { done: Promise<CliRun>; pid: number } {
  const started = performance.now();
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, seconds: (performance.now() - started) / 1000, stdout, stderr }),
    );
  });
  return { done, pid: child.pid! };
}

/** `hostaway-sync args…` (see startProcess). */
export const startCli = (args: string[], env: Record<string, string>) =>
  startProcess(process.execPath, [CLI, ...args], env);

export const runCli = (args: string[], env: Record<string, string>) => startCli(args, env).done;

/** Throws with the tail of stderr unless the run exited 0. */
export function expectSuccess(run: CliRun, what: string): CliRun {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}: ${run.stderr.slice(-1_500)}`);
  return run;
}
