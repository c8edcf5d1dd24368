import { describe, expect, it } from 'vitest';
import { effectiveComponents } from '../../../src/charts/helm/effective';
import { cpuCores, memoryMiB } from '../../../src/config/derived/system-capacity';
import { gpuNodeDaemonSets } from '../../../src/config/derived/gpu-node-daemonsets';
import type { EnvironmentConfig } from '../../../src/config/types';
import { fixtureEnvironment } from '../../fixtures/environment';
import { bottlerocketFixture } from '../../fixtures/gpu-nodes';
import { releasesOf, valuesOf } from './releases';

/** GPU-node DaemonSet requests set here, unlike any sample environment's. */
const CLIENT = { cpu: '300m', memory: '1536Mi' };
const NVIDIA = { cpu: '30m', memory: '96Mi' };
const patch = (d: any) => (d.nodes.gpuNodeDaemonSets = { dragonflyClient: { ...CLIENT }, nvidiaDevicePlugin: { ...NVIDIA } });
const env = fixtureEnvironment(patch);
const bottlerocket = bottlerocketFixture(patch);

/** Requests of one container of a release as rendered: our values merged over the chart's defaults. */
function renderedRequests(e: EnvironmentConfig, app: string, image: string) {
  const c = effectiveComponents(releasesOf(e)[app]).find((x) => x.path === image);
  if (!c) throw new Error(`${app}: no component ${image}`);
  return { cpu: cpuCores(c.requests.cpu), memoryMiB: memoryMiB(c.requests.memory) };
}

const modelled = (e: EnvironmentConfig, name: string) => gpuNodeDaemonSets(e).find((d) => d.name === name)!.requests;

describe('GPU-node DaemonSet requests reach the chart values', () => {
  it('renders the Dragonfly client requests with the memory request as its limit (the chart keeps its 4-CPU limit)', () => {
    expect(valuesOf(env, 'dragonfly').client.resources).toEqual({ requests: { cpu: '300m', memory: '1536Mi' }, limits: { memory: '1536Mi' } });
  });

  it('renders the device plugin and GFD requests, in the Bottlerocket GFD-only release too', () => {
    const expected = { requests: { cpu: '30m', memory: '96Mi' }, limits: { memory: '96Mi' } };
    expect(valuesOf(env, 'nvidia-device-plugin').resources).toEqual(expected);
    expect(valuesOf(bottlerocket, 'nvidia-device-plugin').resources).toEqual(expected);
    expect(valuesOf(bottlerocket, 'nvidia-gfd-bottlerocket').resources).toEqual(expected);
  });
});

describe('the GPU capacity model counts what the charts render', () => {
  it('reads the Dragonfly client, device plugin and GFD requests the values carry', () => {
    expect(modelled(env, 'dragonfly/client')).toEqual(renderedRequests(env, 'dragonfly', 'client.image'));
    expect(modelled(env, 'dragonfly/client')).toEqual({ cpu: 0.3, memoryMiB: 1536 });
    // One `resources` value for both DaemonSets of the chart, counted for each.
    expect(modelled(env, 'nvidia-device-plugin/device-plugin')).toEqual(renderedRequests(env, 'nvidia-device-plugin', 'image'));
    expect(modelled(env, 'nvidia-device-plugin/gpu-feature-discovery')).toEqual(renderedRequests(env, 'nvidia-device-plugin', 'image'));
    expect(modelled(bottlerocket, 'nvidia-device-plugin/gpu-feature-discovery')).toEqual(renderedRequests(bottlerocket, 'nvidia-gfd-bottlerocket', 'image'));
  });

  it('counts the chart defaults of the DaemonSets whose resources our values leave alone', () => {
    expect(modelled(env, 'dcgm-exporter/dcgm-exporter')).toEqual(renderedRequests(env, 'dcgm-exporter', 'image'));
    expect(valuesOf(env, 'dcgm-exporter').resources).toBeUndefined();
    // The NFD subchart's worker.resources default (5m/64Mi) holds only while we set none.
    expect(valuesOf(env, 'nvidia-device-plugin').nfd.worker.resources).toBeUndefined();
    expect(modelled(env, 'nvidia-device-plugin/nfd-worker')).toEqual({ cpu: 0.005, memoryMiB: 64 });
  });
});
