/**
 * `--node-debug`: the short-lived Pod that prints one GPU node's containerd registry-mirror
 * files, and the comparison of what it printed with what the config renders. AL2023 nodes get
 * `/etc/containerd/certs.d/<registry>/hosts.toml` from the EC2NodeClass user data
 * (`al2023UserData`, src/constructs/karpenter/registry-mirror.ts), so the expected text is
 * `containerdHostsToml(registry, endpoint)`. The Pod only reads: the host directory is mounted
 * read-only, the container runs as nobody with no capabilities and no service account token.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { containerdHostsToml } from '../../constructs/karpenter/registry-mirror';
import { fail, pass, type CheckResult } from '../types';

/** containerd's `config_path`, where nodeadm's containerd config reads hosts.toml files. */
export const CERTS_DIR = '/etc/containerd/certs.d';
const MOUNT = '/host/certs.d';
/** Printed in place of a file that does not exist (not valid TOML, so never a file's text). */
export const MISSING = '<<missing>>';
const HEADER = '### ';

/** Labels of every debug Pod verify creates, so a left-over one is easy to find and delete. */
export const DEBUG_LABELS = { 'app.kubernetes.io/name': 'verify-node-debug', 'app.kubernetes.io/managed-by': 'npm-run-verify' } as const;

/** What the debug Pod needs: where it runs and what it prints. */
export interface DebugPodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly registries: readonly string[];
  readonly image: string;
  /** The kubelet kills the Pod after this long even if verify died before deleting it. */
  readonly deadlineSeconds: number;
}

/** A registry host is interpolated into a shell script: only hostname[:port] characters. */
const HOST = /^[A-Za-z0-9.-]+(:\d+)?$/;

/** The shell script: one header line per registry, then its hosts.toml (or MISSING). */
export function printScript(registries: readonly string[], dir = MOUNT): string {
  for (const r of registries) if (!HOST.test(r)) throw new Error(`registry ${JSON.stringify(r)} is not a host name`);
  return registries.map((r) => `echo '${HEADER}${r}'; cat '${dir}/${r}/hosts.toml' 2>/dev/null || echo '${MISSING}'`).join('; ');
}

/** The Pod: pinned to the node by name (no scheduler involved), tolerating every taint. */
export function debugPod(s: DebugPodSpec): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: s.name, namespace: s.namespace, labels: { ...DEBUG_LABELS } },
    spec: {
      nodeName: s.node,
      restartPolicy: 'Never',
      activeDeadlineSeconds: s.deadlineSeconds,
      automountServiceAccountToken: false,
      tolerations: [{ operator: 'Exists' }],
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'print',
        image: s.image,
        command: ['sh', '-c', printScript(s.registries)],
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'certs', mountPath: MOUNT, readOnly: true }],
      }],
      volumes: [{ name: 'certs', hostPath: { path: CERTS_DIR, type: 'Directory' } }],
    },
  };
}

/** The Pod's log split back into registry -> file text (undefined when MISSING). */
export function parsePrinted(log: string): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current === undefined) return;
    const text = lines.join('\n');
    out.set(current, text.trim() === MISSING ? undefined : text);
  };
  for (const line of log.split('\n')) {
    if (line.startsWith(HEADER)) {
      flush();
      current = line.slice(HEADER.length);
      lines = [];
    } else lines.push(line);
  }
  flush();
  return out;
}

/** The first differing line, for a one-line result. */
function firstDifference(got: string, want: string): string {
  const [g, w] = [got.split('\n'), want.split('\n')];
  const i = w.findIndex((line, n) => g[n] !== line);
  const at = i < 0 ? w.length : i;
  return `line ${at + 1}: ${JSON.stringify(g[at] ?? '<end of file>')}, config renders ${JSON.stringify(w[at] ?? '<end of file>')}`;
}

/** `nodes.registry-mirror`: each registry's hosts.toml on `node` equals the rendered one. */
export function mirrorChecks(node: string, registries: readonly string[], endpoint: string, printed: ReadonlyMap<string, string | undefined>): CheckResult[] {
  return registries.map((r) => {
    const subject = `${node} ${r}`;
    const next = `kubectl debug node/${node} -it --image=busybox -- cat /host${CERTS_DIR}/${r}/hosts.toml`;
    const got = printed.get(r);
    // Trailing newlines differ between the heredoc that wrote the file and the renderer.
    const want = containerdHostsToml(r, endpoint).trimEnd();
    if (got === undefined) return fail('nodes.registry-mirror', subject, `${CERTS_DIR}/${r}/hosts.toml missing: pulls of ${r} bypass the Dragonfly peer`, next);
    return got.trimEnd() === want ? pass('nodes.registry-mirror', subject, `hosts.toml mirrors through ${endpoint}`) : fail('nodes.registry-mirror', subject, `hosts.toml differs from the config: ${firstDifference(got.trimEnd(), want)}`, next);
  });
}
