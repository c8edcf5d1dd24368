import type { EnvironmentConfig, NamespaceConfig, PodSecurityLevel } from '../types';

const pss = (enforce: PodSecurityLevel, warnAndAudit: PodSecurityLevel = enforce) => ({
  enforce,
  audit: warnAndAudit,
  warn: warnAndAudit,
});

/**
 * Namespaces the platform owns, with their Pod Security levels (seed 01 "Pod Security
 * Standards" table, corrected so audit/warn are never looser than enforce).
 */
const namespaces: Record<string, NamespaceConfig> = {
  karpenter: { podSecurity: pss('restricted'), reason: 'controller only; the chart runs non-root with a read-only root filesystem' },
  keda: { podSecurity: pss('restricted'), reason: 'operator, metrics server and webhooks; no host access' },
  'knative-operator': { podSecurity: pss('restricted'), reason: 'operator only; no host access' },
  'knative-serving': { podSecurity: pss('restricted'), reason: 'activator, autoscaler, controller, webhook; no host access' },
  'kourier-system': { podSecurity: pss('restricted'), reason: 'Kourier gateway (Envoy) runs unprivileged' },
  kyverno: { podSecurity: pss('restricted'), reason: 'admission, background, cleanup and reports controllers; no host access' },
  'external-secrets': { podSecurity: pss('restricted'), reason: 'controller, webhook, cert controller; no host access' },
  opencost: { podSecurity: pss('restricted'), reason: 'cost exporter; reads Prometheus and the AWS pricing API only' },
  monitoring: {
    podSecurity: pss('privileged'),
    reason: 'node-exporter needs hostNetwork, hostPID and hostPath mounts of /proc and /sys',
  },
  'gpu-operator': {
    podSecurity: pss('privileged'),
    reason:
      'NVIDIA device plugin, GPU Feature Discovery and NFD worker mount the kubelet device-plugin socket and host paths; ' +
      'DCGM exporter needs the SYS_ADMIN capability to read GPU profiling counters',
  },
  dragonfly: {
    podSecurity: pss('privileged'),
    reason: 'the peer daemon (dfdaemon) serves the containerd mirror on the host network at 127.0.0.1:4001 and caches on a hostPath',
  },
  inference: {
    podSecurity: pss('baseline', 'restricted'),
    reason: 'GPU workloads need no privilege; restricted is audited and warned so images can be tightened without blocking debugging',
  },
};

/**
 * What every environment shares. dev.ts and prod.ts override it; nothing else sets values.
 */
export const base: Omit<EnvironmentConfig, 'name' | 'cluster'> = {
  gitops: {
    repoUrl: 'https://github.com/acme-ml/gpu-inference-platform.git',
    targetRevision: 'main',
  },
  namespaces,
};
