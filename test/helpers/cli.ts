import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/hostaway-sync.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (npm run build first) with a clean environment plus `env`, feeding `stdin`. */
export function runCli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        HOSTAWAY_TOKEN_ACTIVATION_MS: '0',
        HOSTAWAY_RETRY_BASE_MS: '5',
        HOSTAWAY_RATE_LIMIT_BACKOFF_MS: '20',
        // the test simulator enforces no limits; the client's own limiter is tested elsewhere
        HOSTAWAY_RATE_LIMIT_PER_IP: '10000',
        HOSTAWAY_RATE_LIMIT_PER_ACCOUNT: '10000',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Starts the built CLI and returns the child, for tests that signal it mid-run. */
export function startCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output, exited };
}
