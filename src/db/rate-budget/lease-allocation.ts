/** The rank of background requests (full and reconcile passes), the ones with a floor. */
const BACKGROUND_RANK = 2;

export interface Demander {
  holder: string;
  /** 0 interactive and webhook, 1 incremental, 2 background. */
  rank: number;
}

/**
 * What each process that wants requests of a scope should hold, per window: the most urgent rank splits
 * the limit evenly (the remainder to the first holders by id, so every process computes the same split);
 * while a more urgent process wants requests, a background one keeps its floor and any other gets nothing.
 */
export function allocateShares(limit: number, floor: number, demanders: readonly Demander[]) {
  const shares = new Map<string, number>();
  if (demanders.length === 0) return shares;
  const best = Math.min(...demanders.map((d) => d.rank));
  const floored = demanders.filter((d) => d.rank !== best && d.rank === BACKGROUND_RANK);
  const floorEach = Math.min(floor, Math.floor(limit / (floored.length + 1)));
  const leaders = demanders.filter((d) => d.rank === best).sort((a, b) => a.holder.localeCompare(b.holder));
  const rest = limit - floorEach * floored.length;
  const each = Math.floor(rest / leaders.length);
  leaders.forEach((d, i) => shares.set(d.holder, each + (i < rest - each * leaders.length ? 1 : 0)));
  for (const d of demanders)
    if (!shares.has(d.holder)) shares.set(d.holder, floored.includes(d) ? floorEach : 0);
  return shares;
}
