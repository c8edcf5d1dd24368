import { gpuNodeDiskNeedGiB, gpuNodeVolumes, IMAGE_GC_HIGH_PERCENT, imageGcThresholdGiB, largestImage, SYSTEM_DISK_GIB } from '../derived/node-disk';
import type { EnvironmentConfig } from '../types';
import type { Problems } from './collector';

const gib = (v: number) => `${Number(v.toFixed(1))} GiB`;

/**
 * Every GPU node's disk holds the OS, Dragonfly's capped peer cache and the largest image below
 * the kubelet's image garbage collection threshold. Above it the kubelet deletes the images the
 * next scale-up pulls again, and five points further it evicts pods: the inference pods first,
 * since the Dragonfly peer outranks them (system-node-critical).
 */
export function checkNodeDisk(env: EnvironmentConfig, p: Problems, at: string): void {
  const need = gpuNodeDiskNeedGiB(env);
  const cache = env.addons.dragonfly.clientCacheGiB;
  const image = largestImage(env);
  const parts = `the OS and logs (${SYSTEM_DISK_GIB} GiB), Dragonfly's cache (addons.dragonfly.clientCacheGiB, ${cache} GiB)${image ? ` and ${image.name}'s image (${gib(image.imageGiB)})` : ''}`;
  for (const v of gpuNodeVolumes(env, at)) {
    const limit = imageGcThresholdGiB(v.volumeGiB);
    const maxCache = Math.floor(limit - (need - cache));
    const fixes = [...(maxCache >= 1 ? [`lower addons.dragonfly.clientCacheGiB to ${maxCache}`] : []), `raise this volume to ${Math.ceil((need * 100) / IMAGE_GC_HIGH_PERCENT)} GiB`];
    p.check(
      need <= limit,
      v.path,
      `${parts} need ${gib(need)} on this ${v.volumeGiB} GiB volume, above the ${gib(limit)} (${IMAGE_GC_HIGH_PERCENT}%) where the kubelet starts deleting images and, at 90%, evicting pods; ${fixes.join(' or ')}`,
    );
  }
}
