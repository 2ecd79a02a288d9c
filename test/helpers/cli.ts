import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/hostaway-sync.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment plus `env`: no token wait, short backoffs, and no client-side limit (the test
 * simulator enforces none; the limiter is tested on its own). */
export function cliEnv(env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    HOSTAWAY_TOKEN_ACTIVATION_MS: '0',
    HOSTAWAY_RETRY_BASE_MS: '5',
    HOSTAWAY_RATE_LIMIT_BACKOFF_MS: '20',
    HOSTAWAY_RATE_LIMIT_PER_IP: '10000',
    HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: '10000',
    ...env,
  };
}

/** Starts the built CLI (npm run build first); `exited` resolves with its exit code. */
export function startCli(args: string[], env: Record<string, string> = {}, stdin?: string) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: cliEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  child.stdin.end(stdin ?? '');
  return { child, output, exited };
}

/** Runs the built CLI to its end, feeding `stdin`. */
export async function runCli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<CliResult> {
  const run = startCli(args, options.env, options.stdin);
  const code = await run.exited;
  return { code, ...run.output };
}

export interface ErrorRecord {
  msg: string;
  hint?: string;
  code: string;
  exitCode: number;
}

/** The final error of a run off a terminal: one JSON log record on stderr, like the other log lines. */
export function errorRecord(stderr: string): ErrorRecord | undefined {
  const records = stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Partial<ErrorRecord> & { level?: string });
  return records.filter((r): r is ErrorRecord => r.level === 'error' && r.exitCode !== undefined).at(-1);
}
