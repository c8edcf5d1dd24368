/**
 * Field coverage of the optional branches no sample environment uses (test/config/field-coverage.ts
 * walks the registered environments): the fields a fixture with a DRA path, a Bottlerocket GPU
 * pool and capacity reservations adds to the plain fixture must each change the output.
 */
import { describe, expect, it } from 'vitest';
import { fixtureEnvironment } from '../fixtures/environment';
import { withDra } from '../fixtures/dra';
import { reservedFixture } from '../fixtures/gpu-nodes';
import { allowed, leafPaths, mutate, renderedJson, sameOutput, show } from './field-coverage';

const everyOption = reservedFixture((d) => {
  withDra(d);
  d.nodes.nodeClasses.bottlerocket = { amiFamily: 'Bottlerocket', amiAlias: 'bottlerocket@v1.44.0', volumeGiB: 200, volumeIops: 6000, volumeThroughputMiBps: 500 };
  d.nodes.pools.gpu.nodeClass = 'bottlerocket';
  d.nodes.nodeClasses.reserved.capacityReservations.push({ tags: { team: 'ml' }, instanceType: 'g5.2xlarge', instances: 1 });
});

describe('every field of the optional branches changes the rendered output', () => {
  const plain = new Set(leafPaths(fixtureEnvironment()).map(show));
  const added = leafPaths(everyOption).filter((p) => !plain.has(show(p)));
  const baseline = renderedJson(everyOption);
  const ignored = added.filter((p) => sameOutput(mutate(everyOption, p), baseline)).map(show);

  it('covers the DRA, reservation and Bottlerocket fields', () => {
    const fields = added.map(show);
    for (const f of ['dra.nodeGroup.maxSize', 'workloads.services.worker.dra.deviceClassName', 'nodes.nodeClasses.reserved.capacityReservations.1.tags.team', 'nodes.nodeClasses.bottlerocket.amiAlias']) {
      expect(fields).toContain(f);
    }
  });

  it('ignores none but the fields that may be', () => {
    expect(ignored.filter((f) => !allowed(f))).toEqual([]);
  });
});
