import type { SystemPod } from './derived/system-capacity';

/**
 * EKS add-ons on the system node group that this repository does not render (Terraform installs
 * them): the DaemonSets on every node, CoreDNS and the EBS CSI controller, which tolerate
 * `CriticalAddonsOnly` and so run on the system nodes, and metrics-server, which terraform/eks.tf
 * pins there (tfvars `system_pod_placement`: the system nodes' nodeSelector and tolerations).
 * The `per-node` ones tolerate every taint, so GPU nodes run them too: the GPU-node capacity model
 * counts them from here (derived/gpu-node-daemonsets.ts). Requests are those of the add-ons'
 * upstream manifests (modelled: EKS may ship other values per add-on version; re-check with
 * `kubectl describe node` on a system node).
 */
export const eksAddonPods: readonly (SystemPod & { readonly source: string })[] = [
  { name: 'eks/aws-node', requests: { cpu: 0.025, memoryMiB: 0 }, replicas: 'per-node', source: 'aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml (cpu 25m)' },
  { name: 'eks/kube-proxy', requests: { cpu: 0.1, memoryMiB: 0 }, replicas: 'per-node', source: 'EKS kube-proxy add-on DaemonSet (cpu 100m)' },
  { name: 'eks/ebs-csi-node', requests: { cpu: 0.03, memoryMiB: 120 }, replicas: 'per-node', source: 'kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/values.yaml (3 containers x 10m/40Mi)' },
  {
    name: 'eks/eks-node-monitoring-agent',
    requests: { cpu: 0.01, memoryMiB: 30 },
    replicas: 'per-node',
    source: 'aws/eks-node-monitoring-agent charts/eks-node-monitoring-agent/values.yaml@v1.7.0 (nodeAgent.resources 10m/30Mi; tolerations: operator Exists)',
  },
  {
    name: 'eks/eks-pod-identity-agent',
    requests: { cpu: 0, memoryMiB: 0 },
    replicas: 'per-node',
    source: 'aws/eks-pod-identity-agent charts/eks-pod-identity-agent/values.yaml@v0.1.37 (resources: {}; tolerations: operator Exists)',
  },
  { name: 'eks/coredns', requests: { cpu: 0.1, memoryMiB: 70 }, replicas: 2, source: 'coredns/deployment kubernetes/coredns.yaml.sed (100m/70Mi), 2 replicas on EKS' },
  { name: 'eks/ebs-csi-controller', requests: { cpu: 0.06, memoryMiB: 240 }, replicas: 2, source: 'kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/values.yaml (6 containers x 10m/40Mi), 2 replicas' },
  {
    name: 'eks/metrics-server',
    requests: { cpu: 0.1, memoryMiB: 200 },
    replicas: 2,
    source:
      'kubernetes-sigs/metrics-server charts/metrics-server/values.yaml@metrics-server-helm-chart-3.13.1 (100m/200Mi, the same since 3.11.0); ' +
      '2 replicas as the EKS community add-on ships ("Kubernetes Metrics Server setup recommendations", AWS re:Post, https://repost.aws/articles/ARo3gNWB0fTaOUSasgws8VBA/kubernetes-metrics-server-setup-recommendations)',
  },
];
