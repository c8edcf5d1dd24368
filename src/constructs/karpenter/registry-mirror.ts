/**
 * Registry mirror wiring written at node boot, so the very first image pull on a new node
 * already goes through the local Dragonfly peer (a DaemonSet writing it would race that pull).
 * One writer per file: the Dragonfly chart's dfinit stays disabled.
 */

/** Where pulls for some registries should go first. */
export interface RegistryMirrorProps {
  /** Registry hosts to mirror, e.g. `111122223333.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly registries: readonly string[];
  /** The local mirror endpoint, e.g. `http://127.0.0.1:4001` (Dragonfly dfdaemon proxy). */
  readonly endpoint: string;
}

/**
 * containerd `certs.d/<registry>/hosts.toml`: try the mirror first; the `server` line makes
 * containerd fall back to the registry itself when the mirror is down, so a pull never fails
 * because of Dragonfly. The header tells dfdaemon which upstream to fetch from on a miss.
 */
export function containerdHostsToml(registry: string, endpoint: string): string {
  return [
    `server = "https://${registry}"`,
    '',
    `[host."${endpoint}"]`,
    '  capabilities = ["pull", "resolve"]',
    '',
    `[host."${endpoint}".header]`,
    `  X-Dragonfly-Registry = ["https://${registry}"]`,
    '',
  ].join('\n');
}

const BOUNDARY = 'GPU-INFERENCE-PLATFORM-BOUNDARY';

/**
 * AL2023 user data: a MIME multi-part document (the format Karpenter merges with its own
 * nodeadm NodeConfig) whose shell part writes one hosts.toml per registry. Cloud-init runs it
 * between nodeadm's config and run phases, i.e. before containerd and kubelet start, so no
 * image is pulled before the mirror exists. nodeadm's containerd config already reads
 * `/etc/containerd/certs.d` (`config_path`), so no containerd override is needed (one that
 * names the CRI plugin would differ between containerd 1.7 and 2.x).
 */
export function al2023UserData(props: RegistryMirrorProps): string {
  const script = [
    '#!/bin/bash',
    'set -euo pipefail',
    ...props.registries.flatMap((registry) => [
      `mkdir -p /etc/containerd/certs.d/${registry}`,
      `cat > /etc/containerd/certs.d/${registry}/hosts.toml <<'HOSTS_TOML'`,
      containerdHostsToml(registry, props.endpoint).trimEnd(),
      'HOSTS_TOML',
    ]),
  ].join('\n');
  return [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    '',
    `--${BOUNDARY}`,
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    '',
    script,
    '',
    `--${BOUNDARY}--`,
    '',
  ].join('\n');
}

/**
 * Bottlerocket user data: `[[settings.container-registry.mirrors]]` entries of `registry` and an
 * ordered `endpoint` list (the representation since Bottlerocket 1.4.0,
 * bottlerocket-os/bottlerocket sources/settings-migrations/archived/v1.4.0/registry-mirror-representation@v1.26.0).
 * Karpenter keeps every setting it does not own when it merges its own into this TOML
 * (`SettingsRaw`, aws/karpenter-provider-aws pkg/providers/amifamily/bootstrap/bottlerocketsettings.go@v1.9.0).
 * The node-local peer first, then the registry itself, as AL2023's `server` line: the fallback is
 * written out rather than left to containerd's implicit default host. dfdaemon uses its default
 * upstream (`registryMirror.addr`) because no header can be set here.
 */
export function bottlerocketUserData(props: RegistryMirrorProps): string {
  return props.registries
    .map((registry) => ['[[settings.container-registry.mirrors]]', `registry = "${registry}"`, `endpoint = ["${props.endpoint}", "https://${registry}"]`, ''].join('\n'))
    .join('\n');
}
