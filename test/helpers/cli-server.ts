import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLI } from './cli.js';

/** `webhook serve` of the built CLI on a free port, with its JSON log lines collected. */
export async function startWebhookServeCli(env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, 'webhook', 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logs: Record<string, unknown>[] = [];
  const rawLines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      rawLines.push(line);
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        logs.push(record);
        if (record.msg === 'webhook listener started') resolve(String(record.url));
      } catch {
        // Not JSON: kept in rawLines for the assertions.
      }
    });
    void exited.then((code) =>
      reject(new Error(`webhook serve exited with ${code}: ${rawLines.join('\n')}`)),
    );
  });
  return {
    child,
    url,
    logs,
    rawLines,
    exited,
    async stop(): Promise<number | null> {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
