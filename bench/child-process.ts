import { spawn, type ChildProcess } from 'node:child_process';
import type { ChildJobs } from './child.js';

type Job = keyof ChildJobs;
type Spec<J extends Job> = Parameters<ChildJobs[J]>[0];

/** Starts `node --import tsx bench/child.ts <job> <spec as JSON>`; stdout piped, stderr shared. */
export function spawnChild<J extends Job>(
  job: J,
  spec: Spec<J>,
  options: { ipc?: boolean } = {},
): ChildProcess {
  const path = new URL('./child.ts', import.meta.url).pathname;
  return spawn(process.execPath, ['--import', 'tsx', path, job, JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? (['ipc'] as const) : [])],
  });
}

/** Runs a measuring job in a fresh process (a clean heap, its own RSS and profile); returns its figures. */
export async function runInChild<J extends Exclude<Job, 'simulator'>>(
  job: J,
  spec: Spec<J>,
): Promise<Awaited<ReturnType<ChildJobs[J]>>> {
  const child = spawnChild(job, spec);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench child ${job} ${JSON.stringify(spec)} exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Awaited<ReturnType<ChildJobs[J]>>;
}
