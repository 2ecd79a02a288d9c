import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseEnv } from 'dotenv';
import { parse, parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/program.js';
import { restrictedViolations, type Container, type PodSpec } from '../helpers/pod-security.js';

const ROOT = 'deploy/kubernetes';
const BASE = `${ROOT}/base`;
const COMPONENT = `${ROOT}/components/sharded-full-sync`;
const CRON_COMPONENT = `${ROOT}/components/incremental-cronjob`;
const OVERLAY = `${ROOT}/overlays/example`;
/** The placeholder every workload names; only an overlay's `images:` says which image it is. */
const IMAGE_PLACEHOLDER = 'hostaway-sync';

interface Manifest {
  kind: string;
  apiVersion: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}
interface Kustomization {
  resources?: string[];
  images?: { name: string; newName: string; newTag: string }[];
}

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

function documents(text: string, source: string): Manifest[] {
  return parseAllDocuments(text).map((doc) => {
    assert.deepEqual(doc.errors, [], `${source}: YAML errors`);
    return doc.toJS() as Manifest;
  });
}

/** The objects of a kustomization folder's own files (base or component), in the order listed. */
function listed(dir: string): Manifest[] {
  const kustomization = readYaml<Kustomization>(`${dir}/kustomization.yaml`);
  const files = (kustomization.resources ?? []).filter((file) => file.endsWith('.yaml'));
  const present = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  assert.deepEqual(
    [...present].sort(),
    [...files].sort(),
    `${dir}: every file listed, nothing listed missing`,
  );
  return files.flatMap((file) => documents(readFileSync(`${dir}/${file}`, 'utf8'), `${dir}/${file}`));
}

type Pod = Omit<PodSpec, 'containers' | 'initContainers'> & WorkloadPod;
type WithTemplate = {
  template?: { spec?: Pod };
  jobTemplate?: { spec?: { template?: { spec?: Pod } } };
};
type WorkloadContainer = Container & {
  name: string;
  image?: string;
  args?: string[];
  command?: string[];
  env?: { name: string }[];
};
type WorkloadPod = {
  automountServiceAccountToken?: boolean;
  containers: WorkloadContainer[];
  initContainers?: WorkloadContainer[];
};

/** The pod spec of a Job, CronJob or Deployment. */
function podSpec(m: Manifest): Pod | undefined {
  const spec = m.spec as WithTemplate | undefined;
  return spec?.jobTemplate?.spec?.template?.spec ?? spec?.template?.spec;
}

/** Checks the object against the Kubernetes OpenAPI schema of its kind (types, required fields, enums). */
async function validateSchema(m: Manifest): Promise<void> {
  const modelPath = `kubernetes-models/${m.apiVersion}/${m.kind}`;
  const model = (await import(modelPath)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Kind = model[m.kind] ?? model['default'];
  assert.ok(Kind, `no schema for ${m.apiVersion} ${m.kind}`);
  assert.doesNotThrow(() => new Kind(withUnwrappedBase64(m)).validate(), `${m.kind} ${m.metadata.name}`);
}

/** kustomize wraps a Secret's long base64 values over lines, which the API server accepts; the schema's regex does not. */
function withUnwrappedBase64(m: Manifest): Manifest {
  const data = (m as { data?: Record<string, string> }).data;
  if (m.kind !== 'Secret' || data === undefined) return m;
  const unwrapped = Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, value.replace(/\s/g, '')]),
  );
  return { ...m, data: unwrapped } as Manifest;
}

/** argv the container would run, checked against the real CLI parser (no handler runs). */
async function assertValidArgs(args: string[]) {
  const calls: string[] = [];
  const program = buildProgram(async (command) => void calls.push(command.name()));
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  await program.parseAsync(['node', 'hostaway-sync', ...args]);
  assert.equal(calls.length, 1, args.join(' '));
}

