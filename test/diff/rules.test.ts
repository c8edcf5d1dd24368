/**
 * Every consequence rule of `npm run diff`, on the rendered output of two fixture configs: the
 * line each change carries, with its numbers from the config and the budget report.
 */
import type { AsyncWorkloadConfig } from '../../src/config/workload-types';
import { describe, expect, it } from 'vitest';
import { budgetReport } from '../../src/report';
import { helmCharts } from '../../src/config/versions';
import { diffOutputs } from '../../src/diff';
import { fixtureEnvironment } from '../fixtures/environment';
import { productionFixture } from '../fixtures/rules';
import { changeOf, changesOf, diffEnvs, editFile, outputsOf, textsOf } from './support';

const fixture = fixtureEnvironment();

describe('pod template changes', () => {
  const head = fixtureEnvironment((d) => {
    d.workloads.services.worker.image = d.workloads.services.worker.image.replace(/:[^:]+$/, ':9.9.9');
    d.workloads.services.web.image = d.workloads.services.web.image.replace(/:[^:]+$/, ':9.9.9');
  });
  const r = diffEnvs(fixture, head);
  const cold = (name: string) => budgetReport(head).workloads.find((w) => w.name === name)!.coldStart;

  it('a Deployment: rolling restart of its GPU replicas (KEDA bounds) with the modelled cold start per replica', () => {
    const w = head.workloads.services.worker as AsyncWorkloadConfig;
    expect(textsOf(changeOf(r, 'Deployment', 'worker'), 'pod-restart')).toEqual([
      `rolling restart of up to ${w.maxReplicas} GPU replicas (${w.resources.gpus} GPU each; ${w.minReplicas}..${w.maxReplicas} by KEDA worker); each new replica cold-starts in up to ${cold('worker').withoutP2pSeconds} s (${cold('worker').withP2pSeconds} s from a P2P peer; budget report)`,
    ]);
  });

  it('a Knative Service: a new revision, started at its initial scale, with the cold start per replica', () => {
    const [text] = textsOf(changeOf(r, 'Service', 'web'), 'pod-restart');
    expect(text).toMatch(/^new Knative revision: /);
    expect(text).toContain(`each new replica cold-starts in up to ${cold('web').withoutP2pSeconds} s (${cold('web').withP2pSeconds} s from a P2P peer; budget report)`);
  });

  it('names the changed image field and abbreviates nothing short', () => {
    const f = changeOf(r, 'Deployment', 'worker').fields.find((x) => x.path === 'spec.template.spec.containers[name=inference].image');
    expect(f?.new).toMatch(/:9\.9\.9$/);
  });

  it('a Deployment with strategy Recreate stops every replica first: removed capacity', () => {
    const files = outputsOf(fixture);
    const file = 'dist/fixture/inference-workloads/deployment.inference.worker.yaml';
    const edit = (t: string, image: string) => t.replace(/^spec:\n/m, 'spec:\n  strategy:\n    type: Recreate\n').replace(/image: (\S+):[^:\s]+$/m, `image: $1:${image}`);
    const c = changeOf(diffOutputs(editFile(files, file, (t) => edit(t, '1')), editFile(files, file, (t) => edit(t, '2'))), 'Deployment', 'worker');
    expect(c.consequences).toEqual([
      {
        rule: 'pod-restart',
        risk: 'capacity',
        text: `all up to 2 replicas stop before new ones start (strategy Recreate); each new replica cold-starts in up to ${cold('worker').withoutP2pSeconds} s (${cold('worker').withP2pSeconds} s from a P2P peer; budget report)`,
      },
    ]);
  });

  it('a new GPU workload: its replica range and cold start', () => {
    const added = fixtureEnvironment((d) => {
      d.workloads.services.worker2 = structuredClone(d.workloads.services.worker);
      d.workloads.services.worker2.triggers = d.workloads.services.worker2.triggers.map((t: any) => ({ ...t, query: t.query?.replace('"', '"x') }));
      d.namespaces[d.workloads.namespace].quota.gpus = 16;
    });
    const c = changeOf(diffEnvs(fixture, added), 'Deployment', 'worker2');
    const cs = budgetReport(added).workloads.find((w) => w.name === 'worker2')!.coldStart;
    expect(textsOf(c, 'pod-restart')).toEqual([`new GPU workload: 0..2 replicas of 1 GPU each; each new replica cold-starts in up to ${cs.withoutP2pSeconds} s (${cs.withP2pSeconds} s from a P2P peer; budget report)`]);
  });

  it('a Deployment change outside the pod template restarts nothing', () => {
    const files = outputsOf(fixture);
    const file = 'dist/fixture/inference-workloads/deployment.inference.worker.yaml';
    const edited = editFile(files, file, (t) => t.replace('  name: worker\n  namespace: inference\n', '  name: worker\n  namespace: inference\n  annotations:\n    note: x\n'));
    const c = changeOf(diffOutputs(files, edited), 'Deployment', 'worker');
    expect(c.fields.map((f) => f.path)).toEqual(['metadata.annotations']);
    expect(textsOf(c, 'pod-restart')).toEqual([]);
  });
});

