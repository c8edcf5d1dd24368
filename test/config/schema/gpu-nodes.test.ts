import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../../../src/config/validate';
import { fixtureEnvironment } from '../../fixtures/environment';

const withReservations = (reservations: unknown[]) =>
  fixtureEnvironment((d) => (d.nodes.nodeClasses[Object.keys(d.nodes.nodeClasses)[0]].capacityReservations = reservations));

describe('config schema: capacity reservations and node repair', () => {
  const cls = Object.keys(fixtureEnvironment().nodes.nodeClasses)[0];
  const at = `fixture.nodes.nodeClasses.${cls}.capacityReservations`;

  it('accepts a reservation by id and one by tags', () => {
    expect(
      validateEnvironment(
        withReservations([
          { id: 'cr-0123456789abcdef0', instanceType: 'g5.xlarge', instances: 1 },
          { tags: { team: 'ml' }, instanceType: 'g5.xlarge', instances: 2 },
        ]),
      ),
    ).toEqual([]);
  });

  it('refuses both or neither of id and tags, a malformed id, more than 20 tags and a non-positive count', () => {
    const tags = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
    expect(
      validateEnvironment(
        withReservations([
          { id: 'cr-0123456789abcdef0', tags: { team: 'ml' }, instanceType: 'g5.xlarge', instances: 1 },
          { instanceType: 'g5.xlarge', instances: 1 },
          { id: 'reservation-1', instanceType: 'g5.xlarge', instances: 1 },
          { tags, instanceType: 'g5.xlarge', instances: 0 },
        ]),
      ),
    ).toEqual([
      { path: `${at}[0]`, message: 'set exactly one of id or tags: Karpenter refuses an id together with other selector fields' },
      { path: `${at}[1]`, message: 'set exactly one of id or tags: Karpenter refuses an id together with other selector fields' },
      { path: `${at}[2].id`, message: '"reservation-1" is not a capacity reservation id like cr-0123456789abcdef0' },
      { path: `${at}[3].instances`, message: '0 must be at least 1' },
      { path: `${at}[3].tags`, message: 'tags must hold 1 to 20 entries (the EC2NodeClass CRD allows at most 20)' },
    ]);
  });

  it('requires nodes.repair with a positive repair threshold', () => {
    const bad = fixtureEnvironment((d) => (d.nodes.repair = { enabled: 'yes', maxRepairsPerPoolPerDay: 0 }));
    expect(validateEnvironment(bad).map((p) => p.path)).toEqual(['fixture.nodes.repair.enabled', 'fixture.nodes.repair.maxRepairsPerPoolPerDay']);
  });
});

describe('config schema: GPU-node DaemonSet requests', () => {
  const at = 'fixture.nodes.gpuNodeDaemonSets';

  it('refuses a zero request and a quantity Kubernetes does not read, at the field', () => {
    const bad = fixtureEnvironment((d) => {
      d.nodes.gpuNodeDaemonSets.dragonflyClient = { cpu: '0', memory: '0' };
      d.nodes.gpuNodeDaemonSets.nvidiaDevicePlugin = { cpu: '0.5 cores', memory: '1GB' };
    });
    expect(validateEnvironment(bad)).toEqual([
      { path: `${at}.dragonflyClient.cpu`, message: '"0" is not a CPU quantity above zero, e.g. 250m or 1' },
      { path: `${at}.dragonflyClient.memory`, message: '"0" is not a memory quantity above zero, e.g. 512Mi or 1Gi' },
      { path: `${at}.nvidiaDevicePlugin.cpu`, message: '"0.5 cores" is not a CPU quantity above zero, e.g. 250m or 1' },
      { path: `${at}.nvidiaDevicePlugin.memory`, message: '"1GB" is not a memory quantity above zero, e.g. 512Mi or 1Gi' },
    ]);
  });

  it('requires a figure for each DaemonSet and names the nearest key of a misspelled one', () => {
    const missing = fixtureEnvironment((d) => {
      delete d.nodes.gpuNodeDaemonSets.nvidiaDevicePlugin;
      d.nodes.gpuNodeDaemonSets.dragonflyClients = d.nodes.gpuNodeDaemonSets.dragonflyClient;
      delete d.nodes.gpuNodeDaemonSets.dragonflyClient;
    });
    expect(validateEnvironment(missing)).toEqual([
      { path: `${at}.dragonflyClient`, message: 'required: add a object' },
      { path: `${at}.nvidiaDevicePlugin`, message: 'required: add a object' },
      { path: `${at}.dragonflyClients`, message: 'unknown key "dragonflyClients": did you mean "dragonflyClient"?' },
    ]);
  });
});