function argvOf(container: WorkloadContainer): string[] {
  if (container.command?.[0] !== '/bin/sh') return container.args!;
  return container
    .args![0]!.replace(/^exec node \S+ /, '')
    .replace('"$JOB_COMPLETION_INDEX/4"', '0/4')
    .split(' ');
}

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const workDirs: string[] = [];
after(() => workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `kubectl kustomize` of the example overlay with `components` enabled and secret.env from its example. */
function renderOverlay(components = ['sharded-full-sync']): Manifest[] {
  const dir = mkdtempSync(join(tmpdir(), 'hs-kustomize-'));
  workDirs.push(dir);
  cpSync(ROOT, dir, { recursive: true });
  const overlay = join(dir, 'overlays/example');
  cpSync(join(overlay, 'secret.env.example'), join(overlay, 'secret.env'));
  const kustomization = join(overlay, 'kustomization.yaml');
  const text = readFileSync(kustomization, 'utf8');
  const enabled = text.replace(
    '# components:\n#   - ../../components/sharded-full-sync',
    ['components:', ...components.map((c) => `  - ../../components/${c}`)].join('\n'),
  );
  assert.notEqual(enabled, text, 'the overlay offers the sharded Job as a commented component');
  writeFileSync(kustomization, enabled);
  return documents(execFileSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' }), 'kustomize output');
}

describe('Kubernetes manifests', () => {
  const base = listed(BASE);
  const component = listed(COMPONENT);
  const cronComponent = listed(CRON_COMPONENT);
  const overlayOwn = documents(readFileSync(`${OVERLAY}/namespace.yaml`, 'utf8'), 'namespace.yaml');
  const sources = [...base, ...component, ...cronComponent, ...overlayOwn];
  const workloads = sources.filter((m) => podSpec(m) !== undefined);
  const config = parseEnv(readFileSync(`${BASE}/config.env`, 'utf8'));

  it('are valid against the Kubernetes schemas, each with a kind, an apiVersion and a name', async () => {
    assert.ok(workloads.length >= 5);
    for (const m of sources) {
      assert.ok(m.kind && m.apiVersion && m.metadata?.name, JSON.stringify(m).slice(0, 80));
      await validateSchema(m);
    }
  });

  it('pass the restricted Pod Security Standard and mount no service account token', () => {
    for (const m of workloads) {
      assert.deepEqual(restrictedViolations(podSpec(m)!), [], m.metadata.name);
      assert.equal(podSpec(m)!.automountServiceAccountToken, false, m.metadata.name);
    }
  });

  it('the restricted check refuses what the admission controller would', () => {
    const pod = structuredClone(podSpec(workloads[0]!)!);
    pod.securityContext = { runAsNonRoot: true };
    pod.containers[0]!.securityContext = { capabilities: { add: ['NET_ADMIN'] } };
    assert.deepEqual(
      restrictedViolations(pod).sort(),
      [
        `container ${pod.containers[0]!.name} adds capability NET_ADMIN`,
        `container ${pod.containers[0]!.name} does not drop ALL`,
        `container ${pod.containers[0]!.name} does not set allowPrivilegeEscalation: false`,
        `container ${pod.containers[0]!.name} has no RuntimeDefault or Localhost seccomp profile`,
        ...(pod.initContainers ?? []).flatMap((c) => [
          `container ${c.name} has no RuntimeDefault or Localhost seccomp profile`,
        ]),
      ].sort(),
    );
  });

  it('name the image once: workloads use the placeholder, the overlay sets it', () => {
    for (const m of workloads)
      for (const container of [...(podSpec(m)!.initContainers ?? []), ...podSpec(m)!.containers])
        assert.equal(container.image, IMAGE_PLACEHOLDER, `${m.metadata.name}/${container.name}`);
    const { images } = readYaml<Kustomization>(`${OVERLAY}/kustomization.yaml`);
    assert.deepEqual(
      images?.map((image) => image.name),
      [IMAGE_PLACEHOLDER],
    );
  });

  it('commit no Secret: the overlay generates it from secret.env, which git ignores', () => {
    assert.ok(!sources.some((m) => m.kind === 'Secret'), 'no Secret manifest');
    const ignored = readFileSync('.gitignore', 'utf8').split('\n');
    assert.ok(ignored.includes('deploy/kubernetes/overlays/*/secret.env'));
  });

  it('migrate before every long-running workload starts, so a release never meets an old schema', () => {
    for (const m of workloads.filter((w) => w.kind !== 'Job')) {
      const init = podSpec(m)!.initContainers ?? [];
      assert.deepEqual(
        init.map((c) => c.args),
        [['migrate']],
        m.metadata.name,
      );
    }
  });

  it('run the incremental sync every 5 minutes (as a component) and the reconcile nightly, never overlapping', () => {
    const cron = (name: string) =>
      [...base, ...cronComponent].find((m) => m.kind === 'CronJob' && m.metadata.name === name)!;
    assert.equal(cron('hostaway-sync-incremental').spec!.schedule, '*/5 * * * *');
    for (const name of ['hostaway-sync-incremental', 'hostaway-sync-reconcile'])
      assert.equal(cron(name).spec!.concurrencyPolicy, 'Forbid', name);
    assert.deepEqual(podSpec(cron('hostaway-sync-reconcile'))!.containers[0]!.args!.slice(0, 3), [
      'sync',
      'reconcile',
      '--due',
    ]);
  });

  it('keep the one-off sharded full sync out of the base', () => {
    assert.ok(!base.some((m) => m.kind === 'Job'));
    const indexed = component.find(
      (m) => m.kind === 'Job' && (m.spec as { completionMode?: string }).completionMode === 'Indexed',
    );
    assert.ok(indexed, 'an Indexed Job in the component');
  });

  it('run arguments the CLI accepts', async () => {
    for (const m of workloads)
      for (const container of [...(podSpec(m)!.initContainers ?? []), ...podSpec(m)!.containers])
        await assertValidArgs(argvOf(container));
  });

  it('admit the webhook pods through a NetworkPolicy on their port only', () => {
    const policy = base.find((m) => m.kind === 'NetworkPolicy');
    const deployment = base.find((m) => m.metadata.name === 'hostaway-sync-webhook')!;
    assert.ok(policy, 'a NetworkPolicy');
    const selector = (policy.spec as { podSelector: { matchLabels: Record<string, string> } }).podSelector;
    const labels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } })
      .template.metadata.labels;
    for (const [key, value] of Object.entries(selector.matchLabels)) assert.equal(labels[key], value, key);
    const ports = (policy.spec as { ingress: { ports: { port: number }[] }[] }).ingress.flatMap(
      (r) => r.ports,
    );
    assert.deepEqual(
      ports.map((p) => p.port),
      [8080],
    );
  });

  it('give every process of the pool the same budget: no container overrides the shared limits', () => {
    const shared = [
      'HOSTAWAY_RATE_LIMIT_PER_IP',
      'HOSTAWAY_RATE_LIMIT_PER_ACCOUNT',
      'HOSTAWAY_RATE_LIMIT_WINDOW_MS',
    ];
    assert.equal(config['HOSTAWAY_RATE_LIMIT_PER_IP'], '15');
    assert.equal(config['HOSTAWAY_SYNC_REQUIRE_SERVER'], '1');
    for (const m of workloads)
      for (const container of podSpec(m)!.containers)
        for (const variable of container.env ?? [])
          assert.ok(!shared.includes(variable.name), `${m.metadata.name} sets ${variable.name} on its own`);
  });

  it('probe the worker on the port it serves, scraped there, with time to drain before a SIGKILL', () => {
    const worker = base.find((m) => m.kind === 'Deployment' && m.metadata.name === 'hostaway-sync-worker');
    assert.ok(worker, 'a worker Deployment in the base');
    const pod = podSpec(worker)! as Pod & { terminationGracePeriodSeconds?: number };
    const container = pod.containers[0]! as unknown as {
      args: string[];
      ports: { name: string; containerPort: number }[];
      livenessProbe: { httpGet: { path: string; port: string } };
      readinessProbe: { httpGet: { path: string; port: string } };
    };
    const { args } = container;
    assert.deepEqual(args.slice(0, 1), ['worker']);
    const port = Number(args[args.indexOf('--port') + 1]);
    const named = container.ports.find((p) => p.containerPort === port);
    assert.ok(named, `a container port ${port}`);
    assert.deepEqual(
      [container.livenessProbe.httpGet, container.readinessProbe.httpGet],
      [
        { path: '/healthz', port: named.name },
        { path: '/readyz', port: named.name },
      ],
    );
    const annotations = (worker.spec as { template: { metadata: { annotations: Record<string, string> } } })
      .template.metadata.annotations;
    assert.equal(annotations['prometheus.io/port'], String(port));
    assert.equal(annotations['prometheus.io/path'], '/metrics');
    // The drain quits on its own 5 s after SIGTERM (src/cli/stop-signal.ts); the pod waits longer than that.
    assert.ok(pod.terminationGracePeriodSeconds! > 5);
  });

  it(
    'swap the worker for the incremental CronJob with the component, never running both',
    { skip: !hasKubectl() && 'kubectl is not installed' },
    () => {
      const names = (rendered: Manifest[]) =>
        rendered.filter((m) => podSpec(m) !== undefined).map((m) => `${m.kind}/${m.metadata.name}`);
      assert.deepEqual(names(renderOverlay([])).sort(), [
        'CronJob/hostaway-sync-reconcile',
        'Deployment/hostaway-sync-webhook',
        'Deployment/hostaway-sync-worker',
      ]);
      assert.deepEqual(names(renderOverlay(['incremental-cronjob'])).sort(), [
        'CronJob/hostaway-sync-incremental',
        'CronJob/hostaway-sync-reconcile',
        'Deployment/hostaway-sync-webhook',
      ]);
    },
  );

  it(
    'render with kustomize into valid objects, one image, one namespace',
    { skip: !hasKubectl() && 'kubectl is not installed' },
    async () => {
      const rendered = renderOverlay();
      const { images } = readYaml<Kustomization>(`${OVERLAY}/kustomization.yaml`);
      const image = `${images![0]!.newName}:${images![0]!.newTag}`;
      assert.ok(rendered.some((m) => m.kind === 'Secret') && rendered.some((m) => m.kind === 'Job'));
      for (const m of rendered) {
        await validateSchema(m);
        if (m.kind !== 'Namespace') assert.equal(m.metadata.namespace, 'hostaway-sync', m.metadata.name);
        const pod = podSpec(m);
        if (!pod) continue;
        assert.deepEqual(restrictedViolations(pod), [], m.metadata.name);
        for (const container of [...(pod.initContainers ?? []), ...pod.containers])
          assert.equal(container.image, image, `${m.metadata.name}/${container.name}`);
      }
    },
  );
});
