/**
 * What the pinned NVIDIA GPU DRA driver (helmCharts.draDriver, kubernetes-sigs/dra-driver-nvidia-gpu
 * v0.4.1) publishes: the facts DRA selectors are checked against. Bump with the chart.
 */

/** Driver name of the GPU kubelet plugin: the attribute and capacity domain in CEL (cmd/gpu-kubelet-plugin/main.go@v0.4.1 `DriverName`). */
export const DRA_DRIVER_DOMAIN = 'gpu.nvidia.com';

/** Value type of a published attribute, as CEL sees it. */
export type DraAttributeType = 'string' | 'version';

/**
 * Attributes of a full GPU (`GpuInfo.Attributes()`,
 * kubernetes-sigs/dra-driver-nvidia-gpu cmd/gpu-kubelet-plugin/deviceinfo.go@v0.4.1), in the
 * driver's own domain. `uuid` and the PCI attributes identify one device and are left out on
 * purpose: a template selecting them would match one node only. `addressingMode` is published
 * on coherent-memory systems only (none in the catalogue).
 */
export const DRA_GPU_ATTRIBUTES: Readonly<Record<string, DraAttributeType>> = {
  type: 'string',
  productName: 'string',
  brand: 'string',
  architecture: 'string',
  cudaComputeCapability: 'version',
  driverVersion: 'version',
  cudaDriverVersion: 'version',
};

/** Capacity of a full GPU in bytes (`fullGpuCapacity`, cmd/gpu-kubelet-plugin/partitions.go@v0.4.1). */
export const DRA_GPU_MEMORY_CAPACITY = 'memory';

/**
 * DeviceClasses the chart creates with `resources.gpus.enabled` (deployments/helm/dra-driver-nvidia-gpu/templates/
 * deviceclass-gpu.yaml, deviceclass-mig.yaml, deviceclass-vfio-gpu.yaml @v0.4.1). Only `gpu.nvidia.com`
 * (full GPUs) is offered: MIG needs MIG-capable GPUs (none in the catalogue) and VFIO the
 * alpha `PassthroughSupport` gate.
 */
export const DRA_DEVICE_CLASSES: readonly string[] = ['gpu.nvidia.com'];

/**
 * `architecture` the driver publishes per GPU model of the instance catalogue: go-nvlib's
 * `GetArchitectureAsString` names (vendor/github.com/NVIDIA/go-nvlib/pkg/nvlib/device/device.go@v0.4.1
 * of the driver: "Turing", "Ampere", "Ada Lovelace", "Hopper"); which model is which
 * architecture is NVIDIA's product data (T4 Turing, A10G Ampere, L4 and L40S Ada Lovelace).
 */
export const DRA_ARCHITECTURE_OF_GPU: Readonly<Record<string, string>> = {
  T4: 'Turing',
  A10G: 'Ampere',
  L4: 'Ada Lovelace',
  L40S: 'Ada Lovelace',
};
