import type { GpuPodProps } from '../../../src/constructs/inference/gpu-pod';

/** Pod fields of a fixture GPU workload, independent of the sample environments. */
export const gpuPod: GpuPodProps = {
  name: 'web',
  namespace: 'serving',
  image: 'registry.example/web:1.0.0',
  port: 8000,
  readinessPath: '/health',
  livenessPath: '/live',
  startupSeconds: 300,
  writablePaths: ['/tmp', '/cache'],
  writableSizeGiB: 5,
  gpus: 1,
  cpu: 2,
  memoryGiB: 8,
  instanceTypes: ['g5.xlarge'],
  gpuTaint: { key: 'nvidia.com/gpu', effect: 'NoSchedule' },
  onePerNode: false,
  priorityClassName: 'inference',
  runAsUser: 1000,
};
