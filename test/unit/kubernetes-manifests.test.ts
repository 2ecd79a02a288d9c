import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { buildProgram, type Handlers } from '../../src/cli/program.js';

const DIR = 'deploy/kubernetes';
type Manifest = {
  kind: string;
  apiVersion: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
};

function manifests(): Manifest[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(`${DIR}/${file}`, 'utf8')).map((doc) => {
        assert.deepEqual(doc.errors, [], `${file}: YAML errors`);
        return doc.toJS() as Manifest;
      }),
    );
}

type PodSpec = {
  containers: { args?: string[]; command?: string[]; env?: { name: string; value?: string }[] }[];
  securityContext?: { runAsNonRoot?: boolean };
};
type WithTemplate = {
  template?: { spec?: PodSpec };
  jobTemplate?: { spec?: { template?: { spec?: PodSpec } } };
};

/** The pod spec of a Job, CronJob or Deployment. */
function podSpec(m: Manifest): PodSpec | undefined {
  const spec = m.spec as WithTemplate | undefined;
  return spec?.jobTemplate?.spec?.template?.spec ?? spec?.template?.spec;
}

/** argv the container would run, checked against the real CLI parser (no handler runs). */
async function assertValidArgs(args: string[]) {
  const calls: string[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_t, name: string) => async () => (calls.push(name), 0),
  });
  const program = buildProgram(handlers, () => undefined);
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync(['node', 'hostaway-sync', ...args]);
  assert.equal(calls.length, 1, args.join(' '));
}

describe('Kubernetes manifests', () => {
  const all = manifests();

  it('are valid YAML with kind, apiVersion and a name', () => {
    assert.ok(all.length >= 6);
    for (const m of all)
      assert.ok(m.kind && m.apiVersion && m.metadata?.name, JSON.stringify(m).slice(0, 80));
  });

  it('run the incremental sync every 5 minutes and the reconcile nightly, never overlapping', () => {
    const cron = (name: string) => all.find((m) => m.kind === 'CronJob' && m.metadata.name === name)!;
    assert.equal(cron('hostaway-sync-incremental').spec!.schedule, '*/5 * * * *');
    for (const name of ['hostaway-sync-incremental', 'hostaway-sync-reconcile']) {
      assert.equal(cron(name).spec!.concurrencyPolicy, 'Forbid', name);
    }
    assert.deepEqual(podSpec(cron('hostaway-sync-reconcile'))!.containers[0]!.args!.slice(0, 3), [
      'sync',
      'reconcile',
      '--due',
    ]);
  });

  it('shard with an Indexed Job and a migrate Job exists', () => {
    const indexed = all.find(
      (m) => m.kind === 'Job' && (m.spec as { completionMode?: string }).completionMode === 'Indexed',
    );
    assert.ok(indexed, 'an Indexed Job');
    const migrate = all.find((m) => m.kind === 'Job' && podSpec(m)?.containers[0]?.args?.[0] === 'migrate');
    assert.ok(migrate, 'a migrate Job');
  });

  it('run as non-root, with arguments the CLI accepts', async () => {
    for (const m of all) {
      const pod = podSpec(m);
      if (!pod) continue;
      assert.equal(pod.securityContext?.runAsNonRoot, true, m.metadata.name);
      for (const container of pod.containers) {
        const args =
          container.command?.[0] === '/bin/sh'
            ? container
                .args![0]!.replace(/^exec node \S+ /, '')
                .replace('"$JOB_COMPLETION_INDEX/4"', '0/4')
                .split(' ')
            : container.args!;
        await assertValidArgs(args);
      }
    }
  });

  it('give every process of the pool the same budget: no container overrides the shared limits', () => {
    const shared = [
      'HOSTAWAY_RATE_LIMIT_PER_IP',
      'HOSTAWAY_RATE_LIMIT_PER_ACCOUNT',
      'HOSTAWAY_RATE_LIMIT_WINDOW_MS',
    ];
    const config = all.find((m) => m.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
    assert.equal(config.data['HOSTAWAY_RATE_LIMIT_PER_IP'], '15');
    for (const m of all)
      for (const container of podSpec(m)?.containers ?? [])
        for (const variable of container.env ?? [])
          assert.ok(!shared.includes(variable.name), `${m.metadata.name} sets ${variable.name} on its own`);
  });
});