describe('Karpenter drift', () => {
  const budgets = [
    { nodes: '0', schedule: '0 8 * * mon-fri', duration: '10h', reasons: ['Drifted'] },
    { nodes: '25%' },
  ];
  const base = fixtureEnvironment((d) => (d.nodes.pools.gpu.disruption.budgets = budgets));

  it('a NodePool template change replaces every node of the pool, paced by its Drifted budgets', () => {
    const head = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.disruption.budgets = budgets;
      d.nodes.pools.gpu.expireAfter = '336h';
    });
    // gpu: 4 GPUs, 64 vCPU, 256 GiB; every allowed g4dn type has 1 GPU, so at most 4 nodes; 25% of 4 = 1.
    expect(textsOf(changeOf(diffEnvs(base, head), 'NodePool', 'gpu'), 'karpenter-drift')).toEqual([
      'Karpenter replaces every node of pool gpu (NodePool hash changed: spec.template.spec.expireAfter): at most 25% of its nodes at a time (1 of up to 4 nodes within its limits); none while `0 8 * * mon-fri` (for 10h) is active',
    ]);
  });

  it('limits, weight and disruption are not drift (Karpenter hashes spec.template only)', () => {
    const head = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.disruption.budgets = [{ nodes: '50%' }];
      d.nodes.pools.gpu.limits.gpus = 6;
    });
    const c = changeOf(diffEnvs(base, head), 'NodePool', 'gpu');
    expect(textsOf(c, 'karpenter-drift')).toEqual(['no drift: existing nodes stay (spec.disruption, spec.limits are not hashed)']);
  });

  it('an instance type taken out of a pool drifts only the nodes of that type, and removes capacity', () => {
    const head = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.disruption.budgets = budgets;
      d.nodes.pools.gpu.instanceTypes = ['g4dn.xlarge', 'g4dn.2xlarge'];
    });
    const c = changeOf(diffEnvs(base, head), 'NodePool', 'gpu');
    expect(textsOf(c, 'karpenter-drift')).toEqual([
      'Karpenter replaces the nodes of pool gpu that no longer fit (RequirementsDrifted: node.kubernetes.io/instance-type no longer allows g4dn.4xlarge): at most 25% of its nodes at a time (1 of up to 4 nodes within its limits); none while `0 8 * * mon-fri` (for 10h) is active',
    ]);
    expect(c.consequences).toContainEqual({ rule: 'capacity', risk: 'capacity', text: 'pool gpu can no longer launch node.kubernetes.io/instance-type: g4dn.4xlarge' });
  });

  it('an instance type added to a pool drifts nothing', () => {
    const head = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.disruption.budgets = budgets;
      d.nodes.pools.gpu.instanceTypes = [...d.nodes.pools.gpu.instanceTypes, 'g4dn.8xlarge'];
    });
    expect(textsOf(changeOf(diffEnvs(base, head), 'NodePool', 'gpu'), 'karpenter-drift')[0]).toMatch(/^no drift: existing nodes stay \(requirements only widened/);
  });

  it('an EC2NodeClass change drifts every pool using it, each at its own pace', () => {
    const head = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.disruption.budgets = budgets;
      for (const c of Object.values<any>(d.nodes.nodeClasses)) c.volumeGiB += 50;
    });
    const r = diffEnvs(base, head);
    const nodeClass = changesOf(r).find((c) => c.kind === 'EC2NodeClass')!;
    const [text] = textsOf(nodeClass, 'karpenter-drift');
    const users = Object.entries<any>(base.nodes.pools).filter(([, p]) => p.nodeClass === nodeClass.name).map(([n]) => n);
    expect(users.length).toBeGreaterThan(0);
    expect(text).toMatch(/^Karpenter replaces every node of pools? /);
    expect(text).toContain('EC2NodeClass hash changed (NodeClassDrift): spec.blockDeviceMappings');
    for (const pool of users) expect(text).toContain(`${pool}: at most`);
    expect(text).toContain('gpu: at most 25% of its nodes at a time (1 of up to 4 nodes within its limits); none while `0 8 * * mon-fri` (for 10h) is active');
  });

  it('an AMI selector change is AMI drift, not a hash change', () => {
    const files = outputsOf(base);
    const file = [...files.keys()].find((f) => f.includes('/karpenter-nodes/ec2nodeclass.'))!;
    const edited = editFile(files, file, (t) => t.replace(/alias: (\S+)/, 'alias: al2023@v20990101'));
    const [text] = textsOf(changesOf(diffOutputs(files, edited))[0], 'karpenter-drift');
    expect(text).toContain('nodes not running an AMI the new terms select are replaced (AMIDrift; with a pinned alias: every node)');
  });

  it('a removed pool takes its nodes with it', () => {
    const head = fixtureEnvironment((d) => {
      d.nodes.pools.gpu.disruption.budgets = budgets;
      // a10g is the only pool the workloads may not need: they fit the T4 pool.
      delete d.nodes.pools.a10g;
      d.namespaces[d.workloads.namespace].quota.gpus = 8;
    });
    const c = changeOf(diffEnvs(base, head), 'NodePool', 'a10g');
    expect(c.type).toBe('removed');
    expect(c.consequences).toContainEqual(expect.objectContaining({ risk: 'capacity', text: expect.stringContaining('pool a10g removed: Karpenter deletes all its nodes') }));
  });
});

