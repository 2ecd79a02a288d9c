import { spawn, spawnSync } from 'node:child_process';
import { CLI } from './cli.js';

/** util-linux `script` gives the CLI a pseudo-terminal without a native module. */
export const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/**
 * Runs the built CLI on a pseudo-terminal (stdin, stdout and stderr are all the terminal). `keys` are typed
 * once the screen shows `waitFor`; resolves with the exit code and everything the terminal showed.
 */
export async function runOnTerminal(
  args: string[],
  options: { env: Record<string, string>; waitFor: RegExp; keys: string; columns?: number },
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  const child = spawn(
    'script',
    ['-qfec', `stty cols ${options.columns ?? 120}; exec ${command}`, '/dev/null'],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let screen = '';
  let typed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    if (!typed && options.waitFor.test(screen)) {
      typed = true;
      child.stdin.write(options.keys);
    }
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, screen };
}
