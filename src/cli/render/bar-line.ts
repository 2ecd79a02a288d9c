import type { ChalkInstance } from 'chalk';
import stringWidth from 'string-width';
import { RESOURCES } from '../../sync/registry.js';
import { formatBarStatus, type BarState } from './bar-status.js';

/** Every resource name fits its label, so the bars stay in line. */
const NAME_WIDTH = Math.max(...RESOURCES.map((r) => r.name.length));

/** The bar's width on a terminal `columns` wide: shorter on a narrow one, so the figures after it fit. */
export function barWidth(columns: number): number {
  return Math.max(6, Math.min(24, columns - 76 - NAME_WIDTH));
}

/** `10001 reservations         `: the account and the resource, padded so the bars start in one column. */
export function barLabel(accountId: number, resource: string): string {
  return `${accountId} ${resource.padEnd(NAME_WIDTH)}`;
}

/**
 * One progress line, `10001 threads  ████░░░░ 120/2000 | 35/s | ETA 54s | 12 req | 0 429`, no wider than
 * `columns`: the status gives up what does not fit, least useful first (see formatBarStatus).
 */
export function formatBarLine(
  line: { label: string; progress: number; state: BarState },
  now: number,
  columns: number,
  color: Pick<ChalkInstance, 'cyan'>,
): string {
  const size = barWidth(columns);
  const done = Math.round(Math.min(1, Math.max(0, line.progress)) * size);
  const bar = '\u2588'.repeat(done) + '\u2591'.repeat(size - done);
  const room = columns - stringWidth(line.label) - size - 2;
  return `${line.label} ${color.cyan(bar)} ${formatBarStatus(line.state, now, room)}`;
}
