import { describe, expect, it } from 'vitest';
import { helmCharts } from '../../src/config/versions';
import { CLUSTER_KINDS, DRA_CLUSTER_KINDS } from '../../src/gitops/project';
import { draFixture } from '../fixtures/dra';
import { docsOf, rendered } from '../support/rendered';
import { validateDocument } from '../support/schema';

const env = draFixture();
const docs = docsOf(rendered(env));
const argo = docs.filter((d) => d.file.startsWith(`argocd/${env.name}/`)).map((d) => d.doc);

describe('Argo CD delivery of the DRA path', () => {
  it('installs the DRA driver and Cluster Autoscaler through platform-helm, from their pinned repositories', () => {
    const helm = argo.find((d) => d.kind === 'ApplicationSet' && d.metadata.name === 'platform-helm')!;
    const installed = helm.spec.generators[0].list.elements.map((e: any) => `${e.chart}@${e.version}`);
    for (const c of [helmCharts.draDriver, helmCharts.clusterAutoscaler]) expect(installed).toContain(`${c.chart}@${c.version}`);
    const project = argo.find((d) => d.kind === 'AppProject')!;
    expect(project.spec.sourceRepos).toEqual(expect.arrayContaining([helmCharts.draDriver.repoURL, helmCharts.clusterAutoscaler.repoURL]));
  });

  it('lets the project create the DRA driver chart\'s cluster-scoped kinds', () => {
    const project = argo.find((d) => d.kind === 'AppProject')!;
    expect(project.spec.clusterResourceWhitelist).toEqual([...CLUSTER_KINDS, ...DRA_CLUSTER_KINDS]);
  });

  it('renders the claim template into inference-workloads, valid against Kubernetes 1.35', async () => {
    const templates = docs.filter((d) => d.doc.kind === 'ResourceClaimTemplate');
    expect(templates.map((t) => t.file.split('/')[2])).toEqual(['inference-workloads']);
    for (const t of templates) expect(await validateDocument(t.doc)).toEqual([]);
  });
});
