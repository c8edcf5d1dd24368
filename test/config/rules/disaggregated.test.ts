import { describe, expect, it } from 'vitest';
import { ROLE_MIN_REPLICAS_MESSAGE } from '../../../src/config/rules/disaggregated';
import { imageProblem } from '../../../src/config/rules/workloads';
import { validateEnvironment } from '../../../src/config/validate';
import { disaggregatedImages } from '../../../src/config/versions';
import { disaggregatedFixture } from '../../fixtures/disaggregated';

const at = 'fixture.workloads.services.pd';
const problems = (patch: (d: any) => void) => validateEnvironment(disaggregatedFixture(patch));

describe('disaggregated prefill/decode guardrails', () => {
  it('accepts the documented example', () => {
    expect(validateEnvironment(disaggregatedFixture())).toEqual([]);
  });

  it('pins both images: the router and the engine of versions.ts carry a version tag', () => {
    expect(imageProblem(disaggregatedImages.router)).toBeUndefined();
    expect(imageProblem(disaggregatedImages.vllmEngine)).toBeUndefined();
  });

  it('refuses an engine image on :latest', () => {
    expect(problems((d) => (d.workloads.services.pd.image = 'vllm/vllm-openai:latest'))).toEqual([
      { path: `${at}.image`, message: '"vllm/vllm-openai:latest" uses :latest; pin a version tag or a digest so a revert is possible' },
    ]);
  });

  it('refuses a role at zero replicas: nothing wakes it', () => {
    expect(problems((d) => (d.workloads.services.pd.decode.minReplicas = 0))).toEqual([{ path: `${at}.decode.minReplicas`, message: ROLE_MIN_REPLICAS_MESSAGE }]);
    expect(ROLE_MIN_REPLICAS_MESSAGE).toBe(
      'must be at least 1: nothing wakes a disaggregated role from zero (the router answers 503 PREFILL/DECODE_SERVICE_UNAVAILABLE when a role has no ready pod and queues nothing, and vLLM metrics exist only while pods run)',
    );
  });

  it('refuses both roles on one pool', () => {
    expect(problems((d) => (d.workloads.services.pd.decode.pool = 'a10g'))).toEqual([
      {
        path: `${at}.decode.pool`,
        message: '"a10g" is also prefill.pool; each role needs its own pool (compute-dense GPUs for prefill, memory-rich GPUs for decode), or one scaling rule ends up paying for both',
      },
    ]);
  });

  it('refuses a pool that is not a GPU pool', () => {
    expect(problems((d) => (d.workloads.services.pd.prefill.pool = 'general'))).toEqual([
      { path: `${at}.prefill.pool`, message: '"general" is not a GPU pool in nodes.pools (GPU pools: gpu, a10g)' },
    ]);
  });

  it('refuses a role that fits no instance type of its own pool, though another pool would fit it', () => {
    // 20000 MiB fits the A10G pool (prefill's), not the T4 pool decode is pinned to.
    expect(problems((d) => (d.workloads.services.pd.decode.resources.vramMiB = 20_000))).toEqual([
      {
        path: `${at}.decode.resources`,
        message:
          '1 GPU(s) of 20000 MiB, 3 vCPU and 12 GiB fit no instance type the GPU pool "gpu" allows (after 0.4 vCPU / 1.5 GiB of DaemonSets plus kube-reserved per instance): ' +
          'pods of "pd-decode" would stay Pending; allow a larger instance type or shrink the request. ' +
          'Allowed: g4dn.xlarge (1x16384 MiB, 4 vCPU, 16 GiB), g4dn.2xlarge (1x16384 MiB, 8 vCPU, 32 GiB), g4dn.4xlarge (1x16384 MiB, 16 vCPU, 64 GiB)',
      },
    ]);
  });

  it('refuses tensor parallelism that differs from the GPUs per replica', () => {
    expect(problems((d) => (d.workloads.services.pd.prefill.tensorParallelSize = 2))).toEqual([
      {
        path: `${at}.prefill.tensorParallelSize`,
        message: '2 must equal resources.gpus (1): vLLM shards the model over exactly --tensor-parallel-size GPUs, and the pod gets resources.gpus',
      },
      {
        path: `${at}.decode.tensorParallelSize`,
        message:
          '1 differs from prefill.tensorParallelSize 2: the KV cache is handed over block for block between ranks of equal tensor parallelism (heterogeneous TP is not accepted here: unverified at the pinned vLLM)',
      },
    ]);
  });

  it('refuses a KV-transfer zone outside the VPC', () => {
    const env = disaggregatedFixture((d) => (d.workloads.services.pd.kvTransfer.zone = 'eu-west-1x'));
    const zones = env.platform.network.availabilityZones.join(', ');
    expect(validateEnvironment(env)).toEqual([
      {
        path: `${at}.kvTransfer.zone`,
        message: `"eu-west-1x" is not one of the VPC's availability zones (${zones}); both roles are pinned to this zone because NIXL over UCX/TCP sends each request's KV cache from a prefill pod to a decode pod, which must not cross zones (latency on the first token, inter-AZ transfer charges)`,
      },
    ]);
  });

  it('refuses KV ports that collide or a UCX range too small for the GPU workers', () => {
    expect(problems((d) => (d.workloads.services.pd.kvTransfer.sideChannelPort = 20003))).toEqual([
      { path: `${at}.kvTransfer.sideChannelPort`, message: '20003 collides with the vLLM port or the UCX port range; each needs its own port' },
    ]);
    expect(problems((d) => (d.workloads.services.pd.kvTransfer.ucxPortLast = 19999))).toEqual([{ path: `${at}.kvTransfer.ucxPortLast`, message: '19999 is below ucxPortFirst 20000' }]);
    const tp2 = problems((d) => {
      const pd = d.workloads.services.pd;
      for (const r of [pd.prefill, pd.decode]) Object.assign(r, { tensorParallelSize: 2 });
      pd.kvTransfer.ucxPortLast = 20000;
    });
    expect(tp2).toContainEqual({
      path: `${at}.kvTransfer.ucxPortLast`,
      message: 'the UCX port range 20000-20000 has fewer ports than the 2 GPU workers of one engine, each of which listens on its own port',
    });
  });

  it('counts both roles and the router in the quota and the GPU pools', () => {
    const tight = problems((d) => (d.namespaces[d.workloads.namespace].quota.gpus = 12));
    // worker 2+1, web 2+2, prefill 2+1, decode 2+1 = 13 GPUs at max scale during a rollout.
    expect(tight).toEqual([
      {
        path: 'fixture.namespaces.inference.quota.gpus',
        message: '12 is below the 13 GPUs the workloads request at max scale during a rollout (Deployment surge, a new Knative revision at full scale); the quota would stall the rollout or cap scale-out',
      },
    ]);
    // The T4 pool has 4 GPUs: decode cannot grow to 5 there, though the A10G pool has GPUs left.
    expect(problems((d) => (d.workloads.services.pd.decode.maxReplicas = 5))).toEqual([
      { path: `${at}.decode.maxReplicas`, message: '5 replicas of 1 GPU(s) need 5 GPUs but nodes.pools.gpu.limits.gpus is 4; scale-out of this role would stop silently at 4' },
    ]);
  });

  it('refuses a role drain past the termination grace period', () => {
    expect(problems((d) => (d.workloads.services.pd.prefill.drainSeconds = 120))).toEqual([
      { path: `${at}.prefill.drainSeconds`, message: '120 must be below the 120 s termination grace period, or SIGTERM never reaches the server' },
    ]);
  });
});
