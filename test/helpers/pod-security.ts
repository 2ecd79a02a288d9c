/**
 * The "restricted" Pod Security Standard (Kubernetes 1.30+), as the admission controller checks it: the
 * violations of one pod spec, empty when a namespace enforcing `restricted` admits the pod.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  capabilities?: { add?: string[]; drop?: string[] };
  seccompProfile?: { type?: string };
}
export interface Container {
  name: string;
  ports?: { hostPort?: number }[];
  securityContext?: SecurityContext;
}
export interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers: Container[];
  initContainers?: Container[];
  volumes?: Record<string, unknown>[];
}

const ALLOWED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const ALLOWED_SECCOMP = new Set(['RuntimeDefault', 'Localhost']);

export function restrictedViolations(pod: PodSpec): string[] {
  const problems: string[] = [];
  for (const flag of ['hostNetwork', 'hostPID', 'hostIPC'] as const)
    if (pod[flag] === true) problems.push(`${flag} is set`);
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (type !== undefined && !ALLOWED_VOLUMES.has(type)) problems.push(`volume type ${type}`);
  }
  const podContext = pod.securityContext ?? {};
  if (podContext.runAsUser === 0) problems.push('pod runs as user 0');
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    const context = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if (context.privileged === true) problems.push(`${where} is privileged`);
    if (context.allowPrivilegeEscalation !== false)
      problems.push(`${where} does not set allowPrivilegeEscalation: false`);
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true)
      problems.push(`${where} does not set runAsNonRoot: true`);
    if (context.runAsUser === 0) problems.push(`${where} runs as user 0`);
    const seccomp = context.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (seccomp === undefined || !ALLOWED_SECCOMP.has(seccomp))
      problems.push(`${where} has no RuntimeDefault or Localhost seccomp profile`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where} does not drop ALL`);
    for (const added of context.capabilities?.add ?? [])
      if (added !== 'NET_BIND_SERVICE') problems.push(`${where} adds capability ${added}`);
    if ((container.ports ?? []).some((port) => port.hostPort !== undefined && port.hostPort !== 0))
      problems.push(`${where} uses a host port`);
  }
  return problems;
}
