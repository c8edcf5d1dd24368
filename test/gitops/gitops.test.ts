import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { LAYERS } from '../../src/charts/platform-chart';
import { environments } from '../../src/config/environments';
import { helmCharts } from '../../src/config/versions';
import { CLUSTER_KINDS, projectNamespaces } from '../../src/gitops/project';
import { ROOT, docsOf, filesOnDisk, rendered } from '../support/rendered';

const envs = Object.values(environments);
const argo = (env: (typeof envs)[number]) => docsOf(rendered(env)).filter((d) => d.file.startsWith(`argocd/${env.name}/`)).map((d) => d.doc);
const appSets = (env: (typeof envs)[number]) => argo(env).filter((d) => d.kind === 'ApplicationSet');

describe('Argo CD delivery', () => {
  for (const env of envs) {
    describe(env.name, () => {
      it('has a root app syncing this environment\'s apps folder from the configured repo and revision', () => {
        const root = argo(env).find((d) => d.kind === 'Application' && d.metadata.name === 'root')!;
        expect(root.spec.source).toEqual({ repoURL: env.gitops.repoUrl, targetRevision: env.gitops.targetRevision, path: `argocd/${env.name}/apps` });
        expect(root.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      });

      it('has the four ApplicationSets in wave order after the project', () => {
        const waves = Object.fromEntries(argo(env).map((d) => [`${d.kind}/${d.metadata.name}`, Number(d.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0)]));
        expect(appSets(env).map((s) => s.metadata.name).sort()).toEqual([...LAYERS].sort());
        const order = LAYERS.map((l) => waves[`ApplicationSet/${l}`]);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(new Set(order).size).toBe(4);
        expect(waves['AppProject/gpu-platform']).toBeLessThan(Math.min(...order));
      });

      it('references only paths of this environment that exist after synth', () => {
        for (const set of appSets(env)) {
          for (const el of set.spec.generators[0].list.elements) {
            const target = el.path ?? el.valuesFile.replace(/^\$values\//, '');
            expect(target.startsWith(`dist/${env.name}/`), `${set.metadata.name}: ${target}`).toBe(true);
            expect(fs.existsSync(path.join(ROOT, target)), target).toBe(true);
          }
        }
      });

      it('installs every pinned platform chart with values rendered for this environment', () => {
        const helm = appSets(env).find((s) => s.metadata.name === 'platform-helm')!;
        const installed = helm.spec.generators[0].list.elements.map((e: any) => `${e.chart}@${e.version}`).sort();
        // The DRA driver and Cluster Autoscaler only where the environment has a DRA path.
        const draOnly: string[] = env.dra ? [] : [helmCharts.draDriver.chart, helmCharts.clusterAutoscaler.chart];
        const pinned = Object.values(helmCharts).filter((c) => !draOnly.includes(c.chart));
        expect(installed).toEqual(pinned.map((c) => `${c.chart}@${c.version}`).sort());
        expect(helm.spec.template.spec.sources[1]).toEqual({ repoURL: env.gitops.repoUrl, targetRevision: env.gitops.targetRevision, ref: 'values' });
      });

      it('retries forever with backoff and skips dry-run for CRs whose CRDs come later', () => {
        for (const set of appSets(env)) {
          const policy = set.spec.template.spec.syncPolicy;
          expect(policy.retry.limit).toBeLessThan(0);
          expect(policy.syncOptions).toEqual(expect.arrayContaining(['SkipDryRunOnMissingResource=true', 'RespectIgnoreDifferences=true']));
          expect(set.spec.template.spec.ignoreDifferences.map((i: any) => i.kind)).toContain('MutatingWebhookConfiguration');
        }
        const helm = appSets(env).find((s) => s.metadata.name === 'platform-helm')!;
        expect(helm.spec.template.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
      });

      it('restricts the project to the kinds and namespaces dist/ uses', () => {
        const project = argo(env).find((d) => d.kind === 'AppProject')!;
        const allowed = new Set(project.spec.clusterResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`));
        const namespaces = new Set(project.spec.destinations.map((d: any) => d.namespace));
        expect([...namespaces].sort()).toEqual(projectNamespaces(env));
        for (const { file, doc } of docsOf(rendered(env)).filter((d) => d.file.startsWith(`dist/${env.name}/`))) {
          const group = doc.apiVersion.includes('/') ? doc.apiVersion.split('/')[0] : '';
          if (doc.metadata.namespace) expect(namespaces.has(doc.metadata.namespace), file).toBe(true);
          else expect(allowed.has(`${group}/${doc.kind}`), `${file}: cluster-scoped ${group}/${doc.kind}`).toBe(true);
        }
        expect(project.spec.clusterResourceWhitelist.length).toBe(CLUSTER_KINDS.length);
        expect(project.spec.sourceRepos[0]).toBe(env.gitops.repoUrl);
      });
    });
  }

  for (const env of Object.values(environments)) {
    it(`${env.name}: the Argo CD values place it on the system nodes, tolerating their taints`, () => {
      const values = load(rendered(env).get(`argocd/${env.name}/argo-cd-values.yaml`)!) as { global: { tolerations: { key: string }[]; nodeSelector: Record<string, string> } };
      expect(values.global.tolerations.map((t) => t.key)).toEqual(env.nodes.systemNodeGroup.taints.map((t) => t.key));
      expect(values.global.nodeSelector).toEqual(env.nodes.systemNodeGroup.labels);
      // A built-in class: Argo CD starts before the platform's PriorityClasses exist.
      expect((values.global as { priorityClassName?: string }).priorityClassName).toBe('system-cluster-critical');
    });
  }

  it('renders no placeholder text anywhere in dist/ or argocd/', () => {
    const placeholder = /YOUR_[A-Z_]+|CHANGE_?ME|REPLACE_?ME|<(account|cluster|region|org|root|chart)[^>]*>|example\.com/i;
    for (const file of [...filesOnDisk('dist'), ...filesOnDisk('argocd')]) {
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), file).not.toMatch(placeholder);
    }
  });

  it('gives README commands with real values: no <placeholder> outside comments', () => {
    for (const file of ['README.md', 'terraform/README.md']) {
      // Every fenced block in order (any language), then only the shell ones.
      const fenced = [...fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/```([a-z]*)\n([\s\S]*?)```/g)];
      const blocks = fenced.filter((m) => ['', 'sh', 'bash'].includes(m[1])).map((m) => m[2]);
      const commands = blocks.flatMap((b) => b.split('\n')).map((line) => line.replace(/#.*$/, ''));
      expect(commands.filter((c) => /<[a-z][^>]*>|YOUR_[A-Z_]+/i.test(c)), file).toEqual([]);
    }
  });

  it('tells environments apart: no file of one references another environment\'s folders', () => {
    for (const env of envs) {
      for (const other of envs.filter((o) => o !== env)) {
        for (const [file, text] of rendered(env)) expect(text.includes(`dist/${other.name}/`), file).toBe(false);
      }
    }
  });
});
