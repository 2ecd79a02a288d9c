import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLI, cliEnv } from './cli.js';

/** `webhook serve` of the built CLI on a free port, with its JSON log lines collected. */
export const startWebhookServeCli = (env: Record<string, string>) =>
  startListeningCli(['webhook', 'serve'], 'webhook listener started', env);

/** `worker` of the built CLI with its probes on a free port, in `runCli`'s environment, logs collected. */
export const startWorkerCli = (args: string[], env: Record<string, string>) =>
  startListeningCli(['worker', ...args], 'worker started', cliEnv(env));

/** A command that listens, on 127.0.0.1 and a free port, once it logged `started` (its line has the URL). */
async function startListeningCli(command: string[], started: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...command, '--host', '127.0.0.1', '--port', '0'], {
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
        if (record.msg === started) resolve(String(record.url));
      } catch {
        // Not JSON: kept in rawLines for the assertions.
      }
    });
    void exited.then((code) =>
      reject(new Error(`${command.join(' ')} exited with ${code}: ${rawLines.join('\n')}`)),
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
