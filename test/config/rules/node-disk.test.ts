import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import type { EnvironmentConfig } from '../../../src/config/types';
import { fixtureEnvironment } from '../../fixtures/environment';
import { withDra } from '../../fixtures/dra';

/**
 * The fixture's GPU pools on one 100 GiB node class, a 40 GiB Dragonfly cache and its two
 * workloads' images (worker 6 GiB, web 8 GiB): 20 + 40 + 8 = 68 GiB, below 85 GiB.
 */
const fixture = (patch: (d: any) => void = () => undefined) =>
  fixtureEnvironment((d) => {
    for (const pool of Object.values<any>(d.nodes.pools)) if (pool.gpu) pool.nodeClass = 'gpu-disk';
    d.nodes.nodeClasses['gpu-disk'] = { ...Object.values<any>(d.nodes.nodeClasses)[0], volumeGiB: 100 };
    d.addons.dragonfly.clientCacheGiB = 40;
    d.workloads.services.worker.coldStart.imageSizeMiB = 6 * 1024;
    d.workloads.services.web.coldStart.imageSizeMiB = 8 * 1024;
    patch(d);
  });
const diskProblems = (env: EnvironmentConfig) => validateEnvironment(env).filter((p) => p.message.includes('where the kubelet starts deleting images'));

describe('GPU node disk', () => {
  it('accepts the OS, the capped Dragonfly cache and the largest image below the kubelet image GC threshold', () => {
    expect(validateEnvironment(fixture())).toEqual([]);
  });

  it('refuses a cache that pushes a node class past 85%, with the largest cache and smallest volume that fit', () => {
    // 20 + 60 + 8 = 88 GiB > 85 GiB; the cache may be 85 - 28 = 57; 88 / 0.85 = 103.5 -> 104 GiB.
    expect(validateEnvironment(fixture((d) => (d.addons.dragonfly.clientCacheGiB = 60)))).toEqual([
      {
        path: 'fixture.nodes.nodeClasses.gpu-disk.volumeGiB',
        message:
          "the OS and logs (20 GiB), Dragonfly's cache (addons.dragonfly.clientCacheGiB, 60 GiB) and web's image (8 GiB) need 88 GiB on this 100 GiB volume, " +
          'above the 85 GiB (85%) where the kubelet starts deleting images and, at 90%, evicting pods; lower addons.dragonfly.clientCacheGiB to 57 or raise this volume to 104 GiB',
      },
    ]);
  });

  it('checks the baseline GPU group once it can have nodes, and the DRA group', () => {
    // 20 + 40 + 8 = 68 GiB against 60 x 85% = 51 GiB: the cache may be 51 - 28 = 23; 68 / 0.85 = 80 GiB.
    // The fixture's baseline group has maxSize 0 (no node, nothing to check: the first test).
    const small = (d: any) => (d.nodes.baselineGpuNodeGroup = { ...d.nodes.baselineGpuNodeGroup, desiredSize: 1, minSize: 1, maxSize: 1, rootVolumeGiB: 60 });
    expect(diskProblems(fixture(small)).map((p) => [p.path, p.message.slice(p.message.lastIndexOf(';') + 2)])).toEqual([
      ['fixture.nodes.baselineGpuNodeGroup.rootVolumeGiB', 'lower addons.dragonfly.clientCacheGiB to 23 or raise this volume to 80 GiB'],
    ]);
    const dra = fixture((d) => {
      withDra(d);
      d.dra.nodeGroup.rootVolumeGiB = 60;
    });
    expect(diskProblems(dra).map((p) => p.path)).toEqual(['fixture.dra.nodeGroup.rootVolumeGiB']);
  });

  it('offers only a larger volume when no cache fits', () => {
    // 30 GiB x 85% = 25.5 GiB: the OS and the image alone take 28 GiB, so no cache fits.
    const tiny = fixture((d) => (d.nodes.nodeClasses['gpu-disk'].volumeGiB = 30));
    expect(diskProblems(tiny).map((p) => p.message.slice(p.message.lastIndexOf(';') + 2))).toEqual(['raise this volume to 80 GiB']);
  });
});
