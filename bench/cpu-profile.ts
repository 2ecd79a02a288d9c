/** Self time per function of a V8 .cpuprofile (node --cpu-prof), to check that no function dominates. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/(node_modules\/)?/, (_, nm: string | undefined) =>
    nm ? 'node_modules/' : '',
  );
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

/** Sampled ms (idle excluded), the GC's share, and the top functions' shares of the time outside idle, program and GC. */
export function summariseProfile(raw: unknown, topN = 8) {
  const profile = raw as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  let gc = 0;
  let busy = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const node = byId.get(id);
    if (node === undefined) return;
    const ms = (deltas[i] ?? 0) / 1000;
    const fn = node.callFrame.functionName;
    if (fn === '(idle)') return;
    busy += ms;
    if (fn === '(garbage collector)') gc += ms;
    if (SPECIAL.has(fn)) return;
    const name = nameOf(node);
    selfMs.set(name, (selfMs.get(name) ?? 0) + ms);
  });
  const top = [...selfMs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, topN)
    .map(([name, ms]) => ({ name, share: Number((ms / busy).toFixed(3)) }));
  return { busyMs: Math.round(busy), garbageCollectionShare: Number((gc / busy).toFixed(3)), top };
}