describe('Kyverno', () => {
  it('Audit -> Enforce: the rules start blocking', () => {
    const r = diffEnvs(productionFixture((d) => (d.platform.policyMode = 'Audit')), productionFixture());
    const policies = changesOf(r).filter((c) => c.kind === 'ClusterPolicy');
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies.filter((c) => c.type === 'changed')) {
      expect(textsOf(p, 'kyverno-mode').join('\n')).toMatch(/^Audit -> Enforce: rules? .* starts? blocking: Pods that violate (it|them) are refused at admission/);
      expect(p.consequences.some((x) => x.risk)).toBe(false);
    }
    expect(textsOf(changeOf(r, 'ClusterPolicy', 'disallow-latest-tag'), 'kyverno-mode')).toEqual([
      'Audit -> Enforce: rules require-image-tag, disallow-latest-tag start blocking: Pods that violate them are refused at admission (running Pods stay; background scans report them)',
    ]);
  });

  it('Enforce -> Audit: the rules stop blocking, listed as widened exposure', () => {
    const r = diffEnvs(productionFixture(), productionFixture((d) => (d.platform.policyMode = 'Audit')));
    const relaxed = changesOf(r).filter((c) => c.kind === 'ClusterPolicy' && c.consequences.some((x) => x.rule === 'kyverno-mode' && x.risk === 'exposure'));
    expect(relaxed.length).toBeGreaterThan(0);
    expect(r.risks.some((x) => x.risk === 'exposure' && x.text.startsWith('Enforce -> Audit:'))).toBe(true);
  });
});

