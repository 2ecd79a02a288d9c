import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcStat {
  command: string;
  parent: number;
  /** utime + stime, and cutime + cstime (children waited for), in seconds. */
  own: number;
  children: number;
}

function readStat(pid: number | 'self'): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may hold spaces; fields after it start with the state.
    const command = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return {
      command,
      parent: Number(fields[1]),
      own: (utime! + stime!) / TICKS_PER_SECOND,
      children: (cutime! + cstime!) / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** utime + stime of a process, in seconds; null when /proc does not show it. */
export const processCpuSeconds = (pid: number) => readStat(pid)?.own ?? null;

/** CPU seconds of the children this process has waited for (the CLI processes that exited). */
export const exitedChildrenCpuSeconds = () => readStat('self')?.children ?? 0;

/**
 * CPU seconds the PostgreSQL server has used: every live postgres process plus the backends that exited
 * (the postmaster's children time). Server-wide: it includes every database's sessions.
 */
export function postgresCpuSeconds(): number {
  const stats = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => [Number(name), readStat(Number(name))] as const)
    .filter((entry): entry is readonly [number, ProcStat] => entry[1]?.command === 'postgres');
  const pids = new Set(stats.map(([pid]) => pid));
  let total = 0;
  for (const [, stat] of stats) {
    total += stat.own;
    if (!pids.has(stat.parent)) total += stat.children; // the postmaster: its exited backends
  }
  return total;
}