describe('quotas and limits', () => {
  it('a lower namespace quota removes capacity', () => {
    const head = fixtureEnvironment((d) => (d.namespaces[d.workloads.namespace].quota.gpus = 10));
    const c = changeOf(diffEnvs(fixture, head), 'ResourceQuota', 'compute');
    expect(c.consequences).toEqual([
      { rule: 'quota-limit', risk: 'capacity', text: 'quota inference/compute lowered: requests.nvidia.com/gpu 12 -> 10; new pods beyond it are refused (running pods stay)' },
    ]);
  });

  it('a higher pool limit adds capacity and moves the budget headline', () => {
    const head = fixtureEnvironment((d) => (d.nodes.pools.gpu.limits.gpus = 6));
    const r = diffEnvs(fixture, head);
    const c = changeOf(r, 'NodePool', 'gpu');
    expect(textsOf(c, 'quota-limit')).toEqual(['pool gpu limits: nvidia.com/gpu 4 -> 6; up to 4 -> 6 nodes; Karpenter launches no node beyond them (running nodes stay; no drift)']);
    expect(c.consequences.some((x) => x.risk)).toBe(false);
    const [before, after] = [budgetReport(fixture), budgetReport(head)];
    const ceiling = r.environments[0].budget.find((f) => f.label === 'GPU spend ceiling')!;
    expect(ceiling).toEqual({ label: 'GPU spend ceiling', before: `$${before.gpuSpendCeilingUsdPerHour.toFixed(2)}/h`, after: `$${after.gpuSpendCeilingUsdPerHour.toFixed(2)}/h`, changed: true });
  });

  it('a lower pool limit or max scale removes capacity', () => {
    const head = fixtureEnvironment((d) => {
      d.nodes.pools.a10g.limits.gpus = 6;
      d.workloads.services.worker.maxReplicas = 1;
    });
    const r = diffEnvs(fixture, head);
    expect(changeOf(r, 'NodePool', 'a10g').consequences).toContainEqual(expect.objectContaining({ rule: 'quota-limit', risk: 'capacity' }));
    expect(changeOf(r, 'ScaledObject', 'worker').consequences).toEqual([{ rule: 'quota-limit', risk: 'capacity', text: 'max replicas of worker 2 -> 1' }]);
  });
});

describe('Argo CD', () => {
  it('a sync policy change says what it does', () => {
    const files = outputsOf(fixture);
    const file = 'argocd/fixture/apps/applicationset.argocd.apps.yaml';
    const edited = editFile(files, file, (t) => t.replace('        automated:\n          prune: true\n          selfHeal: true\n', '        automated:\n          prune: true\n          selfHeal: false\n'));
    expect(edited.get(file)).not.toBe(files.get(file));
    const c = changeOf(diffOutputs(files, edited), 'ApplicationSet', 'apps');
    expect(textsOf(c, 'argocd')).toEqual(['self-heal off for the Applications of apps: manual edits in the cluster are no longer reverted']);
  });

  it('a new branch to track changes every Application of every ApplicationSet', () => {
    const r = diffEnvs(fixture, fixtureEnvironment((d) => (d.gitops.targetRevision = 'release')));
    const sets = changesOf(r).filter((c) => c.kind === 'ApplicationSet');
    expect(sets.length).toBe(4);
    for (const s of sets) expect(textsOf(s, 'argocd').join('\n')).toMatch(/^every Application of \S+ \(.+\) changes: spec\.source/m);
    expect(textsOf(changeOf(r, 'Application', 'root'), 'argocd')).toEqual(['Application root now tracks release (was main)']);
  });

  it('an Application that appears or disappears', () => {
    const head = fixtureEnvironment((d) => {
      delete d.nodes.pools.a10g;
      d.namespaces[d.workloads.namespace].quota.gpus = 8;
      d.workloads.services = { worker: d.workloads.services.worker };
    });
    const base = outputsOf(fixture);
    // Drop every file of one Application from the head: its ApplicationSet entry goes too.
    const headFiles = new Map([...outputsOf(head)].filter(([f]) => !f.startsWith('dist/fixture/opencost/')));
    headFiles.set(
      'argocd/fixture/apps/applicationset.argocd.platform-helm.yaml',
      headFiles.get('argocd/fixture/apps/applicationset.argocd.platform-helm.yaml')!.replace(/          - chart: opencost\n(?: {12}.*\n)+/, ''),
    );
    const c = changeOf(diffOutputs(base, headFiles), 'ApplicationSet', 'platform-helm');
    expect(textsOf(c, 'argocd')).toContain('Application opencost deleted: their resources stay in the cluster, no longer managed (preserveResourcesOnDeletion)');
  });
});

describe('Helm chart versions', () => {
  const files = outputsOf(fixture);
  const chart = helmCharts.keda;
  const file = `dist/fixture/${chart.chart}/values.yaml`;
  const bumped = editFile(files, file, (t) => t.replace(`for ${chart.chart} ${chart.version} `, `for ${chart.chart} 9.9.9 `));
  const r = diffOutputs(files, bumped);

  it('reads the bump from the values header: from which version to which', () => {
    const c = changeOf(r, 'HelmValues', chart.chart);
    expect(textsOf(c, 'chart-version')).toEqual([`Helm chart ${chart.chart} ${chart.version} -> 9.9.9: Argo CD renders the new chart (its CRDs first, server-side apply); read the chart's upgrade notes`]);
    expect(r.charts).toEqual([{ chart: chart.chart, from: chart.version, to: '9.9.9', environments: ['fixture'] }]);
  });

  it('the Argo CD chart is installed by hand: the line says so', () => {
    const argo = editFile(files, 'argocd/fixture/argo-cd-values.yaml', (t) => t.replace(/^# Helm values for argo-cd (\S+)/, '# Helm values for argo-cd 99.0.0'));
    const [text] = textsOf(changeOf(diffOutputs(files, argo), 'HelmValues', 'argo-cd'), 'chart-version');
    expect(text).toMatch(/^Helm chart argo-cd \S+ -> 99\.0\.0: installed by hand, not by Argo CD: re-run the README's `helm upgrade` with --version 99\.0\.0$/);
  });
});

describe('exposure', () => {
  const exposed = (exposure: 'public' | 'internal' | 'none') =>
    fixtureEnvironment((d) => {
      d.ingress = { ...d.ingress, exposure, domain: 'inference.example.org', certificateArn: `arn:aws:acm:${d.cluster.region}:${d.cluster.accountId}:certificate/00000000-0000-0000-0000-000000000000` };
      d.workloads.services.web.streaming = true;
      if (exposure === 'none') delete d.workloads.services.web.publicHost;
      else d.workloads.services.web.publicHost = 'web.inference.example.org';
    });

  it('an internal load balancer made public is listed first, as widened exposure', () => {
    const r = diffEnvs(exposed('internal'), exposed('public'));
    const c = changeOf(r, 'Service', 'kourier-load-balancer');
    expect(c.consequences).toContainEqual({ rule: 'exposure', risk: 'exposure', text: 'Service knative-serving/kourier-load-balancer moves from an internal load balancer to an internet-facing load balancer' });
    expect(r.risks[0]).toMatchObject({ risk: 'exposure', object: 'Service knative-serving/kourier-load-balancer' });
  });

  it('a newly published host and its load balancer', () => {
    const r = diffEnvs(exposed('none'), exposed('internal'));
    expect(r.risks.map((x) => x.text)).toEqual(
      expect.arrayContaining([
        'Service knative-serving/kourier-load-balancer is exposed through an internal load balancer',
        'publishes host web.inference.example.org for web through the ingress gateway',
      ]),
    );
  });

  it('a NetworkPolicy allow added', () => {
    const files = outputsOf(fixture);
    const allow = [...files.keys()].find((f) => f.includes('/network-policies/') && f.includes('allow-dns'))!;
    const withAllow = new Map(files);
    withAllow.set(allow.replace('allow-dns', 'allow-anything'), files.get(allow)!.replace(/name: allow-dns/, 'name: allow-anything').replace(/egress:\n/, 'egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0\n'));
    const r = diffOutputs(files, withAllow);
    const c = changesOf(r).find((x) => x.name === 'allow-anything')!;
    expect(c.type).toBe('added');
    expect(textsOf(c, 'exposure')[0]).toMatch(/^new allow: .*egress from every pod in \S+ to 0\.0\.0\.0\/0 on every port/);
  });

  it('a namespace made privileged', () => {
    const ns = 'opencost';
    const head = fixtureEnvironment((d) => (d.namespaces[ns].podSecurity = { enforce: 'privileged', audit: 'privileged', warn: 'privileged' }));
    const c = changeOf(diffEnvs(fixture, head), 'Namespace', ns);
    expect(c.consequences).toContainEqual(expect.objectContaining({ rule: 'exposure', risk: 'exposure', text: expect.stringMatching(new RegExp(`^Pod Security enforce restricted -> privileged ${ns} \\(`)) }));
  });
});

describe('removed workloads', () => {
  it('a removed HTTP service is removed capacity', () => {
    const head = fixtureEnvironment((d) => (d.workloads.services = { worker: d.workloads.services.worker }));
    const r = diffEnvs(fixture, head);
    const c = changeOf(r, 'Service', 'web');
    expect(c.type).toBe('removed');
    expect(c.consequences).toEqual([{ rule: 'capacity', risk: 'capacity', text: 'workload web removed: Argo CD prunes it and all its pods' }]);
    expect(r.risks).toContainEqual(expect.objectContaining({ risk: 'capacity', env: 'fixture', app: 'inference-workloads', object: 'Service inference/web' }));
  });
});
